from django.apps import AppConfig

from unionhall.core.plugs import Plugs


class OrgsConfig(Plugs, AppConfig):
    name = "unionhall.orgs"
    label = "orgs"
    verbose_name = "组织"
    plugs = ("import_kind",)
