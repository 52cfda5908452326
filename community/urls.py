"""The community's pages under /community/."""

from django.urls import path

from community import views

app_name = "community"

urlpatterns = [
    path("", views.community_page, name="figures"),
    path("refresh/", views.refresh_figures, name="refresh"),
    path("sponsorship/", views.ledger_page, name="ledger"),
    path("sponsorship/new/", views.expense_new, name="expense-new"),
    path("sponsorship/<int:pk>/edit/", views.expense_edit, name="expense-edit"),
]
