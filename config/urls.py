from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from zeren.accounts.forms import ZerenLoginForm
from zeren.api import api
from zeren.web import views as web_views

admin.site.site_header = admin.site.site_title = "责任 · 管理后台"
admin.site.index_title = "管理后台"
admin.site.index_template = "web/admin/index.html"  # says what an account with no tables here can do

handler400 = "zeren.web.errors.bad_request"
handler403 = "zeren.web.errors.permission_denied"
handler404 = "zeren.web.errors.page_not_found"
handler500 = "zeren.web.errors.server_error"

urlpatterns = [
    path("", web_views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(authentication_form=ZerenLoginForm), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("regulations/", include("zeren.regulations.urls")),
    path("catalog/", include("zeren.catalog.urls")),
    path("org/", include("zeren.org.urls")),
    path("audit/", include("zeren.audit.urls")),
    path("lists/", include("zeren.duties.urls")),
    path("obligations/", include("zeren.obligations.urls")),
    path("accidents/", include("zeren.accidents.urls")),
    path("cases/", include("zeren.accountability.urls")),
    path("supervision/", include("zeren.supervision.urls")),
    path("assessment/", include("zeren.assessment.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
