"""Pages of 救助支出 under /funds/disbursements/, in the `funds:` namespace their names have always had:
config/urls.py puts these patterns beside the budget pages' (funds cannot import them: it is the floor
below)."""

from django.urls import path

from unionhall.assistance.disbursements import views

urlpatterns = [
    path("disbursements/", views.disbursement_list, name="disbursements"),
    path("disbursements/export.xlsx", views.disbursement_export, name="disbursement_export"),
    path("disbursements/reconciliation.xlsx", views.reconciliation_export, name="reconciliation_export"),
    path(
        "disbursements/reconciliation-unmasked.xlsx",
        views.reconciliation_export_unmasked,
        name="reconciliation_export_unmasked",
    ),
    path("disbursements/new/", views.disbursement_new, name="disbursement_new"),
    path("disbursements/<int:pk>/", views.disbursement_detail, name="disbursement"),
    path("disbursements/<int:pk>/approve/", views.disbursement_approve, name="disbursement_approve"),
    path("disbursements/<int:pk>/reject/", views.disbursement_reject, name="disbursement_reject"),
    path("disbursements/<int:pk>/pay/", views.disbursement_pay, name="disbursement_pay"),
    path("disbursements/<int:pk>/cancel/", views.disbursement_cancel, name="disbursement_cancel"),
]
