from django.urls import path

from unionhall.commitments import public_views, template_views, views

app_name = "commitments"
urlpatterns = [
    path("", views.card_list, name="cards"),
    path("export.xlsx", views.card_export, name="cards_export"),
    path("new/", views.card_new, name="card_new"),
    path("<int:pk>/", views.card, name="card"),
    path("<int:pk>/card.pdf", views.card_pdf, name="card_pdf"),
    path("items/<int:pk>/", views.commitment, name="commitment"),
    path("items/<int:pk>/rate/", views.commitment_rate, name="commitment_rate"),
    path("items/<int:pk>/<slug:name>/", views.commitment_step, name="commitment_step"),
    path("template/", template_views.template, name="template"),
    path("template/<int:pk>/", template_views.template_item, name="template_item"),
    path("card/<str:token>/", public_views.public, name="public"),
]
