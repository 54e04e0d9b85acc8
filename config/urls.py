"""Every route of UnionHall. The authorization test (unionhall/core/tests/test_authorization.py) walks
this tree: a route it does not know makes it fail."""

from django.urls import include, path

from unionhall.api.urls import api
from unionhall.assistance.disbursements import urls as disbursement_urls
from unionhall.funds import urls as funds_urls

# The money pages: budgets (the generic ledger, `funds`) and 救助支出 (the archive's payments, `assistance`)
# share the /funds/ prefix and the `funds:` route names, as they did before the payments moved.
FUNDS_PAGES = ([*funds_urls.urlpatterns, *disbursement_urls.urlpatterns], funds_urls.app_name)

urlpatterns = [
    path("", include("unionhall.console.urls")),
    path("", include("unionhall.core.urls")),
    path("accounts/", include("unionhall.accounts.urls")),
    path("orgs/", include("unionhall.orgs.urls")),
    path("documents/", include("unionhall.documents.urls")),
    path("members/", include("unionhall.members.urls")),
    path("coverage/", include("unionhall.coverage.urls")),
    path("imports/", include("unionhall.imports.urls")),
    path("join/", include("unionhall.joining.urls")),
    path("assistance/", include("unionhall.assistance.urls")),
    path("funds/", include(FUNDS_PAGES)),
    path("cards/", include("unionhall.cards.urls")),
    path("deliveries/", include("unionhall.ten_services.urls")),
    path("programmes/", include("unionhall.programmes.urls")),
    path("me/", include("unionhall.worker_portal.urls")),
    path("rights/", include("unionhall.rights.urls")),
    path("responsibility/", include("unionhall.responsibility.urls")),
    path("supervision/", include("unionhall.supervision.urls")),
    path("meetings/", include("unionhall.meetings.urls")),
    path("commitments/", include("unionhall.commitments.urls")),
    path("panels/", include("unionhall.panels.urls")),
    path("innovation/", include("unionhall.innovation.urls")),
    path("competitions/", include("unionhall.competitions.urls")),
    path("teams/", include("unionhall.teams.urls")),
    path("contests/", include("unionhall.contests.urls")),
    path("reports/", include("unionhall.reports.urls")),
    path("notifications/", include("unionhall.notifications.urls")),
    path("data/", include("unionhall.dataops.urls")),
    path("api/v1/", api.urls),
]

handler400 = "unionhall.core.views.bad_request"
handler403 = "unionhall.core.views.forbidden"
handler404 = "unionhall.core.views.not_found"
handler500 = "unionhall.core.views.server_error"
