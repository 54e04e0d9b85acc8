"""Pages of the assistance app; the authorization test walks every route listed here."""

from django.urls import path

from unionhall.assistance import views

app_name = "assistance"
urlpatterns = [
    path("", views.archive_list, name="archive_list"),
    path("export.xlsx", views.archive_export, name="archive_export"),
    path("new/", views.archive_create, name="archive_create"),
    path("overdue/", views.overdue, name="overdue"),
    path("settings/", views.settings_edit, name="settings"),
    path("<int:pk>/", views.archive_detail, name="archive_detail"),
    path("<int:pk>/edit/", views.archive_edit, name="archive_edit"),
    path("<int:pk>/reveal/", views.archive_reveal, name="archive_reveal"),
    path("<int:pk>/category/", views.archive_category, name="archive_category"),
    path("<int:pk>/do/<slug:name>/", views.archive_transition, name="archive_transition"),
    path("<int:pk>/members/add/", views.member_add, name="member_add"),
    path("members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("<int:pk>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("<int:pk>/visits/", views.visit_add, name="visit_add"),
    path("<int:pk>/objections/", views.objection_add, name="objection_add"),
    path("objections/<int:pk>/resolve/", views.objection_resolve, name="objection_resolve"),
]
