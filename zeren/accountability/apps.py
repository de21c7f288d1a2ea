from django.apps import AppConfig


class AccountabilityConfig(AppConfig):
    name = "zeren.accountability"
    label = "accountability"
    verbose_name = "问责"
    default_auto_field = "django.db.models.BigAutoField"
