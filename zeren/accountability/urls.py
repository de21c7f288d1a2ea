from django.urls import path

from . import views

app_name = "accountability"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_new, name="new"),
    path("interference/new/", views.interference_new, name="interference_new"),
    path("from-accident/<int:accident_id>/", views.open_from_accident, name="open_from_accident"),
    path("from-finding/<int:finding_id>/", views.open_from_finding, name="open_from_finding"),
    path("<int:case_id>/", views.case_detail, name="detail"),
    path("<int:case_id>/possible/<slug:post>/promote/", views.promote_possible, name="promote_possible"),
    path("<int:case_id>/possible/<slug:post>/withdraw/", views.withdraw_possible, name="withdraw_possible"),
    path("subjects/<int:subject_id>/facts/", views.subject_facts, name="subject_facts"),
    path("subjects/<int:subject_id>/decisions/", views.subject_decide, name="subject_decide"),
    path("eligibility/<slug:code>/", views.eligibility_page, name="eligibility"),
]
