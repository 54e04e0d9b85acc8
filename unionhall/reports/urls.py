from django.urls import path

from unionhall.reports import innovation_views, rights_views, views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("<int:pk>/", views.node, name="node"),
    path("<int:pk>/export.xlsx", views.node_export, name="node_export"),
    path("<int:pk>/notice.pdf", views.notice_pdf, name="notice_pdf"),
    path("disbursements/<int:pk>/approval.pdf", views.approval_pdf, name="approval_pdf"),
    path("rights/", rights_views.rights_dashboard, name="rights"),
    path("rights/<int:pk>/", rights_views.rights_node, name="rights_node"),
    path("rights/<int:pk>/export.xlsx", rights_views.rights_export, name="rights_export"),
    path("innovation/", innovation_views.innovation_dashboard, name="innovation"),
    path("innovation/<int:pk>/", innovation_views.innovation_node, name="innovation_node"),
    path("innovation/<int:pk>/export.xlsx", innovation_views.innovation_export, name="innovation_export"),
]
