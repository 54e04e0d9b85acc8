"""Pages of the funds app; the authorization test walks every route listed here."""

from django.urls import path

from unionhall.funds import views

app_name = "funds"
urlpatterns = [
    path("budgets/", views.budget_list, name="budgets"),
    path("budgets/new/", views.budget_create, name="budget_create"),
    path("budgets/<int:pk>/", views.budget_detail, name="budget"),
    path("budgets/<int:pk>/allocate/", views.budget_allocate, name="budget_allocate"),
    path("budgets/<int:pk>/fund/", views.budget_fund, name="budget_fund"),
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
