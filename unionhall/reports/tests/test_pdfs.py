"""The two printouts: they render as PDFs, in Chinese, say what they must, mask what they must, fetch
nothing from the network and answer an outsider 404."""

from __future__ import annotations

import hashlib
import io
from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from fontTools.ttLib import TTFont

from unionhall.assistance.models import FileStatus, HouseholdMember
from unionhall.core.audit import AuditEvent
from unionhall.documents import pdf
from unionhall.documents.models import IssuedDocument
from unionhall.reports.views import approval_context, notice_context
from unionhall.tests import factories
from unionhall.tests.city import City

FULL_ACCOUNT = "6222021234567890123"


def a_disbursement(city: City) -> Any:
    fund = factories.fund(name="帮扶专项资金")
    prog = factories.programme(fund=fund)
    budget = factories.budget_chain(city.u1, 100_000_00, the_fund=fund)
    f = factories.archive(city.u1, name="王小明", causes=["illness", "unemployment"], description="妻子患病，长期住院")
    HouseholdMember.objects.create(file=f, name="张丽", relation="spouse", birth_year=1982, occupation="无业")
    return factories.disbursement(f, prog, budget, 1_234_50, approvers=(city.users["cadre_t1"], city.users["cadre_d1"]))


def test_the_approval_form_says_who_what_how_much_in_capitals_and_who_approved(city: City) -> None:
    d = a_disbursement(city)
    doc = pdf.document("reports/approval_pdf.html", approval_context(d))
    text = pdf.text_of(doc)
    assert doc.write_pdf().startswith(b"%PDF-")
    assert len(doc.pages) == 1  # one A4 sheet to sign and stamp
    # Drawn with the project's Noto Sans SC (documents/build_fonts.py), not a fallback without Chinese glyphs.
    families = {TTFont(io.BytesIO(f.file_content))["name"].getDebugName(1) for f in doc.fonts.values()}
    assert families == {"Noto Sans SC"}, families
    for expected in (
        "困难职工帮扶审批表",
        "王小明",
        "东方机械公司工会",
        "深度困难",
        "因病、失业",
        "妻子患病",
        "张丽",
        d.programme.name,
        "1,234.50",
        "壹仟贰佰叁拾肆元伍角整",
        "cadre_t1",
        "cadre_d1",
        "6222 **** **** 0123",
        "（盖章）",
    ):
        assert expected in text, expected
    assert FULL_ACCOUNT not in text  # masked, whoever prints it


def test_the_notice_masks_names_and_shows_no_personal_data(city: City) -> None:
    f = factories.archive(
        city.u1,
        name="王小明",
        status=FileStatus.NOTICE,
        notice_starts_on=date(2026, 11, 20),
        notice_ends_on=date(2026, 11, 25),
        phone="13912345678",
    )
    factories.archive(city.u1, name="李四", status=FileStatus.APPROVED)  # not in notice
    factories.archive(city.u3, name="周五", status=FileStatus.NOTICE)  # another district
    text = pdf.text_of(pdf.document("reports/notice_pdf.html", notice_context(city.users["cadre_d1"], city.d1)))
    assert "困难职工帮扶公示名单" in text
    assert "王*明" in text and "王小明" not in text
    assert "李*" not in text and "周*" not in text
    assert "东方机械公司工会" in text and "深度困难" in text and "因病" in text
    assert "2026年11月20日至 2026年11月25日" in text  # one date a line
    assert "异议" in text and "东区总工会" in text
    assert "13912345678" not in text and f.person.id_number_masked not in text
    assert "6222" not in text


def test_the_pdfs_are_pdfs_and_are_audited(city: City) -> None:
    d = a_disbursement(city)
    client = city.client("chair_u1")
    for url, action in (
        (reverse("reports:approval_pdf", args=[d.pk]), "reports.approval_pdf"),
        (reverse("reports:notice_pdf", args=[city.u1.pk]), "reports.notice_pdf"),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")
        assert AuditEvent.objects.filter(action=action).exists()


def test_each_printout_is_registered_and_its_check_page_names_no_one(city: City) -> None:
    d = a_disbursement(city)
    chair = city.client("chair_u1")
    approval = chair.get(reverse("reports:approval_pdf", args=[d.pk])).content
    notice = chair.get(reverse("reports:notice_pdf", args=[city.u1.pk])).content
    issued = {doc.kind: doc for doc in IssuedDocument.objects.all()}
    assert set(issued) == {"reports.approval", "reports.notice"}
    assert issued["reports.approval"].sha256 == hashlib.sha256(approval).hexdigest()
    assert issued["reports.notice"].sha256 == hashlib.sha256(notice).hexdigest()
    serial = issued["reports.approval"].serial
    event = AuditEvent.objects.get(action="reports.approval_pdf")
    assert event.changes["serial"] == serial
    # The printout's QR code opens the check page; an outsider (or anybody) learns what it is, not whom.
    page = city.client("outsider").get(reverse("documents:verify", kwargs={"token": issued["reports.approval"].token}))
    assert page.status_code == 200
    text = page.content.decode()
    assert "文件真实有效" in text and "困难职工帮扶审批表" in text and serial in text and "东方机械公司工会" in text
    for private in ("王小明", "王*明", "张丽", d.no, d.file.no, "1,234.50", "0123", "cadre_t1", "chair_u1"):
        assert private not in text, private


def test_an_outsider_gets_404_for_the_pdfs_of_another_district(city: City) -> None:
    d = a_disbursement(city)
    client = city.client("outsider")
    assert client.get(reverse("reports:approval_pdf", args=[d.pk])).status_code == 404
    assert client.get(reverse("reports:notice_pdf", args=[city.u1.pk])).status_code == 404
    assert client.get(reverse("reports:approval_pdf", args=[999_999])).status_code == 404


@pytest.mark.parametrize(
    "url", ["http://example.com/x.png", "https://example.com/x.css", "ftp://example.com/x", "file:///etc/passwd"]
)
def test_the_renderer_fetches_nothing_but_static_files(url: str) -> None:
    with pytest.raises(pdf.RefusedURL):
        pdf.LocalFetcher().fetch(url)


def test_a_static_file_may_be_fetched(settings: Any) -> None:
    from pathlib import Path

    target = Path(settings.STATICFILES_DIRS[0]) / "css" / "unionhall.css"
    response = pdf.LocalFetcher().fetch(target.resolve().as_uri())
    assert response is not None
