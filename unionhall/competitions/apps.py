"""劳动竞赛：主办单位、指标与权重、阶段、参赛单位，成绩的填报与核定，实时排名与表彰。"""

from django.apps import AppConfig

from unionhall.core.plugs import Plugs


class CompetitionsConfig(Plugs, AppConfig):
    name = "unionhall.competitions"
    label = "competitions"
    verbose_name = "劳动竞赛"
    # Results come in from Excel through the imports registry.
    plugs = ("import_kind",)
    # The home page's 待办 panel asks this function what waits for a user here.
    todo = "unionhall.competitions.todo.todo"
