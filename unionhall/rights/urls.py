"""Pages of the rights app; the authorization test walks every route listed here."""

from django.urls import path

from unionhall.rights import risk_views, rule_views, views

app_name = "rights"
urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("export.xlsx", views.case_export, name="case_export"),
    path("new/", views.case_create, name="case_create"),
    path("overdue/", views.overdue, name="overdue"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/do/<slug:name>/", views.case_transition, name="case_transition"),
    path("<int:pk>/assign/", views.case_assign, name="case_assign"),
    path("<int:pk>/transfer/", views.case_transfer, name="case_transfer"),
    path("<int:pk>/share/", views.case_share, name="case_share"),
    path("<int:pk>/unshare/<int:share_pk>/", views.case_unshare, name="case_unshare"),
    path("<int:pk>/mediations/", views.mediation_add, name="mediation_add"),
    path("<int:pk>/legal-aid/", views.legal_aid, name="legal_aid"),
    path("<int:pk>/notes/", views.note_add, name="note_add"),
    path("<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("<int:pk>/rate/", views.case_rate, name="case_rate"),
    path("risks/", risk_views.risk_list, name="risk_list"),
    path("risks/new/", risk_views.risk_create, name="risk_create"),
    path("risks/export.xlsx", risk_views.risk_export, name="risk_export"),
    path("risks/agenda/", risk_views.risk_agenda, name="risk_agenda"),
    path("risks/<int:pk>/", risk_views.risk_detail, name="risk_detail"),
    path("risks/<int:pk>/acknowledge/", risk_views.risk_acknowledge, name="risk_acknowledge"),
    path("risks/<int:pk>/follow-up/", risk_views.risk_follow_up, name="risk_follow_up"),
    path("risks/<int:pk>/close/", risk_views.risk_close, name="risk_close"),
    path("rules/", rule_views.rules_edit, name="rules"),
]
