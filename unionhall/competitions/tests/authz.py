"""Authorization specs of the competition routes, collected by core/tests/test_authorization.py.

By hand from PRODUCT.md §1–§2 and the app's rule: 东区's competition (participants 东方机械公司工会 U1 and 东一村
工会 U2) is seen by who reaches its organizer or a participant — the city admin, D1's reviewer and cadre, T1's
cadre (both participants lie under T1) and U1's chair — and kept by who holds `competition.manage` over 东区
(the city admin, D1's cadre); the others who see it are refused its organizing steps with 403. A participant's
result is entered by who holds `competition.manage` over the participant (the city admin, D1's and T1's
cadres, U1's chair). 西区 runs a competition of its own, with 西方纺织公司工会 only, that no D1 actor may see.
"""

from __future__ import annotations

from typing import Any

from unionhall.competitions import services
from unionhall.competitions.models import Competition
from unionhall.competitions.tests.support import competition, enter
from unionhall.tests.authz_support import Route, export_shows_none_of, page_shows_none_of, statuses
from unionhall.tests.city import City

VIEW_ANYWHERE = {"city_admin", "reviewer_d1", "cadre_d1", "cadre_t1", "chair_u1", "outsider", "chair_u3"}
MANAGE_ANYWHERE = VIEW_ANYWHERE - {"reviewer_d1"}
SEE = {"city_admin", "reviewer_d1", "cadre_d1", "cadre_t1", "chair_u1"}
KEEP = {"city_admin", "cadre_d1"}
ENTER = {"city_admin", "cadre_d1", "cadre_t1", "chair_u1"}
OURS = "东区重点工程劳动竞赛"
FOREIGN = "西区安全竞赛"
FOREIGN_NAMES = (FOREIGN, "西方纺织公司工会")


def _both(c: City, *, start: bool = True) -> Competition:
    competition(c, org=c.d2, title=FOREIGN, participants=("u3",))
    return competition(c, start=start)


def running(c: City) -> dict[str, Any]:
    return {"pk": _both(c).pk}


def draft(c: City) -> dict[str, Any]:
    return {"pk": _both(c, start=False).pk}


def listed(c: City) -> dict[str, Any]:
    _both(c)
    return {}


def a_stage(c: City) -> dict[str, Any]:
    made = _both(c)
    return {"pk": made.pk, "stage_pk": made.stages.get(number=1).pk}


def a_result(c: City) -> dict[str, Any]:
    made = _both(c)
    return {"pk": enter(made, c.u1, "JD", "90").pk}


def api_running(c: City) -> dict[str, Any]:
    return {"competition_id": _both(c).pk}


def api_draft(c: City) -> dict[str, Any]:
    return {"competition_id": _both(c, start=False).pk}


def api_result(c: City) -> dict[str, Any]:
    made = _both(c)
    return {"competition_id": made.pk, "result_id": enter(made, c.u1, "JD", "90").pk}


def an_indicator(c: City) -> dict[str, Any]:
    made = _both(c, start=False)
    return {"pk": made.pk, "indicator_pk": made.indicators.get(code="AQ").pk}


def api_indicator(c: City) -> dict[str, Any]:
    made = _both(c, start=False)
    return {"competition_id": made.pk, "indicator_id": made.indicators.get(code="AQ").pk}


def api_draft_with_room(c: City) -> dict[str, Any]:
    """A draft whose indicators weigh 60: room for one of 40."""
    made = _both(c, start=False)
    made.indicators.filter(code="AQ").delete()
    return {"competition_id": made.pk}


def result_body(c: City) -> dict[str, Any]:
    made = Competition.objects.get(title=OURS)
    return {
        "participant": made.participants.get(org=c.u1).pk,
        "indicator": made.indicators.get(code="JD").pk,
        "period": made.stages.get(number=1).pk,
        "value": 88,
    }


def _finished(c: City) -> dict[str, Any]:
    made = _both(c)
    services.competition_finish(actor=c.users["cadre_d1"], competition=made, commendation="表彰", commended_top=1)
    return {"pk": made.pk}


POST = ("post",)
FORM = ("get", "post")
OTHERS_SEE = SEE - KEEP
NOT_ENTERING = SEE - ENTER

ROUTES: dict[str, Route] = {
    "competitions:list": Route(listed, statuses(VIEW_ANYWHERE), no_foreign=page_shows_none_of(FOREIGN_NAMES)),
    "competitions:export": Route(listed, statuses(VIEW_ANYWHERE), no_foreign=export_shows_none_of(FOREIGN_NAMES)),
    "competitions:create": Route(expect=statuses(MANAGE_ANYWHERE, in_sight=VIEW_ANYWHERE), methods=FORM),
    "competitions:competition": Route(running, statuses(SEE), no_foreign=page_shows_none_of(FOREIGN_NAMES)),
    # An empty POST re-shows each form with its errors.
    "competitions:indicator_add": Route(draft, statuses(KEEP, in_sight=SEE), methods=FORM),
    "competitions:stage_add": Route(draft, statuses(KEEP, in_sight=SEE), methods=FORM),
    "competitions:indicator_edit": Route(an_indicator, statuses(KEEP, in_sight=SEE), methods=FORM),
    "competitions:indicator_remove": Route(an_indicator, statuses(KEEP, ok=302, in_sight=SEE), methods=POST),
    "competitions:participant_add": Route(running, statuses(KEEP, in_sight=SEE), methods=FORM),
    "competitions:start": Route(draft, statuses(KEEP, ok=302, in_sight=SEE), methods=POST),
    "competitions:finish": Route(running, statuses(KEEP, in_sight=SEE), methods=FORM),
    "competitions:cancel": Route(running, statuses(KEEP, in_sight=SEE), methods=FORM),
    "competitions:result_enter": Route(running, statuses(ENTER, in_sight=SEE), methods=FORM),
    "competitions:ranking": Route(running, statuses(SEE), no_foreign=page_shows_none_of(FOREIGN_NAMES)),
    "competitions:ranking_rows": Route(running, statuses(SEE), no_foreign=page_shows_none_of(FOREIGN_NAMES)),
    "competitions:stage_pdf": Route(a_stage, statuses(SEE)),
    "competitions:standings_pdf": Route(_finished, statuses(SEE)),
    "competitions:result": Route(a_result, statuses(SEE)),
    "competitions:result_verify": Route(a_result, statuses(KEEP, ok=302, in_sight=SEE), methods=POST),
    "competitions:result_return": Route(a_result, statuses(KEEP, in_sight=SEE), methods=FORM),
    "competitions:result_reenter": Route(a_result, statuses(ENTER, in_sight=SEE), methods=FORM),
    "api:competition_list": Route(
        listed, statuses(VIEW_ANYWHERE, anon=401), no_foreign=page_shows_none_of(FOREIGN_NAMES)
    ),
    "api:competition_create": Route(
        expect=statuses(KEEP, ok=201, in_sight={"reviewer_d1"}, anon=401),
        methods=POST,
        body=lambda c: {"org": c.d1.pk, "title": "东区节能竞赛", "starts_on": "2026-01-01", "ends_on": "2026-12-31"},
    ),
    "api:competition_start": Route(api_draft, statuses(KEEP, in_sight=SEE, anon=401), methods=POST),
    "api:competition_finish": Route(
        api_running,
        statuses(KEEP, in_sight=SEE, anon=401),
        methods=POST,
        body=lambda c: {"commendation": "授予优胜单位称号", "commended_top": 1},
    ),
    "api:competition_indicator_list": Route(api_running, statuses(SEE, anon=401)),
    "api:competition_indicator_add": Route(
        api_draft_with_room,
        statuses(KEEP, ok=201, in_sight=SEE, anon=401),
        methods=POST,
        body=lambda c: {"code": "ZL", "name": "质量", "weight": 40, "target": 1},
    ),
    "api:competition_indicator_edit": Route(
        api_indicator, statuses(KEEP, in_sight=SEE, anon=401), methods=("patch",), body=lambda c: {"name": "安全"}
    ),
    "api:competition_indicator_remove": Route(
        api_indicator, statuses(KEEP, ok=204, in_sight=SEE, anon=401), methods=("delete",)
    ),
    "api:competition_stage_add": Route(
        api_draft,
        statuses(KEEP, ok=201, in_sight=SEE, anon=401),
        methods=POST,
        body=lambda c: {"name": "第四季度", "starts_on": "2026-10-01", "ends_on": "2026-12-31"},
    ),
    "api:competition_cancel": Route(
        api_running, statuses(KEEP, in_sight=SEE, anon=401), methods=POST, body=lambda c: {"reason": "工程停工"}
    ),
    "api:competition_result_return": Route(
        api_result, statuses(KEEP, in_sight=SEE, anon=401), methods=POST, body=lambda c: {"reason": "数据有误"}
    ),
    "api:competition_result_reenter": Route(
        api_result, statuses(ENTER, in_sight=SEE, anon=401), methods=("put",), body=lambda c: {"value": 91}
    ),
    "api:competition_result_reenter_post": Route(
        api_result, statuses(ENTER, in_sight=SEE, anon=401), methods=POST, body=lambda c: {"value": 91}
    ),
    "api:competition_stage_list": Route(api_running, statuses(SEE, anon=401)),
    "api:competition_participant_list": Route(api_running, statuses(SEE, anon=401)),
    "api:competition_participant_add": Route(
        api_running, statuses(KEEP, ok=201, in_sight=SEE, anon=401), methods=POST, body=lambda c: {"org": c.b1.pk}
    ),
    "api:competition_result_list": Route(api_running, statuses(SEE, anon=401)),
    "api:competition_result_enter": Route(
        api_running, statuses(ENTER, ok=201, in_sight=SEE, anon=401), methods=POST, body=result_body
    ),
    "api:competition_result_verify": Route(api_result, statuses(KEEP, in_sight=SEE, anon=401), methods=POST),
    "api:competition_ranking": Route(
        api_running, statuses(SEE, anon=401), no_foreign=page_shows_none_of(FOREIGN_NAMES)
    ),
}
