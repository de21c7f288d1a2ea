from django.urls import path

from . import views

app_name = "duties"

urlpatterns = [
    path("", views.portal, name="portal"),
    path("posts/<slug:code>/", views.post_lists, name="post"),
    path("posts/<slug:code>/drafts/", views.post_build_draft, name="post_build_draft"),
    path("orgs/<slug:code>/", views.organisation_lists, name="organisation"),
    path("orgs/<slug:code>/drafts/", views.organisation_build_draft, name="organisation_build_draft"),
    path("<int:list_id>/", views.list_detail, name="detail"),
    path("<int:list_id>/publish/", views.list_publish, name="publish"),
    path("<int:list_id>/export.docx", views.export_docx, name="export_docx"),
    path("<int:list_id>/export.pdf", views.export_pdf, name="export_pdf"),
]
