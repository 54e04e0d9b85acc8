"""职工端·我的帮扶：职工用手机验证码登录，申请帮扶、查看档案进度、救助款和帮扶卡。"""

from django.apps import AppConfig


class WorkerPortalConfig(AppConfig):
    name = "unionhall.worker_portal"
    label = "worker_portal"
    verbose_name = "职工端"
    # No nav.py: the console lists entries by capability, and a worker holds none; workers land on /me/.
