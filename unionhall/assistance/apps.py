"""帮扶：困难职工档案（一户一档）、帮扶项目与城市标准。"""

from django.apps import AppConfig


class AssistanceConfig(AppConfig):
    name = "unionhall.assistance"
    label = "assistance"
    verbose_name = "帮扶"
    # The home page's 待办 panel asks this function what waits for a user here.
    todo = "unionhall.assistance.todo.todo"

    def ready(self) -> None:
        from unionhall.assistance import notice  # noqa: F401  (registers the archive's 公示名单)
