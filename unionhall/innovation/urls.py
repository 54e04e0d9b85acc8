from django.urls import path

from unionhall.innovation import views

app_name = "innovation"
urlpatterns = [
    path("", views.submission_list, name="list"),
    path("export.xlsx", views.submission_export, name="export"),
    path("new/", views.submission_create, name="create"),
    path("<int:pk>/", views.submission_detail, name="submission"),
    path("<int:pk>/evidence/<int:file_pk>/", views.evidence_file, name="evidence"),
    path("<int:pk>/<slug:name>/", views.submission_step, name="step"),
    path("patents/", views.patent_list, name="patents"),
    path("patents/new/", views.patent_create, name="patent_create"),
]
