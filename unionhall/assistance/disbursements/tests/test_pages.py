"""The disbursement pages: requesting from an archive, the actions each role is offered, approving, paying and
cancelling through forms, and the exports (card numbers masked unless revealed and audited)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from unionhall.assistance.disbursements import services
from unionhall.assistance.models import Disbursement, DisbursementStatus
from unionhall.core.models import AuditEvent
from unionhall.funds.models import Budget
from unionhall.tests import factories
from unionhall.tests.city import City
from unionhall.tests.factories import a_request

pytestmark = pytest.mark.django_db


def sheet(response: Any) -> list[list[Any]]:
    data = b"".join(response.streaming_content)
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()


def test_a_chair_requests_from_an_archive_and_sees_only_budgets_on_its_chain(city: City) -> None:
    fund = factories.fund()
    d1 = factories.budget_chain(city.d1, 2_000_00, the_fund=fund)
    factories.budget_chain(city.u3, 2_000_00, the_fund=fund)
    archive = factories.hardship_file(city.u1)
    programme = factories.programme(fund=fund)
    client = city.client("chair_u1")
    url = reverse("funds:disbursement_new") + f"?file={archive.pk}"
    page = client.get(url).content.decode()
    assert "东区总工会" in page and "西方纺织公司工会" not in page
    kept = client.post(url, {"programme": programme.pk, "budget": d1.pk, "amount": "abc"})
    assert "请输入金额" in kept.content.decode() and 'value="abc"' in kept.content.decode()
    done = client.post(url, {"programme": programme.pk, "budget": d1.pk, "amount": "800"})
    assert done.status_code == 302
    d = Disbursement.objects.get()
    assert (d.amount_fen, d.budget, d.requested_by) == (800_00, d1, city.users["chair_u1"])


def test_each_role_is_offered_only_the_actions_it_may_take(city: City) -> None:
    d = a_request(city, amount_fen=6_000_00)
    detail = reverse("funds:disbursement", args=[d.pk])
    chair = city.client("chair_u1").get(detail).content.decode()
    assert "审批通过" not in chair and "驳回" not in chair
    cadre = city.client("cadre_t1")
    assert "第一次审批" in cadre.get(detail).content.decode()
    assert cadre.post(reverse("funds:disbursement_approve", args=[d.pk]), {"note": "属实"}).status_code == 302
    after = cadre.get(detail).content.decode()
    assert "cadre_t1" in after and "属实" in after and "审批通过" not in after  # not twice by the same person
    assert "批准并从预算支出" in city.client("cadre_d1").get(detail).content.decode()


def test_an_approval_the_budget_cannot_cover_is_shown_next_to_the_form(city: City) -> None:
    d = a_request(city, amount_fen=1_000_00, budget_fen=500_00)
    response = city.client("cadre_t1").post(reverse("funds:disbursement_approve", args=[d.pk]), {})
    assert response.status_code == 200
    assert "余额不足" in response.content.decode()
    d.refresh_from_db()
    assert d.status == DisbursementStatus.REQUESTED


def test_paying_and_cancelling_from_the_page(city: City) -> None:
    d = services.disbursement_approve(actor=city.users["cadre_t1"], disbursement=a_request(city, amount_fen=900_00))
    client = city.client("cadre_t1")
    missing = client.post(reverse("funds:disbursement_pay", args=[d.pk]), {"paid_on": timezone.localdate().isoformat()})
    assert missing.status_code == 200 and "这个字段是必填项" in missing.content.decode()
    paid = client.post(
        reverse("funds:disbursement_pay", args=[d.pk]),
        {"paid_on": timezone.localdate().isoformat(), "bank_ref": "ICBC-1"},
    )
    assert paid.status_code == 302
    cancelled = client.post(reverse("funds:disbursement_cancel", args=[d.pk]), {"reason": "银行退回"})
    assert cancelled.status_code == 302
    d.refresh_from_db()
    assert d.status == DisbursementStatus.CANCELLED
    assert Budget.objects.get(pk=d.budget_id).spent_fen == 0


def test_the_disbursement_list_filters_and_exports(city: City) -> None:
    d = a_request(city, amount_fen=321_00)
    a_request(city, amount_fen=123_00, budget=d.budget)
    services.disbursement_reject(actor=city.users["cadre_t1"], disbursement=d, reason="重复")
    client = city.client("reviewer_d1")
    page = client.get(reverse("funds:disbursements"), {"status": "rejected"}).content.decode()
    assert "321.00" in page and "123.00" not in page
    rows = sheet(client.get(reverse("funds:disbursement_export"), {"status": "requested"}))
    assert rows[0][0] == "编号" and [r[5] for r in rows[1:]] == ["123.00"]
    foreign = client.get(reverse("funds:disbursements"), {"org": "D2"}).content.decode()
    assert "在您的权限范围内没有这个编码的工会" in foreign and "123.00" not in foreign


def test_reconciliation_masks_card_numbers_unless_revealed_and_audited(city: City) -> None:
    d = services.disbursement_approve(actor=city.users["cadre_t1"], disbursement=a_request(city, amount_fen=500_00))
    services.disbursement_pay(
        actor=city.users["cadre_t1"], disbursement=d, paid_on=timezone.localdate(), bank_ref="B-77"
    )
    period = {"paid_from": "2000-01-01", "paid_to": "2100-01-01"}
    masked = sheet(city.client("reviewer_d1").get(reverse("funds:reconciliation_export"), period))
    assert masked[1][:7] == [d.no, "王困难", "6222 **** **** 0123", "工商银行", "500.00", timezone.localdate(), "B-77"]
    unmasked = reverse("funds:reconciliation_export_unmasked")
    purpose = period | {"purpose": "与银行对账", "confirm": "on"}
    assert city.client("reviewer_d1").post(unmasked, purpose).status_code == 404
    clear = sheet(city.client("cadre_t1").post(unmasked, purpose))
    assert clear[1][2] == "6222021234567890123"
    event = AuditEvent.objects.filter(action="disbursement.accounts_reveal", success=True).get()
    assert event.actor_name == "cadre_t1" and event.changes["count"] == 1
    assert event.changes["purpose"] == "与银行对账"
    export = AuditEvent.objects.filter(action="funds.export").latest("id")
    assert (export.changes["unmasked"], export.changes["purpose"]) == (True, "与银行对账")


def test_full_card_numbers_never_leave_by_a_link(city: City) -> None:
    d = services.disbursement_approve(actor=city.users["cadre_t1"], disbursement=a_request(city, amount_fen=500_00))
    services.disbursement_pay(
        actor=city.users["cadre_t1"], disbursement=d, paid_on=timezone.localdate(), bank_ref="B-77"
    )
    period = {"paid_from": "2000-01-01", "paid_to": "2100-01-01"}
    client = city.client("cadre_t1")
    before = AuditEvent.objects.count()
    for response in (
        client.get(reverse("funds:reconciliation_export"), period | {"unmask": "on"}),
        client.get(reverse("funds:reconciliation_export_unmasked"), period),
    ):
        assert response.status_code == 405
        assert "不能通过链接下载" in response.content.decode()
    # without a purpose: the form again, nothing revealed
    again = client.post(reverse("funds:reconciliation_export_unmasked"), period | {"confirm": "on"})
    assert again.status_code == 200 and "请填写导出完整数据的用途。" in again.content.decode()
    assert AuditEvent.objects.count() == before
    # from another site: no CSRF token, refused
    other_site = Client(enforce_csrf_checks=True)
    other_site.force_login(city.users["cadre_t1"])
    purpose = period | {"purpose": "与银行对账", "confirm": "on"}
    before = AuditEvent.objects.count()  # logging in is an event of its own
    assert other_site.post(reverse("funds:reconciliation_export_unmasked"), purpose).status_code == 403
    assert AuditEvent.objects.count() == before
    # an outsider (D2) may reveal D2's accounts but gets none of D1's rows
    rows = sheet(city.client("outsider").post(reverse("funds:reconciliation_export_unmasked"), purpose))
    assert rows[1:] == []


def test_the_disbursement_list_offers_the_purpose_form_only_to_who_may_reveal(city: City) -> None:
    action = f'action="{reverse("funds:reconciliation_export_unmasked")}"'
    page = city.client("cadre_t1").get(reverse("funds:disbursements")).content.decode()
    assert action in page and 'name="purpose"' in page
    assert 'name="unmask"' not in page
    assert action not in city.client("reviewer_d1").get(reverse("funds:disbursements")).content.decode()


def test_the_disbursement_page_offers_the_printable_approval_form(city: City) -> None:
    d = a_request(city, amount_fen=800_00)
    page = city.client("chair_u1").get(reverse("funds:disbursement", args=[d.pk])).content.decode()
    assert reverse("reports:approval_pdf", args=[d.pk]) in page
    pdf = city.client("chair_u1").get(reverse("reports:approval_pdf", args=[d.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    assert city.client("outsider").get(reverse("funds:disbursement", args=[d.pk])).status_code == 404
