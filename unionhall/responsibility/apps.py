"""包片·定点·管线：谁为哪个单位的哪条线负责，干部的定点走访。"""

from django.apps import AppConfig


class ResponsibilityConfig(AppConfig):
    name = "unionhall.responsibility"
    label = "responsibility"
    verbose_name = "包片定点"
    # The home page's 待办 panel asks this function what waits for a user here.
    todo = "unionhall.responsibility.todo.todo"
