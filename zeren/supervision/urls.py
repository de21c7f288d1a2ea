from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("new/", views.plan_new, name="new"),
    path("inbox/", views.inbox, name="inbox"),
    path("<int:plan_id>/", views.plan_detail, name="plan"),
    path("<int:plan_id>/status/", views.plan_status, name="plan_status"),
    path("<int:plan_id>/targets/", views.plan_add_target, name="add_target"),
    path("<int:plan_id>/members/", views.plan_add_member, name="add_member"),
    path("<int:plan_id>/report.docx", views.plan_report, name="report"),
    path("<int:plan_id>/chart.svg", views.plan_chart, name="chart"),
    path("targets/<int:target_id>/", views.target_detail, name="target"),
    path("targets/<int:target_id>/print/", views.target_print, name="target_print"),
    path("targets/<int:target_id>/findings/", views.finding_new, name="finding_new"),
    path("items/<int:item_id>/mark/", views.item_mark, name="mark"),
    path("items/<int:item_id>/file/", views.item_file, name="item_file"),
    path("reports/<int:report_id>/file/", views.report_file, name="report_file"),
    path("findings/<int:finding_id>/", views.finding_detail, name="finding"),
    path("findings/<int:finding_id>/report/", views.finding_report, name="finding_report"),
    path("findings/<int:finding_id>/verify/", views.finding_verify, name="finding_verify"),
    path("findings/<int:finding_id>/reject/", views.finding_reject, name="finding_reject"),
    path("findings/<int:finding_id>/case/", views.finding_open_case, name="finding_case"),
]
