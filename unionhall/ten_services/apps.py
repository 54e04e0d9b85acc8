"""至诚服务十送工程：服务台账，按类别和单位汇总。"""

from django.apps import AppConfig


class TenServicesConfig(AppConfig):
    name = "unionhall.ten_services"
    label = "ten_services"
    verbose_name = "十送"
