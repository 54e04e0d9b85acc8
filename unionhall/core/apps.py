from django.apps import AppConfig
from django.core.checks import Tags, register


class CoreConfig(AppConfig):
    name = "unionhall.core"
    label = "core"
    verbose_name = "核心"

    def ready(self) -> None:
        from unionhall.core.checks import production_is_not_relaxed

        register(production_is_not_relaxed, Tags.security)
