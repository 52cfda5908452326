"""Camp pages under /camps/."""

from django.urls import path

app_name = "camps"

urlpatterns: list = []
