"""通知：站内消息，以及可插拔的短信、电子邮件通道（默认写入日志）。"""

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "unionhall.notifications"
    label = "notifications"
    verbose_name = "通知"
