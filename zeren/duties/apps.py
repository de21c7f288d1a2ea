from django.apps import AppConfig


class DutiesConfig(AppConfig):
    name = "zeren.duties"
    label = "duties"
    verbose_name = "责任清单"
    default_auto_field = "django.db.models.BigAutoField"
