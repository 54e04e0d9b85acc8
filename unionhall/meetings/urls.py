"""联席会议 pages: the meetings, one meeting with its agenda, resolutions and minutes, and the printouts."""

from django.urls import path

from unionhall.meetings import pdf_views, views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("export/", views.meeting_export, name="export"),
    path("new/", views.meeting_create, name="create"),
    path("<int:pk>/", views.meeting_detail, name="meeting"),
    path("<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("<int:pk>/items/new/", views.item_add, name="item_add"),
    path("<int:pk>/items/<int:item_pk>/move/", views.item_move, name="item_move"),
    path("<int:pk>/items/<int:item_pk>/remove/", views.item_remove, name="item_remove"),
    path("<int:pk>/resolutions/new/", views.resolution_record, name="resolution_record"),
    path("<int:pk>/minutes/", views.minutes_record, name="minutes"),
    path("<int:pk>/hold/", views.meeting_hold, name="hold"),
    path("<int:pk>/cancel/", views.meeting_cancel, name="cancel"),
    path("<int:pk>/files/<int:file_pk>/", views.meeting_file, name="file"),
    path("<int:pk>/agenda.pdf", pdf_views.agenda_pdf, name="agenda_pdf"),
    path("<int:pk>/minutes.pdf", pdf_views.minutes_pdf, name="minutes_pdf"),
    path("resolutions/<int:pk>/", views.resolution_detail, name="resolution"),
]
