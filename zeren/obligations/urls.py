from django.urls import path

from . import views

app_name = "obligations"

urlpatterns = [
    path("", views.my_items, name="mine"),
    path("overview/", views.overview, name="overview"),
    path("inbox/", views.inbox, name="inbox"),
    path("feed/", views.feed_tokens, name="feed"),
    path("feed/<int:token_id>/revoke/", views.revoke_feed, name="revoke_feed"),
    path("ical/<str:token>.ics", views.ical_feed, name="ical"),
    path("posts/<slug:code>/", views.post_items, name="post"),
    path("units/<slug:code>/", views.unit_items, name="unit"),
    path("evidence/<int:evidence_id>/download/", views.download_evidence, name="download"),
    path("<int:occurrence_id>/", views.occurrence_detail, name="detail"),
    path("<int:occurrence_id>/meeting/", views.record_meeting, name="meeting"),
    path("<int:occurrence_id>/file/", views.attach_file, name="file"),
    path("<int:occurrence_id>/complete/", views.complete, name="complete"),
    path("<int:occurrence_id>/waive/", views.waive, name="waive"),
]
