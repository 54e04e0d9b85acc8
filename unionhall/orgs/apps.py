from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "unionhall.orgs"
    label = "orgs"
    verbose_name = "组织"
