from django.apps import AppConfig


class RegulationsConfig(AppConfig):
    name = "zeren.regulations"
    label = "regulations"
    verbose_name = "法规"
    default_auto_field = "django.db.models.BigAutoField"
