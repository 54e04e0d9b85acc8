"""Pages of the ten_services app (十送); the authorization test walks every route listed here."""

from django.urls import path

from unionhall.ten_services import views

app_name = "ten_services"
urlpatterns = [
    path("", views.delivery_list, name="list"),
    path("export.xlsx", views.delivery_export, name="export"),
    path("new/", views.delivery_create, name="create"),
    path("<int:pk>/", views.delivery_detail, name="detail"),
    path("<int:pk>/edit/", views.delivery_edit, name="edit"),
    path("rollup/", views.rollup, name="rollup"),
    path("rollup/<int:pk>/", views.rollup_node, name="rollup_node"),
]
