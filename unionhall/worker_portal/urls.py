"""The worker's pages, mounted at /me/ (职工端·我的帮扶、我的维权)."""

from django.urls import path

from unionhall.worker_portal import views

app_name = "worker_portal"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("", views.home, name="home"),
    path("link/", views.link_by_phone, name="link"),
    path("member-card/", views.member_card, name="member_card"),
    path("apply/", views.apply, name="apply"),
    path("files/<int:pk>/", views.file_detail, name="file"),
    path("cards/<int:pk>/", views.card_detail, name="card"),
    path("cards/<int:pk>/code/", views.card_code, name="card_code"),
    path("cases/", views.cases, name="cases"),
    path("cases/new/", views.case_new, name="case_new"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/info/", views.case_info, name="case_info"),
    path("cases/<int:pk>/rate/", views.case_rate, name="case_rate"),
    path("ideas/", views.ideas, name="ideas"),
    path("ideas/new/", views.idea_new, name="idea_new"),
    path("transfers/<int:pk>/", views.transfer_answer, name="transfer_answer"),
    path("rebind/<int:pk>/", views.phone_rebind, name="phone_rebind"),
]
