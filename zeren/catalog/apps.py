from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "zeren.catalog"
    label = "catalog"
    verbose_name = "政策包目录"
    default_auto_field = "django.db.models.BigAutoField"
