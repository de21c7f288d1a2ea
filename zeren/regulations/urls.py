from django.urls import path

from . import views

app_name = "regulations"

urlpatterns = [
    path("", views.regulation_list, name="list"),
    path("<slug:slug>/", views.regulation_detail, name="detail"),
    path("<slug:slug>/v<int:number>/", views.regulation_detail, name="version"),
]
