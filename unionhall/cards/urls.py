"""Pages of the cards app; the authorization test walks every route listed here."""

from django.urls import path

from unionhall.cards import views

app_name = "cards"
urlpatterns = [
    path("", views.card_list, name="list"),
    path("export.xlsx", views.card_export, name="export"),
    path("<int:pk>/", views.card_detail, name="detail"),
    path("<int:pk>/top-up/", views.card_top_up, name="top_up"),
    path("<int:pk>/freeze/", views.card_freeze, name="freeze"),
    path("<int:pk>/unfreeze/", views.card_unfreeze, name="unfreeze"),
    path("<int:pk>/reissue/", views.card_reissue, name="reissue"),
    path("issue/<int:file_pk>/", views.card_issue, name="issue"),
    path("types/", views.card_types, name="types"),
    path("types/new/", views.card_type_create, name="type_create"),
    path("types/<int:pk>/", views.card_type_edit, name="type_edit"),
    path("merchants/", views.merchant_list, name="merchants"),
    path("merchants/new/", views.merchant_create, name="merchant_create"),
    path("merchants/<int:pk>/", views.merchant_detail, name="merchant"),
    path("merchants/<int:pk>/edit/", views.merchant_edit, name="merchant_edit"),
    path("merchants/<int:pk>/users/", views.merchant_link, name="merchant_link"),
    path("settlements/", views.settlement_list, name="settlements"),
    path("settlements/new/", views.settlement_create, name="settlement_create"),
    # The merchant's counter: its only pages.
    path("counter/", views.redeem, name="redeem"),
    path("counter/statement/", views.my_redemptions, name="my_redemptions"),
    path("counter/statement/export.xlsx", views.my_redemptions_export, name="my_redemptions_export"),
    path("counter/settlements/", views.my_settlements, name="my_settlements"),
]
