"""Pages of the cards app; the authorization test walks every route listed here."""

from django.urls import path  # noqa: F401  (the pages arrive with the issue-5 work)

app_name = "cards"
urlpatterns: list = []
