"""至诚服务十送工程：服务台账，按类别和单位汇总。"""

from django.apps import AppConfig


class DeliveriesConfig(AppConfig):
    name = "unionhall.deliveries"
    label = "deliveries"
    verbose_name = "十送"
