"""Scoring a subject: on every criterion, once per reviewer, never a subject of the reviewer's own union; every
score audited; from five scores on the highest and the lowest are dropped."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from unionhall.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from unionhall.core.models import AuditEvent
from unionhall.orgs.models import Role
from unionhall.panels import selectors, services
from unionhall.panels.models import PanelStatus, Score
from unionhall.panels.tests.support import panel, reviewer, seat, subject, values
from unionhall.tests.city import City

pytestmark = pytest.mark.django_db


def test_a_reviewer_of_the_subjects_own_union_is_refused_and_the_refusal_audited(city: City) -> None:
    p = panel(city)
    own = reviewer("expert_u1", city.u1, Role.GRASSROOTS_STAFF)
    seat(p, own)
    s = subject(p, city.u1)
    with pytest.raises(PermissionDenied, match="本单位"):
        services.panel_score(actor=own, subject=s, values=values(p, 8, 8))
    assert not Score.objects.exists()
    event = AuditEvent.objects.filter(action="panel.score").latest("id")
    assert not event.success and "permission_denied" in event.reason


def test_a_reviewer_of_a_unit_inside_the_subjects_union_is_refused_too(city: City) -> None:
    p = panel(city)
    inside = reviewer("expert_b1", city.b1, Role.WORKER)
    seat(p, inside)
    with pytest.raises(PermissionDenied):
        services.panel_score(actor=inside, subject=subject(p, city.u1), values=values(p, 8, 8))


def test_a_federation_cadre_above_the_union_is_not_of_it_and_scores(city: City) -> None:
    p = panel(city, org=city.city)
    cadre = city.users["cadre_d1"]
    seat(p, cadre)
    score = services.panel_score(actor=cadre, subject=subject(p, city.u1), values=values(p, 8, 5))
    assert score.total == Decimal("68.00")


def test_the_own_union_subject_is_left_out_of_the_reviewers_list_and_its_page_refuses(city: City) -> None:
    p = panel(city)
    own = reviewer("expert_u1", city.u1, Role.GRASSROOTS_STAFF)
    seat(p, own)
    mine, other = subject(p, city.u1), subject(p, city.u2)
    assert list(selectors.to_score(own)) == [other]
    client = city.client("chair_u1")
    client.force_login(own)
    assert client.get(reverse("panels:score", args=[mine.pk])).status_code == 403
    assert client.get(reverse("panels:score", args=[other.pk])).status_code == 200


def test_five_scores_drop_the_highest_and_the_lowest(city: City) -> None:
    p = panel(city)
    judges = [reviewer(f"judge{i}", city.d2) for i in range(5)]
    seat(p, *judges)
    s = subject(p, city.u1)
    for judge, (a, b) in zip(judges[:4], [(10, 10), (8, 5), (6, 5), (1, 0)], strict=True):
        services.panel_score(actor=judge, subject=s, values=values(p, a, b))
    s.refresh_from_db()
    # four totals 100, 68, 56, 6: all counted
    assert s.score_count == 4 and s.result == Decimal("57.50")
    services.panel_score(actor=judges[4], subject=s, values=values(p, 7, 5))  # 62
    s.refresh_from_db()
    # 6 and 100 dropped: (56 + 62 + 68) / 3
    assert s.score_count == 5 and s.result == Decimal("62.00")


def test_the_panels_own_setting_decides_when_extremes_drop(city: City) -> None:
    p = panel(city, drop_from=0)
    judges = [reviewer(f"judge{i}", city.d2) for i in range(5)]
    seat(p, *judges)
    s = subject(p, city.u1)
    for judge, a in zip(judges, [10, 10, 10, 10, 0], strict=True):
        services.panel_score(actor=judge, subject=s, values=values(p, a, a))
    s.refresh_from_db()
    assert s.result == Decimal("80.00")


def test_every_score_is_one_audit_event_with_its_values(city: City) -> None:
    p = panel(city)
    judges = [reviewer(f"judge{i}", city.d2) for i in range(3)]
    seat(p, *judges)
    s = subject(p, city.u1)
    for judge in judges:
        services.panel_score(actor=judge, subject=s, values=values(p, 9, 6))
    events = AuditEvent.objects.filter(action="panel.score", success=True)
    assert events.count() == 3
    assert all(e.changes["values"] == {"创新性": 9, "效益": 6} and e.changes["total"] == "78.00" for e in events)


def test_a_reviewer_scores_once(city: City) -> None:
    p = panel(city)
    judge = reviewer("judge", city.d2)
    seat(p, judge)
    s = subject(p, city.u1)
    services.panel_score(actor=judge, subject=s, values=values(p, 9, 6))
    with pytest.raises(Conflict, match="只评一次"):
        services.panel_score(actor=judge, subject=s, values=values(p, 1, 1))
    assert Score.objects.count() == 1
    assert not AuditEvent.objects.filter(action="panel.score").latest("id").success


def test_someone_off_the_panel_cannot_score(city: City) -> None:
    p = panel(city)
    s = subject(p, city.u1)
    with pytest.raises(NotFound):
        services.panel_score(actor=city.users["outsider"], subject=s, values=values(p, 9, 6))


def test_every_criterion_error_is_shown_at_once_at_its_field(city: City) -> None:
    p = panel(city)
    judge = reviewer("judge", city.d2)
    seat(p, judge)
    s = subject(p, city.u1)
    first, second = p.criteria.all()
    with pytest.raises(ValidationError) as refused:
        services.panel_score(actor=judge, subject=s, values={first.pk: 11, second.pk: None})
    assert set(refused.value.field_errors) == {f"c_{first.pk}", f"c_{second.pk}"}
    client = city.client("chair_u1")
    client.force_login(judge)
    answer = client.post(reverse("panels:score", args=[s.pk]), {f"c_{first.pk}": "11", f"c_{second.pk}": ""})
    assert answer.status_code == 200
    errors = answer.context["form"].errors
    assert "「创新性」的分数应为 0—10。" in errors[f"c_{first.pk}"]
    assert "请为「效益」打分。" in errors[f"c_{second.pk}"]
    answer = client.post(reverse("panels:score", args=[s.pk]), {f"c_{first.pk}": "9", f"c_{second.pk}": "6"})
    assert answer.status_code == 302
    assert Score.objects.get().total == Decimal("78.00")


def test_a_closed_panel_takes_no_more_scores(city: City) -> None:
    p = panel(city)
    judge = reviewer("judge", city.d2)
    seat(p, judge)
    s = subject(p, city.u1)
    services.panel_close(actor=city.users["cadre_d1"], panel=p)
    p.refresh_from_db()
    assert p.status == PanelStatus.CLOSED
    with pytest.raises(Conflict):
        services.panel_score(actor=judge, subject=s, values=values(p, 9, 6))


def test_criteria_weights_must_sum_to_a_hundred_and_every_error_is_given(city: City) -> None:
    problems = services.panel_problems(
        org=None,
        title="",
        kind="nope",
        drop_extremes_from=2,
        criteria=[services.CriterionIn("创新性", 50), services.CriterionIn("创新性", 30)],
    )
    assert set(problems) == {"org", "title", "kind", "drop_extremes_from", "criteria"}
    assert "各项权重合计应为 100，现为 80。" in problems["criteria"]


def test_a_subject_outside_the_conveners_subtree_is_refused(city: City) -> None:
    p = panel(city)
    with pytest.raises(NotFound):
        subject(p, city.u3)


def test_the_convener_sees_every_score_and_a_member_only_their_own(city: City) -> None:
    p = panel(city)
    a, b = reviewer("judge_a", city.d2), reviewer("judge_b", city.d2)
    seat(p, a, b)
    s = subject(p, city.u1)
    services.panel_score(actor=a, subject=s, values=values(p, 9, 6), comment="甲的评语")
    services.panel_score(actor=b, subject=s, values=values(p, 3, 3), comment="乙的评语")
    page = city.client("cadre_d1").get(reverse("panels:panel", args=[p.pk])).content.decode()
    assert "甲的评语" in page and "乙的评语" in page
    client = city.client("chair_u1")
    client.force_login(a)
    page = client.get(reverse("panels:panel", args=[p.pk])).content.decode()
    assert "甲的评语" in page and "乙的评语" not in page


def test_an_outsider_gets_404_on_every_page_of_the_panel(city: City) -> None:
    p = panel(city)
    s = subject(p, city.u1)
    client = city.client("outsider")
    for url in (
        reverse("panels:panel", args=[p.pk]),
        reverse("panels:member_add", args=[p.pk]),
        reverse("panels:score", args=[s.pk]),
        reverse("panels:todo"),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("panels:close", args=[p.pk])).status_code == 404
