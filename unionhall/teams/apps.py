"""班组成本管理：基层工会的班组，各班组按月、按成本项目的目标与实际成本，节约额与节约率，采纳建议数，班组排名。"""

from django.apps import AppConfig

from unionhall.core.plugs import Plugs


class TeamsConfig(Plugs, AppConfig):
    name = "unionhall.teams"
    label = "teams"
    verbose_name = "班组成本管理"
    # Actual costs come in from Excel through the imports registry.
    plugs = ("import_kind",)
    # The home page's 待办 panel asks this function what waits for a user here.
    todo = "unionhall.teams.todo.todo"
