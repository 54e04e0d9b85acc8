"""送温暖 in bulk: a preview of who and how much, then one request per household; one household refused
never stops the others and the result says why."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from unionhall.assistance.models import Disbursement, FileStatus, HardshipFile, WarmthBatch
from unionhall.core.errors import PermissionDenied, ValidationError
from unionhall.core.models import AuditEvent
from unionhall.programmes import batch as runner
from unionhall.programmes import selectors, services
from unionhall.programmes.selectors import WarmthFilters
from unionhall.programmes.tests.helpers import warmth_programme
from unionhall.tests import factories
from unionhall.tests.city import City

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def world(city: City) -> dict[str, Any]:
    """At U1: two deep and one relative approved household, one 意外致困 (not covered), one draft; at U2 one
    deep household with the cause 因灾; at U3 (the other district) one deep household."""
    programme = warmth_programme()
    budget = factories.budget_chain(city.t1, 100_000_00)
    files = {
        "deep1": factories.hardship_file(city.u1, name="甲"),
        "deep2": factories.hardship_file(city.u1, name="乙"),
        "relative": factories.hardship_file(city.u1, name="丙", category="relative"),
        "accident": factories.hardship_file(city.u1, name="丁", category="accident"),
        "draft": factories.hardship_file(city.u1, name="戊", status=FileStatus.DRAFT),
        "u2": factories.hardship_file(city.u2, name="己"),
        "u3": factories.hardship_file(city.u3, name="庚"),
    }
    HardshipFile.objects.filter(pk=files["u2"].pk).update(causes=["disaster"])
    return {"programme": programme, "budget": budget, "files": files}


def start(city: City, world: dict[str, Any], actor: str = "cadre_t1", **extra: Any) -> WarmthBatch:
    values: dict[str, Any] = {
        "programme": world["programme"],
        "budget": world["budget"],
        "filters": WarmthFilters(org=city.u1),
    }
    return services.warmth_batch_start(actor=city.users[actor], **(values | extra))


def test_the_preview_counts_households_amounts_and_who_would_be_refused(city: City, world: dict[str, Any]) -> None:
    preview = selectors.warmth_preview(
        city.users["cadre_t1"],
        programme=world["programme"],
        filters=WarmthFilters(org=city.u1),
        amount_fen=None,
        budget=world["budget"],
    )
    assert preview.households == 4  # the draft is not an archive yet
    assert preview.eligible == 3
    assert preview.total_fen == 1_000_00 + 1_000_00 + 500_00  # by category: deep 1000, else the default 500
    refused = [r for r in preview.rows if not r.ok]
    assert [r.file.person.name for r in refused] == ["丁"]
    assert "意外致困" in refused[0].reasons[0]
    assert preview.budget_remaining_fen == 100_000_00 and not preview.over_budget


def test_the_preview_filters_by_subtree_category_and_cause(city: City, world: dict[str, Any]) -> None:
    cadre = city.users["cadre_t1"]

    def names(**filters: Any) -> set[str]:
        rows = selectors.warmth_preview(
            cadre, programme=world["programme"], filters=WarmthFilters(**filters), amount_fen=300_00
        ).rows
        return {r.file.person.name for r in rows}

    assert names(org=city.t1) == {"甲", "乙", "丙", "丁", "己"}
    assert names(org=city.t1, categories=["relative", "accident"]) == {"丙", "丁"}
    assert names(org=city.t1, cause="disaster") == {"己"}
    # Everything the cadre of T1 may touch: never the other district's household.
    assert "庚" not in names(org=city.city)


def test_a_run_requests_each_household_and_one_refusal_does_not_stop_the_others(
    city: City, world: dict[str, Any]
) -> None:
    batch = start(city, world)
    assert (batch.status, batch.total, batch.done, batch.succeeded) == ("done", 4, 4, 3)
    by_file = {r["file"]: r for r in batch.results}
    accident = by_file[world["files"]["accident"].pk]
    assert accident["ok"] is False and "只面向深度困难、相对困难的档案" in accident["message"]
    paid = Disbursement.objects.filter(batch=batch).order_by("file_id")
    assert [d.file.person.name for d in paid] == ["甲", "乙", "丙"]
    assert [d.amount_fen for d in paid] == [1_000_00, 1_000_00, 500_00]
    assert all(by_file[d.file_id]["disbursement"] == d.no for d in paid)
    events = list(AuditEvent.objects.order_by("id").values_list("action", "success"))
    start_event = [("warmth_batch.start", True)]
    assert events == start_event + [("warmth_batch.request", True)] * 3 + [("warmth_batch.request", False)]


def test_a_second_run_the_same_year_is_refused_household_by_household(city: City, world: dict[str, Any]) -> None:
    start(city, world)
    again = start(city, world, amount_fen=200_00)
    assert again.succeeded == 0 and again.done == 4
    assert all("每户每年最多1次" in r["message"] for r in again.results if r["file"] != world["files"]["accident"].pk)
    assert Disbursement.objects.filter(batch=again).count() == 0


def test_a_given_amount_above_the_programme_maximum_refuses_every_household(city: City, world: dict[str, Any]) -> None:
    batch = start(city, world, amount_fen=2_000_01)
    assert batch.succeeded == 0
    assert "金额超过该项目的上限 2,000.00 元。" in batch.results[0]["message"]


def test_it_refuses_a_reviewer_a_budget_off_the_chain_and_a_programme_of_another_kind(
    city: City, world: dict[str, Any]
) -> None:
    with pytest.raises(PermissionDenied):
        start(city, world, actor="reviewer_d1")
    d2_budget = factories.budget_chain(city.u3, 1_000_00)
    with pytest.raises(ValidationError) as caught:
        start(city, world, actor="city_admin", budget=d2_budget)
    assert "不在「东方机械公司工会」的上级链上" in caught.value.field_errors["budget"][0]
    with pytest.raises(ValidationError) as caught:
        start(city, world, programme=factories.programme())
    assert caught.value.field_errors["programme"] == ["请选择送温暖类的帮扶项目。"]
    assert not WarmthBatch.objects.exists() and not Disbursement.objects.exists()


def test_a_large_batch_runs_in_the_background_as_the_person_who_started_it(
    city: City, world: dict[str, Any], settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TASKS = IMMEDIATE
    with django_capture_on_commit_callbacks(execute=True):
        batch = start(city, world, background=True)
    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.succeeded) == ("done", 4, 3)
    assert set(Disbursement.objects.values_list("requested_by__username", flat=True)) == {"cadre_t1"}


def test_the_background_threshold_is_two_hundred_households() -> None:
    assert runner.BACKGROUND_ABOVE == 200


def test_a_queued_batch_shows_a_polling_progress_bar_then_sends_the_page_to_the_results(
    city: City, world: dict[str, Any]
) -> None:
    batch = start(city, world, background=True)  # queued: the worker has not run it yet
    client = city.client("cadre_t1")
    url = reverse("programmes:batch_progress", args=[batch.pk])
    fragment = client.get(url, HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 1s"' in fragment.content.decode() and "已处理 0 / 4 户" in fragment.content.decode()
    runner.run(batch, actor=city.users["cadre_t1"])
    done = client.get(url, HTTP_HX_REQUEST="true")
    assert done["HX-Redirect"] == reverse("programmes:batch", args=[batch.pk])


def test_the_page_previews_then_runs_and_shows_and_exports_the_results(city: City, world: dict[str, Any]) -> None:
    client = city.client("cadre_t1")
    data = {"programme": world["programme"].pk, "budget": world["budget"].pk, "org": city.u1.code, "amount": ""}
    html = client.get(reverse("programmes:warmth"), data).content.decode()
    assert "共 4 户，其中符合条件 3 户，合计 2,500.00 元" in html
    assert "不符合" in html and "庚" not in html
    assert f'name="org" value="{city.u1.code}"' in html and "为以上 4 户生成救助申请" in html
    get_form = html.split('<form method="get"')[1].split("</form>")[0]
    assert "csrfmiddlewaretoken" not in get_form  # the token never lands in a URL
    response = client.post(reverse("programmes:warmth"), data)
    batch = WarmthBatch.objects.get()
    assert response["Location"] == reverse("programmes:batch", args=[batch.pk])
    html = client.get(response["Location"]).content.decode()
    assert "成功 3 户，未成功 1 户" in html and "未成功：" in html
    export = client.get(reverse("programmes:batch_export", args=[batch.pk]))
    rows = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(export.streaming_content))).get_sheet_by_index(0)
    table = rows.to_python()
    assert table[0][:5] == ["档案编号", "困难职工", "建档工会", "金额（元）", "结果"]
    assert sorted(r[4] for r in table[1:]) == ["成功", "成功", "成功", "未成功"]
    assert AuditEvent.objects.filter(action="warmth_batch.export", success=True).count() == 1


def test_the_form_keeps_what_was_typed_when_the_org_code_is_not_in_reach(city: City, world: dict[str, Any]) -> None:
    client = city.client("outsider")
    data = {"programme": world["programme"].pk, "org": city.u1.code, "amount": "88.8"}
    html = client.post(reverse("programmes:warmth"), data).content.decode()
    assert 'value="88.8"' in html and f'value="{city.u1.code}"' in html
    assert not WarmthBatch.objects.exists()


def test_the_outsider_never_sees_a_batch_of_another_district(city: City, world: dict[str, Any]) -> None:
    batch = start(city, world)
    assert city.client("outsider").get(reverse("programmes:batch", args=[batch.pk])).status_code == 404
    assert city.client("outsider").get(reverse("programmes:batch_export", args=[batch.pk])).status_code == 404
    assert "东方机械" not in city.client("outsider").get(reverse("programmes:batches")).content.decode()
