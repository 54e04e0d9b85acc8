"""网上入会：职工在手机上申请入会，工会审核（/join/）。"""

from django.apps import AppConfig

from unionhall.core.plugs import Plugs


class JoiningConfig(Plugs, AppConfig):
    name = "unionhall.joining"
    label = "joining"
    verbose_name = "网上入会"
    todo = "unionhall.joining.todo.todo"
    plugs = ("hooks",)
