from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "unionhall.orgs"
    label = "orgs"
    verbose_name = "组织"

    def ready(self) -> None:
        from unionhall.orgs import import_kind

        import_kind.register()
