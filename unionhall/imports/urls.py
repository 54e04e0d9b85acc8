from django.urls import path

from unionhall.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("new/", views.job_new, name="new"),
    path("template/<str:kind>.xlsx", views.template, name="template"),
    path("<int:pk>/", views.job_detail, name="job"),
    path("<int:pk>/mapping/", views.job_map, name="map"),
    path("<int:pk>/progress/", views.job_progress, name="progress"),
    path("<int:pk>/commit/", views.job_commit, name="commit"),
    path("<int:pk>/discard/", views.job_discard, name="discard"),
    path("<int:pk>/errors.xlsx", views.job_errors, name="errors"),
]
