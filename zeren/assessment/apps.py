from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "zeren.assessment"
    label = "assessment"
    verbose_name = "年度目标考核"
    default_auto_field = "django.db.models.BigAutoField"
