"""Camp pages under /camps/."""

from django.urls import path

from camps import pages, views

app_name = "camps"

urlpatterns: list = [
    path("", views.camp_list, name="list"),
    path("new/", views.camp_create, name="create"),
    path("<slug:slug>/", pages.detail, name="detail"),
    path("<slug:slug>/report.<str:fmt>/", pages.report, name="report"),
    path("<slug:slug>/edit/", views.camp_edit, name="edit"),
    path("<slug:slug>/participants/", views.participants, name="participants"),
    path(
        "<slug:slug>/participants/<int:pk>/",
        views.participant_update,
        name="participant-update",
    ),
    path("<slug:slug>/import/", views.camp_import, name="import"),
    path("<slug:slug>/import/template.csv", views.import_template, name="import-template"),
]
