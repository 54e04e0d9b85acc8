"""岗位承诺卡：干部每年公开的工作岗位承诺（六多六少、六不六要与本人承诺），基层工会按季度评价。"""

from django.apps import AppConfig


class CommitmentsConfig(AppConfig):
    name = "unionhall.commitments"
    label = "commitments"
    verbose_name = "岗位承诺卡"
    # The home page's 待办 panel asks this function what waits for a user here.
    todo = "unionhall.commitments.todo.todo"
