from django.apps import AppConfig


class AccidentsConfig(AppConfig):
    name = "zeren.accidents"
    label = "accidents"
    verbose_name = "生产安全事故"
    default_auto_field = "django.db.models.BigAutoField"
