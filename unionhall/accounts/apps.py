from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "unionhall.accounts"
    label = "accounts"
    verbose_name = "账户"

    def ready(self) -> None:
        from unionhall.accounts import signals  # noqa: F401  (connects the receivers)
