from django.urls import path

from unionhall.innovation import reward_views, studio_views, views

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
    # innovation studios (劳模和工匠人才创新工作室, studio_views.py)
    path("studios/", studio_views.studio_list, name="studios"),
    path("studios/export.xlsx", studio_views.studio_export, name="studio_export"),
    path("studios/new/", studio_views.studio_create, name="studio_create"),
    path("studios/<int:pk>/", studio_views.studio_detail, name="studio"),
    path("studios/<int:pk>/edit/", studio_views.studio_edit, name="studio_edit"),
    path("studios/<int:pk>/link/", studio_views.studio_link, name="studio_link"),
    path("studios/<int:pk>/unlink/<slug:kind>/<int:ref>/", studio_views.studio_unlink, name="studio_unlink"),
    path("studios/<int:pk>/review/", studio_views.studio_review, name="studio_review"),
    path("studios/<int:pk>/reviews/<int:file_pk>/", studio_views.studio_review_file, name="studio_review_file"),
    path("studios/<int:pk>/step/<slug:name>/", studio_views.studio_step, name="studio_step"),
]
