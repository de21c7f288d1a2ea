from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "zeren.web"
    label = "web"
    verbose_name = "界面"
