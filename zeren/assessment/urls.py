from django.urls import path

from . import views, views_exports, views_funds, views_letters, views_ratings, views_whatif

app_name = "assessment"
urlpatterns = [
    path("", views.run_list, name="list"),
    path("run/", views.run_new, name="run"),
    path("<int:run_id>/", views.run_detail, name="detail"),
    path("<int:run_id>/publish/", views.run_publish, name="publish"),
    path("<int:run_id>/public/", views.public_results, name="public"),
    path("<int:run_id>/whatif/", views_whatif.run_whatif, name="whatif"),
    path("<int:run_id>/workbook.xlsx", views_exports.workbook, name="workbook"),
    path("<int:run_id>/public/notice.xlsx", views_exports.notice_xlsx, name="notice_xlsx"),
    path("<int:run_id>/public/notice.docx", views_exports.notice_docx, name="notice_docx"),
    path("<int:run_id>/amend/", views_funds.amend_run, name="amend"),
    path("<int:run_id>/plans/", views_funds.plan_list, name="plans"),
    path("<int:run_id>/plans/<str:unit_code>/<str:kind>/", views_funds.plan_form, name="plan"),
    path("ledger/", views_funds.ledger, name="ledger"),
    path("enterprise-awards/", views_funds.enterprise_awards, name="enterprise_awards"),
    path("<int:run_id>/ratings/", views_ratings.ratings_page, name="ratings"),
    path("<int:run_id>/ratings.xlsx", views_ratings.ratings_xlsx, name="ratings_xlsx"),
    path("letters/", views_letters.letter_list, name="letters"),
    path("letters/generate/", views_letters.letter_generate, name="letters_generate"),
    path("letters/<int:letter_id>/", views_letters.letter_detail, name="letter"),
    path("letters/<int:letter_id>/targets/", views_letters.letter_targets, name="letter_targets"),
    path("letters/<int:letter_id>/sign/", views_letters.letter_sign, name="letter_sign"),
    path("letters/<int:letter_id>/letter.docx", views_letters.letter_docx, name="letter_docx"),
    path("letters/<int:letter_id>/signed-copy/", views_letters.letter_copy, name="letter_copy"),
]
