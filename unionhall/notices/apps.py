"""公示：公示期、公示异议与公示名单，供帮扶、评先评优、创新等模块共用。"""

from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "unionhall.notices"
    label = "notices"
    verbose_name = "公示"
