from django.apps import AppConfig

from unionhall.core.plugs import Plugs


class CoreConfig(Plugs, AppConfig):
    name = "unionhall.core"
    label = "core"
    verbose_name = "核心"
    plugs = ("checks",)
