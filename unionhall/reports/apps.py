"""帮扶报表：资金、受益户、档案、卡券与十送按组织树汇总，可下钻、导出，并打印审批表与公示名单；维权统计。"""

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "unionhall.reports"
    label = "reports"
    verbose_name = "帮扶报表"
