from django.urls import path

from .views import exports, funds, letters, ratings, runs, whatif

app_name = "assessment"
urlpatterns = [
    path("", runs.run_list, name="list"),
    path("run/", runs.run_new, name="run"),
    path("<int:run_id>/", runs.run_detail, name="detail"),
    path("<int:run_id>/publish/", runs.run_publish, name="publish"),
    path("<int:run_id>/public/", runs.public_results, name="public"),
    path("<int:run_id>/whatif/", whatif.run_whatif, name="whatif"),
    path("<int:run_id>/workbook.xlsx", exports.workbook, name="workbook"),
    path("<int:run_id>/public/notice.xlsx", exports.notice_xlsx, name="notice_xlsx"),
    path("<int:run_id>/public/notice.docx", exports.notice_docx, name="notice_docx"),
    path("<int:run_id>/amend/", funds.amend_run, name="amend"),
    path("<int:run_id>/plans/", funds.plan_list, name="plans"),
    path("<int:run_id>/plans/<str:unit_code>/<str:kind>/", funds.plan_form, name="plan"),
    path("ledger/", funds.ledger, name="ledger"),
    path("enterprise-awards/", funds.enterprise_awards, name="enterprise_awards"),
    path("<int:run_id>/ratings/", ratings.ratings_page, name="ratings"),
    path("<int:run_id>/ratings.xlsx", ratings.ratings_xlsx, name="ratings_xlsx"),
    path("letters/", letters.letter_list, name="letters"),
    path("letters/generate/", letters.letter_generate, name="letters_generate"),
    path("letters/<int:letter_id>/", letters.letter_detail, name="letter"),
    path("letters/<int:letter_id>/targets/", letters.letter_targets, name="letter_targets"),
    path("letters/<int:letter_id>/sign/", letters.letter_sign, name="letter_sign"),
    path("letters/<int:letter_id>/letter.docx", letters.letter_docx, name="letter_docx"),
    path("letters/<int:letter_id>/signed-copy/", letters.letter_copy, name="letter_copy"),
]
