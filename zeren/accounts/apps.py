from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "zeren.accounts"
    label = "accounts"
    verbose_name = "账户与权限"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the deployment checks
