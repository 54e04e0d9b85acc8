from django.urls import path

from unionhall.members import views

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
]
