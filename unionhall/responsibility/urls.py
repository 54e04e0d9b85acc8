from django.urls import path

from unionhall.responsibility import assignment_views, line_views, views, visit_views

app_name = "responsibility"
urlpatterns = [
    path("", views.responsibility_map, name="map"),
    path("export.xlsx", views.responsibility_map_export, name="map_export"),
    path("me/", views.mine, name="mine"),
    path("cadres/<int:pk>/", views.cadre, name="cadre"),
    path("assignments/new/", assignment_views.assignment_new, name="assignment_new"),
    path("assignments/<int:pk>/", assignment_views.assignment, name="assignment"),
    path("assignments/<int:pk>/edit/", assignment_views.assignment_edit, name="assignment_edit"),
    path("assignments/<int:pk>/end/", assignment_views.assignment_end, name="assignment_end"),
    path("assignments/<int:pk>/visits/new/", visit_views.visit_new, name="visit_new"),
    path("visits/", visit_views.visit_list, name="visits"),
    path("visits/export.xlsx", visit_views.visit_export, name="visits_export"),
    path("visits/<int:pk>/", visit_views.visit, name="visit"),
    path("problems/<int:pk>/close/", visit_views.problem_close, name="problem_close"),
    path("problems/<int:pk>/supervise/", visit_views.problem_supervise, name="problem_supervise"),
    path("overdue/", visit_views.overdue_list, name="overdue"),
    path("overdue/export.xlsx", visit_views.overdue_export, name="overdue_export"),
    path("lines/", line_views.lines, name="lines"),
    path("lines/<int:pk>/", line_views.line_edit, name="line_edit"),
]
