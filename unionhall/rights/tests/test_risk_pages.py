"""The 四个第一人 pages: the list (filters, coloured levels, late acknowledgements, Excel), reporting a risk with
the typed values kept on error, the detail with only the buttons the user may use, acknowledging, following up
and closing through the pages, the joint meeting's agenda, the menu — and the outsider kept out."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from unionhall.core.models import AuditEvent
from unionhall.notifications.models import Notification
from unionhall.rights.models import RiskFollowUp, RiskReport, RiskStatus
from unionhall.tests.city import City
from unionhall.tests.factories import risk

LIST = reverse("rights:risk_list")
CREATE = reverse("rights:risk_create")
AGENDA = reverse("rights:risk_agenda")


def _late(report: RiskReport) -> None:
    RiskReport.objects.filter(pk=report.pk).update(ack_due_at=timezone.now() - timedelta(hours=1))


def _detail(report: RiskReport) -> str:
    return reverse("rights:risk_detail", args=[report.pk])


def test_the_list_shows_the_reports_in_sight_with_coloured_levels_and_late_ones(city: City) -> None:
    red = risk(city.u1, level="red", employer=city.e1)
    blue = risk(city.u2, level="blue", kind="layoff")
    risk(city.u3, level="red", employer=city.e3)
    _late(red)
    text = city.client("cadre_d1").get(LIST).content.decode()
    assert red.no in text and blue.no in text
    assert city.u3.name not in text and city.e3.name not in text
    assert '<span class="level level-red">特别重大（红色）</span>' in text
    assert text.count('data-testid="late"') == 1 and "超时未签收 1 条" in text


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ({"level": "blue"}, {"blue"}),
        ({"kind": "layoff"}, {"blue"}),
        ({"late": "on"}, {"red"}),
        ({"status": "closed"}, {"closed"}),
        ({"status": "open"}, {"red", "blue"}),
        ({"org": "D1-T1-U2"}, {"blue"}),
    ],
)
def test_the_list_filters(city: City, query: dict[str, str], shown: set[str]) -> None:
    reports = {
        "red": risk(city.u1, level="red"),
        "blue": risk(city.u2, level="blue", kind="layoff"),
        "closed": risk(city.u1, level="yellow"),
    }
    RiskReport.objects.filter(pk=reports["closed"].pk).update(status=RiskStatus.CLOSED)
    _late(reports["red"])
    text = city.client("cadre_t1").get(LIST, query).content.decode()
    assert {name for name, r in reports.items() if r.no in text} == shown


def test_a_foreign_unit_code_shows_nothing_and_says_why(city: City) -> None:
    mine = risk(city.u1)
    risk(city.u3)
    text = city.client("cadre_d1").get(LIST, {"org": city.u3.code}).content.decode()
    assert "在您的权限范围内没有这个编码的工会" in text and mine.no not in text


def test_the_information_officer_lists_the_reports_of_their_union(city: City) -> None:
    mine = risk(city.u1)
    above = risk(city.t1)
    text = city.client("info_u1").get(LIST).content.decode()
    assert mine.no in text and above.no not in text


def test_the_export_holds_the_filtered_rows_and_is_audited(city: City) -> None:
    red = risk(city.u1, level="red", amount="12000.50", affected_count=30)
    blue = risk(city.u1, level="blue")
    response = city.client("chair_u1").get(reverse("rights:risk_export"), {"level": "red"})
    rows = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
    cells = rows.get_sheet_by_index(0).to_python()
    assert [row[0] for row in cells[1:]] == [red.no]
    assert cells[1][4] == "特别重大（红色）" and cells[1][6] == "12000.50" and int(cells[1][5]) == 30
    assert blue.no not in str(cells)
    event = AuditEvent.objects.get(action="risk_report.export")
    assert event.changes == {"filters": {"level": "red"}}


def test_an_information_officer_reports_a_risk_and_the_upper_federation_is_told(city: City) -> None:
    client = city.client("info_u1")
    page = client.get(CREATE).content.decode()
    assert f'<option value="{city.u1.code}" selected>{city.u1.name}</option>' in page
    data = {
        "org": city.u1.code,
        "employer": city.e1.name,
        "kind": "arrears",
        "level": "orange",
        "affected_count": "45",
        "amount": "360000",
        "description": "二车间连续两个月未发工资，45 名职工准备集体讨薪。",
    }
    response = client.post(CREATE, data)
    report = RiskReport.objects.get()
    assert response.status_code == 302 and response["Location"] == _detail(report)
    assert (report.org, report.employer, report.level, report.affected_count, report.amount_fen) == (
        city.u1,
        city.e1,
        "orange",
        45,
        36_000_000,
    )
    assert report.reported_by == city.users["info_u1"]
    told = set(Notification.objects.filter(kind="rights.risk_reported").values_list("user__username", flat=True))
    assert "cadre_t1" in told and "info_u1" not in told
    followed = client.get(response["Location"])
    text = followed.content.decode()
    assert "已通知东一街道总工会" in text and "前签收" in text


def test_an_employer_is_found_by_its_credit_code_too(city: City) -> None:
    data = {"org": city.u1.code, "employer": city.e1.uscc.lower(), "kind": "layoff", "level": "blue"}
    city.client("chair_u1").post(CREATE, data | {"description": "拟裁员 20 人"})
    assert RiskReport.objects.get().employer == city.e1


def test_a_wrong_report_keeps_what_was_typed_and_shows_each_error_at_its_field(city: City) -> None:
    data = {
        "org": city.u1.code,
        "employer": "不存在的公司",
        "kind": "",
        "level": "red",
        "affected_count": "很多",
        "amount": "12.345",
        "description": "",
    }
    response = city.client("chair_u1").post(CREATE, data)
    form = response.context["form"]
    assert response.status_code == 200 and not RiskReport.objects.exists()
    assert "在您的权限范围内没有这个单位" in form.errors["employer"][0]
    text = response.content.decode()
    assert 'value="不存在的公司"' in text and 'value="12.345"' in text and 'value="很多"' in text
    assert '<option value="red" selected>' in text
    # With a known employer the service names the rest, each at its field.
    response = city.client("chair_u1").post(CREATE, data | {"employer": ""})
    errors = response.context["form"].errors
    assert "请选择风险类型" in errors["kind"][0]
    assert "涉及人数应为 0 或正整数" in errors["affected_count"][0]
    assert "两位小数" in errors["amount"][0]
    assert "请写明情况" in errors["description"][0]


def test_a_unit_outside_reach_cannot_be_reported_for(city: City) -> None:
    data = {"org": city.u3.code, "kind": "layoff", "level": "blue", "description": "拟裁员"}
    response = city.client("cadre_d1").post(CREATE, data)
    assert response.context["form"].errors["org"] == ["在您的权限范围内没有这个工会，请从列表中选择。"]
    assert city.u3.name not in response.content.decode()
    assert not RiskReport.objects.exists()


def test_the_unit_is_picked_from_a_search_of_the_units_the_user_reports_for(city: City) -> None:
    client = city.client("city_admin")
    text = client.get(CREATE).content.decode()
    assert 'data-remote="/orgs/pick/units/?cap=risk.report"' in text
    data = {"org": city.u3.code + "X", "kind": "layoff", "level": "blue", "description": "拟裁员"}
    response = client.post(CREATE, data)
    assert "在您的权限范围内没有这个工会" in response.context["form"].errors["org"][0]
    response = client.post(CREATE, data | {"org": city.u3.code})
    assert response.status_code == 302 and RiskReport.objects.get().org == city.u3


def test_an_information_officer_filters_the_risk_list_among_the_units_they_report_for(city: City) -> None:
    risk(city.u1)
    response = city.client("info_u1").get(LIST, {"org": city.u1.code})
    assert 'data-remote="/orgs/pick/units/?cap=risk.report"' in response.content.decode()
    assert f'<option value="{city.u1.code}" selected>' in response.content.decode()


def test_a_reviewer_may_not_report_and_who_reads_no_rights_gets_404(city: City) -> None:
    assert city.client("reviewer_d1").get(CREATE).status_code == 403
    assert city.client("sysadmin").get(CREATE).status_code == 404
    assert city.client("nobody").get(LIST).status_code == 404


def _buttons(city: City, who: str, report: RiskReport) -> set[str]:
    response = city.client(who).get(_detail(report))
    text = response.content.decode().split('data-testid="buttons"')[1].split("</div>")[0]
    return {label for label in ("签收", "添加跟踪记录", "化解销号") if label in text}


def test_the_detail_shows_only_the_buttons_each_user_may_use(city: City) -> None:
    report = risk(city.u1)
    assert _buttons(city, "cadre_t1", report) == {"签收", "添加跟踪记录", "化解销号"}
    assert _buttons(city, "city_admin", report) == {"签收", "添加跟踪记录", "化解销号"}
    assert _buttons(city, "chair_u1", report) == {"添加跟踪记录"}
    assert _buttons(city, "info_u1", report) == {"添加跟踪记录"}
    assert _buttons(city, "reviewer_d1", report) == set()
    assert city.client("outsider").get(_detail(report)).status_code == 404
    assert city.client("chair_u3").get(_detail(report)).status_code == 404


def test_a_report_of_a_town_is_acknowledged_by_its_district(city: City) -> None:
    report = risk(city.t1)
    assert _buttons(city, "cadre_d1", report) == {"签收", "添加跟踪记录", "化解销号"}
    assert _buttons(city, "cadre_t1", report) == {"添加跟踪记录"}  # the reporting side follows up only


def test_acknowledging_late_says_so_and_shows_in_the_timeline(city: City) -> None:
    report = risk(city.u1, level="red")
    _late(report)
    client = city.client("cadre_t1")
    assert "已超时" in client.get(_detail(report)).content.decode()
    response = client.post(reverse("rights:risk_acknowledge", args=[report.pk]), follow=True)
    text = response.content.decode()
    report.refresh_from_db()
    assert report.status == RiskStatus.ACKNOWLEDGED and report.acknowledged_by == city.users["cadre_t1"]
    assert "已超过签收期限" in text and "签收（超时签收）" in text
    assert _buttons(city, "cadre_t1", report) == {"添加跟踪记录", "化解销号"}
    again = client.post(reverse("rights:risk_acknowledge", args=[report.pk]), follow=True)
    assert "无需签收" in again.content.decode()


def test_the_reporting_union_may_not_acknowledge_its_own_report(city: City) -> None:
    report = risk(city.u1)
    response = city.client("chair_u1").post(reverse("rights:risk_acknowledge", args=[report.pk]))
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == RiskStatus.REPORTED
    refusal = AuditEvent.objects.get(action="risk.acknowledge")
    assert refusal.success is False and refusal.actor == city.users["chair_u1"]


def test_following_up_and_closing_through_the_pages(city: City) -> None:
    report = risk(city.u1)
    city.client("cadre_t1").post(reverse("rights:risk_acknowledge", args=[report.pk]))
    follow_up = reverse("rights:risk_follow_up", args=[report.pk])
    empty = city.client("info_u1").post(follow_up, {"note": "  "})
    assert "请填写跟踪处置情况" in empty.content.decode()
    response = city.client("info_u1").post(follow_up, {"note": "已约谈企业负责人，承诺月底前补发。"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == RiskStatus.FOLLOWING
    assert RiskFollowUp.objects.get().by == city.users["info_u1"]
    close = reverse("rights:risk_close", args=[report.pk])
    assert "请填写处置结果" in city.client("cadre_t1").post(close, {"resolution": ""}).content.decode()
    assert city.client("chair_u1").get(close).status_code == 403
    city.client("cadre_t1").post(close, {"resolution": "工资已全部补发，职工情绪稳定。"})
    report.refresh_from_db()
    assert report.status == RiskStatus.CLOSED and report.resolution.startswith("工资已全部补发")
    text = city.client("reviewer_d1").get(_detail(report)).content.decode()
    timeline = text.split('data-testid="timeline"')[1]
    assert timeline.index("报告") < timeline.index("签收") < timeline.index("跟踪处置") < timeline.index("化解销号")
    assert "已约谈企业负责人" in timeline and "info_u1" in timeline
    assert _buttons(city, "cadre_t1", report) == set()
    later = city.client("info_u1").get(follow_up, follow=True)
    assert "预警已化解" in later.content.decode()


def test_the_agenda_lists_open_orange_and_red_reports_grouped_by_level(city: City) -> None:
    red = risk(city.u1, level="red", affected_count=80)
    orange = risk(city.u2, level="orange", affected_count=20)
    yellow = risk(city.u1, level="yellow")
    closed = risk(city.u1, level="red")
    RiskReport.objects.filter(pk=closed.pk).update(status=RiskStatus.CLOSED)
    foreign = risk(city.u3, level="red")
    RiskFollowUp.objects.create(report=orange, note="街道已介入协调")
    text = city.client("reviewer_d1").get(AGENDA).content.decode()
    red_part = text.split('data-testid="agenda-red"')[1].split("</section>")[0]
    orange_part = text.split('data-testid="agenda-orange"')[1].split("</section>")[0]
    assert red.no in red_part and orange.no in orange_part and orange.no not in red_part
    assert text.index('data-testid="agenda-red"') < text.index('data-testid="agenda-orange"')
    for absent in (yellow, closed, foreign):
        assert absent.no not in text
    assert "共 2 条，涉及 100 人" in text and "街道已介入协调" in orange_part


def _menu(city: City, who: str) -> list[str]:
    return [item["label"] for item in city.client(who).get(LIST).context["nav"]]


# The joint meeting's agenda is the federations' (PRODUCT.md §3.11): a grassroots chair is not offered it.
@pytest.mark.parametrize(
    ("who", "agenda"), [("chair_u1", False), ("cadre_d1", True), ("reviewer_d1", True), ("info_u1", False)]
)
def test_the_menu_lists_the_risk_reports_once_for_readers_and_reporters_alike(
    city: City, who: str, agenda: bool
) -> None:
    labels = _menu(city, who)
    assert labels.count("风险预警") == 1
    assert ("联席会议议题" in labels) is agenda


def test_the_reports_of_another_district_answer_404_everywhere(city: City, settings: Any) -> None:
    report = risk(city.u3)
    client = city.client("cadre_d1")
    for name in ("risk_detail", "risk_follow_up", "risk_close"):
        assert client.get(reverse(f"rights:{name}", args=[report.pk])).status_code == 404
    assert client.post(reverse("rights:risk_acknowledge", args=[report.pk])).status_code == 404
    report.refresh_from_db()
    assert report.status == RiskStatus.REPORTED
