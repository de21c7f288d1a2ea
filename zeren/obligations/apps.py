from django.apps import AppConfig


class ObligationsConfig(AppConfig):
    name = "zeren.obligations"
    label = "obligations"
    verbose_name = "履职事项"
    default_auto_field = "django.db.models.BigAutoField"
