"""劳动竞赛 pages: the competitions, one competition with its setup and results, a result, the live ranking and
the printouts."""

from django.urls import path

from unionhall.competitions import pdf_views, views

app_name = "competitions"

urlpatterns = [
    path("", views.competition_list, name="list"),
    path("export/", views.competition_export, name="export"),
    path("new/", views.competition_create, name="create"),
    path("<int:pk>/", views.competition_detail, name="competition"),
    path("<int:pk>/indicators/new/", views.indicator_add, name="indicator_add"),
    path("<int:pk>/indicators/<int:indicator_pk>/", views.indicator_edit, name="indicator_edit"),
    path("<int:pk>/indicators/<int:indicator_pk>/remove/", views.indicator_remove, name="indicator_remove"),
    path("<int:pk>/stages/new/", views.stage_add, name="stage_add"),
    path("<int:pk>/participants/new/", views.participant_add, name="participant_add"),
    path("<int:pk>/start/", views.competition_start, name="start"),
    path("<int:pk>/finish/", views.competition_finish, name="finish"),
    path("<int:pk>/cancel/", views.competition_cancel, name="cancel"),
    path("<int:pk>/results/new/", views.result_enter, name="result_enter"),
    path("<int:pk>/ranking/", views.ranking_page, name="ranking"),
    path("<int:pk>/ranking/rows/", views.ranking_rows, name="ranking_rows"),
    path("<int:pk>/stages/<int:stage_pk>.pdf", pdf_views.stage_pdf, name="stage_pdf"),
    path("<int:pk>/standings.pdf", pdf_views.standings_pdf, name="standings_pdf"),
    path("results/<int:pk>/", views.result_detail, name="result"),
    path("results/<int:pk>/verify/", views.result_verify, name="result_verify"),
    path("results/<int:pk>/return/", views.result_return, name="result_return"),
    path("results/<int:pk>/reenter/", views.result_reenter, name="result_reenter"),
]
