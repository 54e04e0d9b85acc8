"""督办：有期限的督办事项（各模块共用）与联席会议成员单位名录。"""

from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "unionhall.supervision"
    label = "supervision"
    verbose_name = "督办"
    # The home page's 待办 panel asks this function what waits for a user here.
    todo = "unionhall.supervision.todo.todo"
