from django.urls import include, path

from contributors import views

urlpatterns = [
    path("people/", views.search, name="people-search"),
    path("people/<slug:slug>/", views.person, name="person"),
    path("mentor/", views.mentor_dashboard, name="mentor-dashboard"),
    path("camps/", include("contributors.camps.urls")),
]
