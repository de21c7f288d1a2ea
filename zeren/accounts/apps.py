from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "zeren.accounts"
    label = "accounts"
    verbose_name = "账户与权限"
    default_auto_field = "django.db.models.BigAutoField"
