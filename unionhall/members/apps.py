from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "unionhall.members"
    label = "members"
    verbose_name = "会员"
    todo = "unionhall.members.todo.todo"

    def ready(self) -> None:
        from unionhall.members import collation, hooks, import_kind

        hooks.register()
        import_kind.register()
        collation.register()
