"""Pages of the funds app; the authorization test walks every route listed here. The `funds:` namespace
also holds the 救助支出 pages (assistance/disbursements/urls.py): config/urls.py joins the two lists."""

from django.urls import path

from unionhall.funds import views

app_name = "funds"
urlpatterns = [
    path("budgets/", views.budget_list, name="budgets"),
    path("budgets/new/", views.budget_create, name="budget_create"),
    path("budgets/<int:pk>/", views.budget_detail, name="budget"),
    path("budgets/<int:pk>/allocate/", views.budget_allocate, name="budget_allocate"),
    path("budgets/<int:pk>/fund/", views.budget_fund, name="budget_fund"),
]
