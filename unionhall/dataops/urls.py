"""The data officer's pages; the authorization test walks every route listed here."""

from django.urls import path

from unionhall.dataops import views

app_name = "dataops"
urlpatterns = [
    path("retention/", views.retention_edit, name="retention"),
]
