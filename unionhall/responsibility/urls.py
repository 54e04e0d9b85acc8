from django.urls import path

from unionhall.responsibility import views

app_name = "responsibility"
urlpatterns = [
    path("", views.responsibility_map, name="map"),
    path("export.xlsx", views.responsibility_map_export, name="map_export"),
    path("me/", views.mine, name="mine"),
    path("cadres/<int:pk>/", views.cadre, name="cadre"),
    path("assignments/new/", views.assignment_new, name="assignment_new"),
    path("assignments/<int:pk>/", views.assignment, name="assignment"),
    path("assignments/<int:pk>/edit/", views.assignment_edit, name="assignment_edit"),
    path("assignments/<int:pk>/end/", views.assignment_end, name="assignment_end"),
    path("assignments/<int:pk>/visits/new/", views.visit_new, name="visit_new"),
    path("visits/", views.visit_list, name="visits"),
    path("visits/export.xlsx", views.visit_export, name="visits_export"),
    path("visits/<int:pk>/", views.visit, name="visit"),
    path("problems/<int:pk>/close/", views.problem_close, name="problem_close"),
    path("overdue/", views.overdue_list, name="overdue"),
    path("overdue/export.xlsx", views.overdue_export, name="overdue_export"),
    path("lines/", views.lines, name="lines"),
    path("lines/<int:pk>/", views.line_edit, name="line_edit"),
]
