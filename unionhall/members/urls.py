from django.urls import path

from unionhall.members import transfer_views, views

app_name = "members"
urlpatterns = [
    path("", views.member_list, name="list"),
    path("export.xlsx", views.member_export, name="export"),
    path("export-unmasked.xlsx", views.member_export_unmasked, name="export_unmasked"),
    path("join/", views.member_join, name="join"),
    path("<int:pk>/", views.member_detail, name="detail"),
    path("<int:pk>/reveal/", views.member_reveal, name="reveal"),
    path("<int:pk>/card/", views.member_card, name="card"),
    path("<int:pk>/transfer/", views.member_transfer, name="transfer"),
    path("<int:pk>/status/", views.member_status, name="status"),
    path("<int:pk>/edit/", views.member_edit, name="edit"),
    path("verify/<str:token>/", views.member_verify, name="verify"),
    path("transfers/", transfer_views.transfer_request_list, name="transfer_requests"),
    path("transfers/<int:pk>/", transfer_views.transfer_request_detail, name="transfer_request"),
    path("transfers/<int:pk>/approve/", transfer_views.transfer_request_approve, name="transfer_approve"),
    path("transfers/<int:pk>/reject/", transfer_views.transfer_request_reject, name="transfer_reject"),
    path("transfers/<int:pk>/cancel/", transfer_views.transfer_request_cancel, name="transfer_cancel"),
]
