from django.urls import path

from unionhall.panels import views

app_name = "panels"
urlpatterns = [
    path("", views.panel_list, name="list"),
    path("new/", views.panel_create, name="create"),
    path("to-score/", views.to_score, name="todo"),
    path("<int:pk>/", views.panel_detail, name="panel"),
    path("<int:pk>/members/", views.member_add, name="member_add"),
    path("<int:pk>/close/", views.panel_close, name="close"),
    path("subjects/<int:pk>/score/", views.score, name="score"),
]
