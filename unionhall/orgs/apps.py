from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "unionhall.orgs"
    label = "orgs"
    verbose_name = "组织"
    # (order, label, url name, capability): the shell shows an entry to users holding the capability.
    nav = [(10, "组织", "orgs:tree", "org.view"), (20, "用人单位", "orgs:employers", "employer.view")]

    def ready(self) -> None:
        from unionhall.orgs import import_kind

        import_kind.register()
