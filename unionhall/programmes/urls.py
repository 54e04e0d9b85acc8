from django.urls import path

from unionhall.programmes import views

app_name = "programmes"
urlpatterns = [
    path("", views.programme_list, name="list"),
    path("new/", views.programme_create, name="create"),
    path("<int:pk>/", views.programme_detail, name="detail"),
    path("<int:pk>/edit/", views.programme_edit, name="edit"),
    path("<int:pk>/deactivate/", views.programme_deactivate, name="deactivate"),
    path("<int:pk>/activate/", views.programme_activate, name="activate"),
    path("warmth/", views.batch_list, name="batches"),
    path("warmth/new/", views.warmth, name="warmth"),
    path("warmth/<int:pk>/", views.batch_detail, name="batch"),
    path("warmth/<int:pk>/progress/", views.batch_progress, name="batch_progress"),
    path("warmth/<int:pk>/export.xlsx", views.batch_export, name="batch_export"),
]
