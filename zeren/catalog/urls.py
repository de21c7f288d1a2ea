from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("kinds/<slug:code>/", views.kind_detail, name="kind"),
    path("sectors/<slug:code>/", views.sector_detail, name="sector"),
    path("roles/<slug:code>/", views.role_detail, name="role"),
    path("coverage/", views.coverage, name="coverage"),
]
