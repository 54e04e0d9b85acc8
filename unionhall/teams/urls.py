"""班组成本管理 pages: the teams, one team, its forms, and the ranking rolled up the tree."""

from django.urls import path

from unionhall.teams import views

app_name = "teams"

urlpatterns = [
    path("", views.team_list, name="list"),
    path("export/", views.team_export, name="export"),
    path("new/", views.team_create, name="create"),
    path("ranking/", views.ranking, name="ranking"),
    path("ranking/<int:pk>/", views.ranking_node, name="ranking_node"),
    path("<int:pk>/", views.team_detail, name="team"),
    path("<int:pk>/edit/", views.team_edit, name="edit"),
    path("<int:pk>/targets/", views.team_targets, name="targets"),
    path("<int:pk>/actuals/", views.team_actuals, name="actuals"),
]
