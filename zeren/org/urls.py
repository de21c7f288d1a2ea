from django.urls import path

from . import views

app_name = "org"

urlpatterns = [
    path("", views.unit_tree, name="tree"),
    path("units/<slug:code>/", views.unit_detail, name="unit"),
    path("units/<slug:code>/portfolios/", views.unit_portfolios, name="unit_portfolios"),
    path("posts/<slug:code>/", views.post_detail, name="post"),
    path("posts/<slug:code>/portfolios/", views.post_add_portfolio, name="post_add_portfolio"),
    path("portfolios/<int:portfolio_id>/end/", views.portfolio_end, name="portfolio_end"),
    path("people/<slug:code>/", views.person_detail, name="person"),
    path("reorganisations/", views.reorganisations, name="reorganisations"),
    path("checks/", views.org_checks, name="checks"),
]
