"""四个第一人: filing a risk report, the upper federation's acknowledgement, follow-up until closed, and the
open high-level reports that go to the joint meeting's agenda."""

from __future__ import annotations

import pytest

from unionhall.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from unionhall.notifications.models import Notification
from unionhall.rights import risk_services, selectors
from unionhall.rights.models import RiskStatus
from unionhall.tests.city import City
from unionhall.tests.factories import risk

pytestmark = pytest.mark.django_db


def test_an_information_officer_files_a_report_and_the_upper_federation_is_told(city: City) -> None:
    report = risk_services.risk_report_file(
        actor=city.users["info_u1"],
        org=city.u1,
        kind="arrears",
        level="red",
        description="三个月未发工资，职工酝酿集体上访",
        employer=city.e1,
        affected_count="120",
        amount="360,000",
    )
    assert (report.status, report.affected_count, report.amount_fen) == (RiskStatus.REPORTED, 120, 36_000_000)
    assert report.no.startswith("YJ")
    told = Notification.objects.filter(kind="rights.risk_reported")
    assert {n.user.username for n in told} == {"cadre_t1"}
    assert "请于" in told[0].body


def test_a_report_names_every_mistake_at_its_field(city: City) -> None:
    with pytest.raises(ValidationError) as refused:
        risk_services.risk_report_file(
            actor=city.users["info_u1"], org=city.u1, kind="?", level="purple", description=" ", affected_count="-1"
        )
    assert set(refused.value.field_errors) == {"kind", "level", "description", "affected_count"}


def test_only_the_federation_above_acknowledges_and_closes(city: City) -> None:
    report = risk(city.u1)
    for who in ("info_u1", "chair_u1", "outsider"):
        with pytest.raises((NotFound, PermissionDenied)):
            risk_services.risk_acknowledge(actor=city.users[who], report=report)
    done = risk_services.risk_acknowledge(actor=city.users["cadre_t1"], report=report)
    assert done.status == RiskStatus.ACKNOWLEDGED and done.acknowledged_by == city.users["cadre_t1"]
    with pytest.raises(Conflict):
        risk_services.risk_acknowledge(actor=city.users["cadre_d1"], report=report)
    with pytest.raises(NotFound):
        risk_services.risk_close(actor=city.users["info_u1"], report=report, resolution="自己销号")


def test_a_report_is_followed_until_closed(city: City) -> None:
    report = risk(city.u1)
    risk_services.risk_follow_up(actor=city.users["info_u1"], report=report, note="企业承诺月底前补发")
    report.refresh_from_db()
    assert report.status == RiskStatus.REPORTED  # a note before acknowledgement does not skip it
    risk_services.risk_acknowledge(actor=city.users["cadre_t1"], report=report)
    risk_services.risk_follow_up(actor=city.users["cadre_d1"], report=report, note="区总约谈企业")
    report.refresh_from_db()
    assert report.status == RiskStatus.FOLLOWING
    assert report.follow_ups.count() == 2
    with pytest.raises(ValidationError):
        risk_services.risk_close(actor=city.users["cadre_t1"], report=report, resolution="")
    risk_services.risk_close(actor=city.users["cadre_t1"], report=report, resolution="工资已全部补发")
    with pytest.raises(Conflict):
        risk_services.risk_follow_up(actor=city.users["info_u1"], report=report, note="还想记")


def test_the_agenda_holds_open_orange_and_red_reports_in_sight(city: City) -> None:
    red, orange = risk(city.u1, level="red"), risk(city.u1, level="orange")
    risk(city.u1, level="yellow")
    closed = risk(city.u1, level="red")
    risk_services.risk_close(actor=city.users["cadre_t1"], report=closed, resolution="已化解")
    foreign = risk(city.u3, level="red")
    assert list(selectors.agenda_risks(city.users["cadre_d1"])) == [red, orange]
    assert list(selectors.agenda_risks(city.users["outsider"])) == [foreign]
    assert list(selectors.agenda_risks(city.users["city_admin"])) == [red, foreign, orange]


def test_an_information_officer_sees_the_reports_of_their_union_only(city: City) -> None:
    mine, foreign = risk(city.u1), risk(city.u3)
    assert list(selectors.risks_for(city.users["info_u1"])) == [mine]
    with pytest.raises(NotFound):
        selectors.risk_for_user_or_404(city.users["info_u1"], foreign.pk)
