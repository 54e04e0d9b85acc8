"""Online joining, mounted at /join/: the worker's public pages first, then the union's review pages."""

from django.urls import path

from unionhall.joining import views

app_name = "joining"
urlpatterns = [
    path("", views.join, name="join"),
    path("employers/", views.employers, name="employers"),
    path("done/", views.done, name="done"),
    path("status/", views.status, name="status"),
    path("applications/", views.applications, name="applications"),
    path("applications/<int:pk>/", views.application, name="application"),
    path("applications/<int:pk>/approve/", views.approve, name="approve"),
    path("applications/<int:pk>/reject/", views.reject, name="reject"),
]
