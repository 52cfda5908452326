from django.urls import path

from contributors import views

urlpatterns = [
    path("people/", views.search, name="people-search"),
    path("people/<slug:slug>/", views.person, name="person"),
    path("people/<slug:slug>/notes/", views.add_note, name="check-in-note-add"),
    path(
        "people/<slug:slug>/notes/<int:pk>/delete/",
        views.delete_note,
        name="check-in-note-delete",
    ),
    path("mentor/", views.mentor_dashboard, name="mentor-dashboard"),
]
