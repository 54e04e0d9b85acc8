"""维权：案件与热线工单、时限与督办、四个第一人预警、双向维权。"""

from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "unionhall.rights"
    label = "rights"
    verbose_name = "维权"
    # The home page's 待办 panel asks this function what waits for a user here.
    todo = "unionhall.rights.todo.todo"
