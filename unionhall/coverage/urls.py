from django.urls import path

from unionhall.coverage import views

app_name = "coverage"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("<int:pk>/", views.node, name="node"),
    path("<int:pk>/export.xlsx", views.node_export, name="node_export"),
    path("<int:pk>/tasks/generate/", views.task_generate, name="tasks_generate"),
    path("sync/", views.sync_list, name="sync"),
    path("sync/export.xlsx", views.sync_export, name="sync_export"),
    path("elections/", views.election_list, name="elections"),
    path("elections/export.xlsx", views.election_export, name="elections_export"),
    path("tasks/", views.task_list, name="tasks"),
    path("tasks/export.xlsx", views.task_export, name="tasks_export"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    path("tasks/<int:pk>/close/", views.task_close, name="task_close"),
    path("tasks/<int:pk>/assign/", views.task_assign, name="task_assign"),
    path("settings/", views.settings_edit, name="settings"),
]
