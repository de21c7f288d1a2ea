from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "zeren.org"
    label = "org"
    verbose_name = "机构与人员"
    default_auto_field = "django.db.models.BigAutoField"
