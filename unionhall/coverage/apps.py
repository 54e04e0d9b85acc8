"""全面覆盖：建会率、入会率、行政村建会、三同步与建会任务。"""

from django.apps import AppConfig


class CoverageConfig(AppConfig):
    name = "unionhall.coverage"
    label = "coverage"
    verbose_name = "覆盖"
