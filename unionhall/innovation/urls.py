from django.urls import path

from unionhall.innovation import reward_views, views

app_name = "innovation"
urlpatterns = [
    path("", views.submission_list, name="list"),
    path("export.xlsx", views.submission_export, name="export"),
    path("new/", views.submission_create, name="create"),
    path("<int:pk>/", views.submission_detail, name="submission"),
    path("<int:pk>/evidence/<int:file_pk>/", views.evidence_file, name="evidence"),
    path("<int:pk>/reward/", reward_views.reward_propose, name="reward_propose"),
    path("<int:pk>/<slug:name>/", views.submission_step, name="step"),
    path("rewards/", reward_views.reward_list, name="rewards"),
    path("rewards/export.xlsx", reward_views.reward_export, name="reward_export"),
    path("rewards/rules/", reward_views.reward_rules, name="reward_rules"),
    path("rewards/rules/<int:rule_pk>/", reward_views.reward_rules, name="reward_rule"),
    path("rewards/settings/", reward_views.reward_settings, name="reward_settings"),
    path("rewards/<int:pk>/", reward_views.reward_detail, name="reward"),
    path("rewards/<int:pk>/<slug:name>/", reward_views.reward_step, name="reward_step"),
    path("patents/", views.patent_list, name="patents"),
    path("patents/new/", views.patent_create, name="patent_create"),
]
