"""帮扶资金：资金、预算下拨与只增不改的分账（通用账本：救助支出在 assistance，今后的奖金也复用这里）。"""

from django.apps import AppConfig


class FundsConfig(AppConfig):
    name = "unionhall.funds"
    label = "funds"
    verbose_name = "帮扶资金"
