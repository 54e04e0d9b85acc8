"""包片·定点·管线：谁为哪个单位的哪条线负责，干部的定点走访。"""

from django.apps import AppConfig

from unionhall.core.plugs import Plugs


class ResponsibilityConfig(Plugs, AppConfig):
    name = "unionhall.responsibility"
    label = "responsibility"
    verbose_name = "包片定点"
    # The home page's 待办 panel asks this function what waits for a user here.
    todo = "unionhall.responsibility.todo.todo"
    # A visit's problem may become a 督办 task: its source kind is registered with supervision.
    plugs = ("sources",)
