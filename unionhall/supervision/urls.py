"""督办 pages: supervised tasks, the joint meeting's member departments, and a liaison's own page."""

from django.urls import path

from unionhall.supervision import department_views, views

app_name = "supervision"

urlpatterns = [
    path("tasks/", views.task_list, name="tasks"),
    path("tasks/export/", views.task_export, name="tasks_export"),
    path("tasks/new/", views.task_create, name="task_create"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    path("tasks/<int:pk>/files/<int:file_pk>/", views.task_file, name="task_file"),
    path("tasks/<int:pk>/<slug:name>/", views.task_step, name="task_step"),
    path("departments/", department_views.department_list, name="departments"),
    path("departments/export/", department_views.department_export, name="departments_export"),
    path("departments/new/", department_views.department_create, name="department_create"),
    path("departments/<int:pk>/", department_views.department_detail, name="department"),
    path("departments/<int:pk>/liaisons/new/", department_views.liaison_add, name="liaison_add"),
    path("liaisons/<int:pk>/edit/", department_views.liaison_edit, name="liaison_edit"),
    path("liaisons/<int:pk>/remove/", department_views.liaison_remove, name="liaison_remove"),
    path("my-department/", department_views.liaison_home, name="liaison_home"),
]
