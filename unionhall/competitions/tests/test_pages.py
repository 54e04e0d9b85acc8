"""The competition pages: the list narrowed to what the user organizes or takes part in, with its Excel; the
setup forms; the result entry form telling every error at once in Chinese; the organizer verifying from the
competition's page; the ranking fragment the page polls; the printouts; the 待办 count; the outsider's 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from unionhall.competitions import selectors
from unionhall.competitions.models import Result, ResultStatus
from unionhall.competitions.tests.support import competition, enter
from unionhall.console.registry import entries
from unionhall.console.views import waiting_work
from unionhall.core.models import AuditEvent
from unionhall.tests.city import City

pytestmark = pytest.mark.django_db


def test_the_list_shows_what_the_union_organizes_or_takes_part_in(city: City) -> None:
    competition(city)
    competition(city, org=city.d2, title="西区安全竞赛", participants=("u3",))
    page = city.client("chair_u1").get(reverse("competitions:list"))
    assert page.status_code == 200
    assert "东区重点工程劳动竞赛" in page.content.decode() and "西区安全竞赛" not in page.content.decode()
    found = city.client("chair_u3").get(reverse("competitions:list"), {"q": "西区"}).content.decode()
    assert "西区安全竞赛" in found and "东区重点工程" not in found
    export = city.client("cadre_d1").get(reverse("competitions:export"))
    assert export.status_code == 200 and AuditEvent.objects.filter(action="competition.export").exists()


def test_a_cadre_registers_a_competition_and_sets_it_up(city: City) -> None:
    client = city.client("cadre_d1")
    made = client.post(
        reverse("competitions:create"),
        {
            "org": city.d1.code,
            "title": "东区窗口服务竞赛",
            "kind": "window",
            "starts_on": "2026-01-01",
            "ends_on": "2026-06-30",
            "co_organizers": city.t1.code,
        },
    )
    assert made.status_code == 302
    url = made["Location"]
    pk = int(url.rstrip("/").split("/")[-1])
    added = client.post(
        reverse("competitions:indicator_add", args=[pk]),
        {"code": "MY", "name": "群众满意率", "weight": "100", "target": "95", "unit": "%", "direction": "higher",
         "method": "ratio", "cap_percent": "110"},
    )  # fmt: skip
    assert added.status_code == 302
    client.post(reverse("competitions:participant_add", args=[pk]), {"org": city.u1.code})
    assert client.post(reverse("competitions:start", args=[pk])).status_code == 302
    body = client.get(url).content.decode()
    assert "进行中" in body and "群众满意率" in body and "东方机械公司工会" in body and "协办：东一街道总工会" in body


def test_every_error_of_a_new_competition_shows_at_once(city: City) -> None:
    page = city.client("cadre_d1").post(
        reverse("competitions:create"),
        {
            "org": city.d1.code,
            "kind": "five",
            "starts_on": "2026-05-01",
            "ends_on": "2026-01-01",
            "co_organizers": "D2 D1-T1",
        },
    )
    assert page.status_code == 200
    errors = page.context["form"].errors
    assert set(errors) >= {"title", "ends_on", "co_organizers"}
    assert errors["co_organizers"] == ["在您的权限范围内没有这些单位：D2。"]
    assert "结束日期不能早于开始日期。" in errors["ends_on"]


def test_the_result_form_tells_every_error_at_once_and_saves_nothing(city: City) -> None:
    made = competition(city)
    page = city.client("chair_u1").post(reverse("competitions:result_enter", args=[made.pk]), {"value": "-3"})
    assert page.status_code == 200
    errors = page.context["form"].errors
    assert set(errors) == {"participant", "stage", "indicator", "value"}
    assert errors["value"] == ["数值不能为负数。"]
    assert not Result.objects.exists()


def test_a_participant_enters_and_the_organizer_verifies_from_the_competitions_page(city: City) -> None:
    made = competition(city)
    chair = city.client("chair_u1")
    form = chair.get(reverse("competitions:result_enter", args=[made.pk])).context["form"]
    assert [label for _, label in form.fields["participant"].choices] == ["—", "东方机械公司工会"]
    chair.post(
        reverse("competitions:result_enter", args=[made.pk]),
        {"participant": made.participants.get(org=city.u1).pk, "stage": made.stages.get(number=1).pk,
         "indicator": made.indicators.get(code="JD").pk, "value": "105"},
    )  # fmt: skip
    result = Result.objects.get()
    cadre = city.client("cadre_d1")
    assert selectors.waiting_count(city.users["cadre_d1"]) == 1
    assert any(e.label == "劳动竞赛" for e in entries())
    waiting = [i for i in waiting_work(city.users["cadre_d1"]) if i["label"] == "有待核定成绩的劳动竞赛"]
    assert waiting[0]["count"] == 1
    assert cadre.get(waiting[0]["url"]).context["page"].paginator.count == 1
    assert not [i for i in waiting_work(city.users["outsider"]) if i["label"] == "有待核定成绩的劳动竞赛"]
    detail = cadre.get(reverse("competitions:competition", args=[made.pk])).content.decode()
    assert f'data-result="{result.pk}"' in detail and 'data-testid="verify"' in detail
    assert 'data-testid="verify"' not in chair.get(reverse("competitions:competition", args=[made.pk])).content.decode()
    done = cadre.post(reverse("competitions:result_verify", args=[result.pk]), {"next": "competition"})
    assert done["Location"] == reverse("competitions:competition", args=[made.pk])
    assert Result.objects.get().status == ResultStatus.VERIFIED
    rows = chair.get(reverse("competitions:ranking_rows", args=[made.pk])).content.decode()
    assert rows.index("东方机械公司工会") < rows.index("东一村工会") and "63.00" in rows


def test_the_ranking_page_polls_its_fragment_while_the_competition_runs(city: City) -> None:
    made = competition(city)
    body = city.client("chair_u1").get(reverse("competitions:ranking", args=[made.pk])).content.decode()
    assert f'hx-get="{reverse("competitions:ranking_rows", args=[made.pk])}"' in body and "every 3s" in body
    stage = made.stages.get(number=2)
    staged = city.client("chair_u1").get(reverse("competitions:ranking", args=[made.pk]), {"stage": stage.pk})
    assert f"?stage={stage.pk}" in staged.content.decode()
    assert (
        city.client("chair_u1").get(reverse("competitions:ranking", args=[made.pk]), {"stage": "x"}).status_code == 404
    )


def test_a_returned_result_shows_its_reason_and_the_union_enters_it_again(city: City) -> None:
    made = competition(city)
    result = enter(made, city.u1, "JD", "900", actor=city.users["chair_u1"])
    city.client("cadre_d1").post(reverse("competitions:result_return", args=[result.pk]), {"reason": "应为百分比"})
    page = city.client("chair_u1").get(reverse("competitions:result", args=[result.pk])).content.decode()
    assert "应为百分比" in page and 'data-step="reenter"' in page
    city.client("chair_u1").post(reverse("competitions:result_reenter", args=[result.pk]), {"value": "90"})
    result.refresh_from_db()
    assert result.status == ResultStatus.ENTERED and str(result.value) == "90.0000"


def test_the_stage_summary_and_the_final_standings_print_as_pdf(city: City) -> None:
    made = competition(city)
    client = city.client("reviewer_d1")
    stage = made.stages.get(number=1)
    pdf = client.get(reverse("competitions:stage_pdf", args=[made.pk, stage.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="competition.stage_pdf").exists()
    city.client("cadre_d1").post(
        reverse("competitions:finish", args=[made.pk]),
        {"commendation": "授予第一名优胜单位称号。", "commended_top": "1"},
    )
    final = client.get(reverse("competitions:ranking", args=[made.pk])).content.decode()
    assert "最终排名" in final and "授予第一名优胜单位称号。" in final and "受表彰" in final
    assert client.get(reverse("competitions:standings_pdf", args=[made.pk])).content.startswith(b"%PDF")


def test_the_outsider_gets_404_on_every_page_of_the_competition(city: City) -> None:
    made = competition(city)
    result = enter(made, city.u1, "JD", "90")
    outsider = city.client("outsider")
    for url in (
        reverse("competitions:competition", args=[made.pk]),
        reverse("competitions:ranking", args=[made.pk]),
        reverse("competitions:ranking_rows", args=[made.pk]),
        reverse("competitions:result", args=[result.pk]),
    ):
        assert outsider.get(url).status_code == 404, url
    assert outsider.post(reverse("competitions:result_verify", args=[result.pk])).status_code == 404


def test_an_indicator_is_edited_and_removed_on_the_page_while_in_preparation(city: City) -> None:
    from unionhall.competitions.models import Indicator
    from unionhall.competitions.tests.support import competition
    from unionhall.core.models import AuditEvent

    made = competition(city, start=False)
    aq = made.indicators.get(code="AQ")
    cadre = city.client("cadre_d1")
    page = cadre.get(reverse("competitions:competition", args=[made.pk])).content.decode()
    assert 'data-testid="indicator-edit"' in page and 'data-testid="indicator-remove"' in page
    assert "确认删除指标 AQ" in page  # removing asks first
    url = reverse("competitions:indicator_edit", args=[made.pk, aq.pk])
    form = cadre.get(url).content.decode()
    assert 'value="安全事故"' in form
    bad = cadre.post(
        url, {"code": "JD", "name": "", "weight": "50", "target": "-1", "direction": "lower", "method": "threshold"}
    )
    text = bad.content.decode()
    assert bad.status_code == 200
    assert (
        "指标代码 JD 已经用过" in text
        and "请填写指标名称" in text
        and "本指标最多 40" in text
        and "目标值应为大于 0" in text
    )
    assert 'value="50"' in text  # what was typed stays
    good = cadre.post(
        url, {"code": "AQ", "name": "安全生产事故", "weight": "40", "target": "1", "direction": "lower",
              "method": "threshold", "cap_percent": "120"},
    )  # fmt: skip
    assert good.status_code == 302
    assert Indicator.objects.get(pk=aq.pk).name == "安全生产事故"
    assert AuditEvent.objects.filter(action="competition.indicator_edit", success=True).count() == 1
    # U1's chair sees the competition but does not set it up; the outsider does not see it.
    remove = reverse("competitions:indicator_remove", args=[made.pk, aq.pk])
    assert city.client("chair_u1").post(remove).status_code == 403
    assert city.client("outsider").post(remove).status_code == 404
    assert cadre.post(remove).status_code == 302
    assert not Indicator.objects.filter(pk=aq.pk).exists()
    assert (
        "各指标权重之和应为 100，现为 60"
        in cadre.get(reverse("competitions:competition", args=[made.pk])).content.decode()
    )
