"""职工端：网上入会等面向职工的移动页面。"""

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "unionhall.portal"
    label = "portal"
    verbose_name = "职工端"
    todo = "unionhall.portal.todo.todo"

    def ready(self) -> None:
        from unionhall.portal import hooks

        hooks.register()
