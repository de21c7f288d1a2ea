from django.urls import path

from . import views

app_name = "accidents"

urlpatterns = [
    path("", views.accident_list, name="list"),
    path("new/", views.accident_new, name="new"),
    path("<int:accident_id>/", views.accident_detail, name="detail"),
    path("<int:accident_id>/revisions/", views.accident_revise, name="revise"),
    path("<int:accident_id>/steps/", views.accident_add_step, name="add_step"),
    path("<int:accident_id>/findings/", views.accident_add_finding, name="add_finding"),
    path("<int:accident_id>/involved/", views.accident_set_involved, name="set_involved"),
]
