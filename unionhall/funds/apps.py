"""帮扶资金：资金、预算下拨、支付审批与只增不改的分账。"""

from django.apps import AppConfig


class FundsConfig(AppConfig):
    name = "unionhall.funds"
    label = "funds"
    verbose_name = "帮扶资金"
    # The home page's 待办 panel asks this function what waits for a user here.
    todo = "unionhall.funds.todo.todo"
