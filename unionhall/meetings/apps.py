"""联席会议：政府与工会联席会议，由数据生成的议题、会议纪要与作为督办事项的决议。"""

from django.apps import AppConfig

from unionhall.core.plugs import Plugs


class MeetingsConfig(Plugs, AppConfig):
    name = "unionhall.meetings"
    label = "meetings"
    verbose_name = "联席会议"
    # A resolution is a supervised task: its source kind is registered with supervision at start-up.
    plugs = ("task_source",)
    # The home page's 待办 panel asks this function what waits for a user here.
    todo = "unionhall.meetings.todo.todo"
