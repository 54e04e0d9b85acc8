from django.urls import path

from unionhall.documents import views

app_name = "documents"
urlpatterns = [
    path("verify/<str:token>/", views.document_verify, name="verify"),
]
