from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "unionhall.core"
    label = "core"
    verbose_name = "核心"
