"""技能竞赛 pages: the contests, one contest with its setup, steps and scores, an entrant's theory scores, the
ranking and the printouts."""

from django.urls import path

from unionhall.contests import pdf_views, views

app_name = "contests"

urlpatterns = [
    path("", views.contest_list, name="list"),
    path("export/", views.contest_export, name="export"),
    path("new/", views.contest_create, name="create"),
    path("<int:pk>/", views.contest_detail, name="contest"),
    path("<int:pk>/items/new/", views.item_add, name="item_add"),
    path("<int:pk>/entrants/new/", views.entrant_add, name="entrant_add"),
    path("<int:pk>/judges/new/", views.judge_add, name="judge_add"),
    path("<int:pk>/steps/<str:name>/", views.contest_step, name="step"),
    path("<int:pk>/ranking/", views.ranking_page, name="ranking"),
    path("<int:pk>/ranking/export/", views.ranking_export, name="ranking_export"),
    path("<int:pk>/ranking.pdf", pdf_views.ranking_pdf, name="ranking_pdf"),
    path("entrants/<int:pk>/theory/", views.theory_enter, name="theory_enter"),
    path("entrants/<int:pk>/certificate.pdf", pdf_views.certificate_pdf, name="certificate_pdf"),
]
