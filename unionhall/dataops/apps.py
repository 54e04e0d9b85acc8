"""数据管理：保存期限与到期清理、个人信息密钥轮换、备份与恢复（系统管理员的工具）。"""

from django.apps import AppConfig

from unionhall.core.plugs import Plugs


class DataopsConfig(Plugs, AppConfig):
    name = "unionhall.dataops"
    label = "dataops"
    verbose_name = "数据管理"
    plugs = ("checks",)
