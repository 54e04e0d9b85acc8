from django.urls import path

from unionhall.orgs import picker_views, views

app_name = "orgs"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/children/", views.children, name="children"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/add/", views.add_child, name="add_child"),
    path("<int:pk>/move/", views.move, name="move"),
    path("<int:pk>/merge/", views.merge, name="merge"),
    path("<int:pk>/dissolve/", views.dissolve, name="dissolve"),
    path("<int:pk>/employers/new/", views.employer_create, name="employer_create"),
    path("pick/units/", picker_views.pick_units, name="pick_units"),
    path("pick/employers/", picker_views.pick_employers, name="pick_employers"),
    path("employers/", views.employer_list, name="employers"),
    path("employers/export.xlsx", views.employer_export, name="employer_export"),
    path("employers/<int:pk>/", views.employer_detail, name="employer"),
    path("employers/<int:pk>/edit/", views.employer_edit, name="employer_edit"),
]
