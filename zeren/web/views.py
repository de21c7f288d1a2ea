from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from zeren.regulations.selectors import regulations_with_current_version


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html", {"regulations": regulations_with_current_version()})
