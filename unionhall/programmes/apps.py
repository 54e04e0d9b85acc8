"""帮扶项目：市总配置的帮扶项目（资格规则与标准金额）和送温暖批量申请。

No models of its own: it keeps `assistance.Programme` and runs `funds.WarmthBatch`.
"""

from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "unionhall.programmes"
    label = "programmes"
    verbose_name = "帮扶项目"
