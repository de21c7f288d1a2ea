from django.urls import path

from . import views

app_name = "assessment"
urlpatterns = [
    path("", views.run_list, name="list"),
    path("run/", views.run_new, name="run"),
    path("<int:run_id>/", views.run_detail, name="detail"),
    path("<int:run_id>/publish/", views.run_publish, name="publish"),
    path("<int:run_id>/public/", views.public_results, name="public"),
]
