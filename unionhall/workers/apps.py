"""职工端·我的帮扶：职工用手机验证码登录，申请帮扶、查看档案进度、救助款和帮扶卡。"""

from django.apps import AppConfig


class WorkersConfig(AppConfig):
    name = "unionhall.workers"
    label = "workers"
    verbose_name = "职工服务"
    # No nav.py: the console lists entries by capability, and a worker holds none; workers land on /me/.
