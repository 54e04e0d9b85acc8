"""职工经济技术创新：五个一与五小成果的申报、评审、采纳、实施、创效核定，专利，以及相似申报提示。"""

from django.apps import AppConfig

from unionhall.core.plugs import Plugs


class InnovationConfig(Plugs, AppConfig):
    name = "unionhall.innovation"
    label = "innovation"
    verbose_name = "职工创新"
    # A submission goes before a review panel: its subject kind is registered with panels at start-up; a
    # studio's life (revoke, restore) is registered with the workflow kernel.
    plugs = ("panel_subject", "studio_workflow")
    # The home page's 待办 panel asks this function what waits for a user here.
    todo = "unionhall.innovation.todo.todo"
