"""Camp pages under /camps/."""

from django.urls import path

from contributors.camps import pages

app_name = "camps"

urlpatterns: list = [
    path("<slug:slug>/", pages.detail, name="detail"),
    path("<slug:slug>/report.<str:fmt>/", pages.report, name="report"),
]
