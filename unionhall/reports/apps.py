"""帮扶报表：资金、受益户、档案、卡券与十送按组织树汇总，可下钻、导出，并打印审批表与公示名单；维权统计。"""

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "unionhall.reports"
    label = "reports"
    verbose_name = "帮扶报表"
    # (order, label, url name, capability): the shell shows an entry to users holding the capability.
    # 维权统计 follows the rights pages (70–73).
    nav = [(66, "帮扶报表", "reports:dashboard", "assistance.view"), (74, "维权统计", "reports:rights", "rights.view")]
