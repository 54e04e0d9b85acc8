from django.apps import AppConfig

from unionhall.core.plugs import Plugs


class MembersConfig(Plugs, AppConfig):
    name = "unionhall.members"
    label = "members"
    verbose_name = "会员"
    todo = "unionhall.members.todo.todo"
    plugs = ("hooks", "import_kind", "collation")
