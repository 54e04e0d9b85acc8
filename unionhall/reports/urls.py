from django.urls import path

from unionhall.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("<int:pk>/", views.node, name="node"),
    path("<int:pk>/export.xlsx", views.node_export, name="node_export"),
    path("<int:pk>/notice.pdf", views.notice_pdf, name="notice_pdf"),
    path("disbursements/<int:pk>/approval.pdf", views.approval_pdf, name="approval_pdf"),
]
