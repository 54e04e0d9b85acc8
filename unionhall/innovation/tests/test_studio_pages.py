"""The studio pages: registered from a form that takes member numbers and says every error at its field,
listed with filters, sorting and Excel export, a studio's page with its counts and verified benefit, results
linked by number, the yearly review recorded by the federation above with its evidence (a second one of the
year refused in Chinese at its field), the revoke step confirming; an outsider gets 404 everywhere."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from unionhall.innovation import nav, studio_services
from unionhall.innovation.models import Studio, StudioRating, StudioReview, StudioStatus
from unionhall.innovation.tests.studio_support import review_pdf, studio, studio_patent, studio_submission
from unionhall.innovation.tests.support import member
from unionhall.members.models import Membership
from unionhall.tests.city import City

pytestmark = pytest.mark.django_db


def _number(person_id: int) -> str:
    return Membership.objects.get(person_id=person_id).member_no


def test_a_union_registers_a_studio_from_the_form_and_errors_stand_at_their_fields(city: City) -> None:
    lead, other = member(city.u1, "吴劳模"), member(city.u1, "郑工匠")
    client = city.client("chair_u1")
    url = reverse("innovation:studio_create")
    bad = client.post(url, {"org": city.u1.code, "name": "", "level": "", "lead_no": "GH404", "founded_on": ""})
    assert bad.status_code == 200
    errors = bad.context["form"].errors
    assert {"name", "level", "lead_no", "founded_on"} <= set(errors)
    assert errors["lead_no"] == ["没有找到这个在会会员。"]
    assert "提交的内容有" in bad.content.decode()  # the summary above the form, in Chinese
    data = {
        "org": city.u1.code,
        "name": "吴劳模创新工作室",
        "level": "city",
        "lead_no": _number(lead.pk),
        "lead_title": "苏州市劳动模范",
        "founded_on": "2022-04-28",
        "members": _number(other.pk),
    }
    done = client.post(url, data)
    s = Studio.objects.get(name="吴劳模创新工作室")
    assert done.status_code == 302 and done["Location"] == reverse("innovation:studio", args=[s.pk])
    assert s.members.count() == 2 and s.lead == lead


def test_the_list_filters_sorts_and_exports_and_names_no_other_district_s_studio(city: City) -> None:
    ours = studio(city)
    provincial = studio(city, name="省级工匠工作室", level="provincial")
    studio(city, org=city.u3, name="西区纺织工匠创新工作室")
    Studio.objects.filter(pk=provincial.pk).update(flagged=True)
    client = city.client("cadre_d1")
    url = reverse("innovation:studios")
    page = client.get(url).content.decode()
    assert ours.name in page and provincial.name in page and "西区纺织" not in page
    only = client.get(url, {"level": "provincial"}).content.decode()
    assert provincial.name in only and ours.name not in only
    flagged = client.get(url, {"flagged": "1"}).content.decode()
    assert provincial.name in flagged and ours.name not in flagged
    up, down = (client.get(url, {"sort": key}).content.decode() for key in ("name", "-name"))
    assert up.index(ours.name) < up.index(provincial.name)  # 张 before 省
    assert down.index(provincial.name) < down.index(ours.name)
    sheet = client.get(reverse("innovation:studio_export"))
    rows = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(sheet.streaming_content))).get_sheet_by_index(0)
    cells = " ".join(str(c) for row in rows.to_python() for c in row)
    assert ours.name in cells and "西区纺织" not in cells
    assert city.client("outsider").get(url).content.decode().count(ours.name) == 0


def test_the_studio_page_shows_its_counts_and_verified_benefit_after_linking_by_number(city: City) -> None:
    s = studio(city)
    first = studio_submission(s, benefit_fen=80_000_00)
    second = studio_submission(s, benefit_fen=45_500_00, title="夹具快速换型")
    patent = studio_patent(s)
    client = city.client("chair_u1")
    link = reverse("innovation:studio_link", args=[s.pk])
    bad = client.post(link, {"submissions": "CX404", "patents": ""})
    assert "没有找到这些创新成果：CX404。" in bad.content.decode()
    done = client.post(link, {"submissions": f"{first.no}\n{second.no}", "patents": patent.number})
    assert done.status_code == 302
    page = client.get(reverse("innovation:studio", args=[s.pk])).content.decode()
    assert 'data-testid="submission-count">2<' in page
    assert 'data-testid="patent-count">1<' in page
    assert "125,500.00 元" in page
    outsider = city.client("outsider")
    assert outsider.get(reverse("innovation:studio", args=[s.pk])).status_code == 404
    assert outsider.post(link, {"submissions": first.no}).status_code == 404


def test_the_federation_above_records_the_review_once_and_its_evidence_downloads(city: City) -> None:
    s = studio(city)
    client = city.client("cadre_t1")
    url = reverse("innovation:studio_review", args=[s.pk])
    data = {"year": "2024", "rating": StudioRating.FAIL, "comment": "全年无新成果。"}
    assert client.post(url, {**data, "upload": review_pdf()}).status_code == 302
    again = client.post(url, {**data, "upload": review_pdf()})
    assert again.status_code == 200
    assert "该工作室 2024 年度已考评（不合格），每年只考评一次。" in again.content.decode()
    assert StudioReview.objects.filter(studio=s).count() == 1
    assert city.client("chair_u1").get(url).status_code == 403  # its own union may not review
    assert city.client("outsider").get(url).status_code == 404
    review = StudioReview.objects.get(studio=s)
    file = review.evidence.get()
    download = reverse("innovation:studio_review_file", args=[s.pk, file.pk])
    assert city.client("chair_u1").get(download).status_code == 200
    assert city.client("outsider").get(download).status_code == 404
    page = city.client("cadre_d1").get(reverse("innovation:studio", args=[s.pk])).content.decode()
    assert "全年无新成果。" in page and "不合格" in page


def test_revoking_asks_to_confirm_and_needs_a_reason(city: City) -> None:
    s = studio(city)
    client = city.client("cadre_d1")
    page = client.get(reverse("innovation:studio", args=[s.pk])).content.decode()
    assert 'data-step="revoke"' in page
    url = reverse("innovation:studio_step", args=[s.pk, "revoke"])
    form = client.get(url).content.decode()
    assert "data-confirm=" in form and "撤销命名" in form
    assert client.post(url, {"reason": ""}).status_code == 200
    assert Studio.objects.get(pk=s.pk).status == StudioStatus.ACTIVE
    assert client.post(url, {"reason": "连续两年考评不合格"}).status_code == 302
    assert Studio.objects.get(pk=s.pk).status == StudioStatus.REVOKED
    assert city.client("chair_u1").post(url, {"reason": "x"}).status_code == 403


def test_studios_awaiting_review_are_counted_for_the_federation_above(city: City, settings) -> None:  # type: ignore[no-untyped-def]
    from django.utils import timezone

    settings.STUDIO_REVIEW_MONTH = 1  # whatever today's month, this year's review is due
    s = studio(city)
    assert nav.studios_due(city.users["cadre_t1"]) == 1
    assert nav.studios_due(city.users["chair_u1"]) == 0
    assert nav.studios_due(city.users["outsider"]) == 0
    listed = city.client("cadre_t1").get(reverse("innovation:studios"), {"due": "1"}).content.decode()
    assert s.name in listed
    studio_services.studio_review_record(
        actor=city.users["cadre_t1"],
        studio=s,
        year=timezone.localdate().year,
        rating=StudioRating.PASS,
        comment="合格。",
        upload=review_pdf(),
    )
    assert nav.studios_due(city.users["cadre_t1"]) == 0
    listed = city.client("cadre_t1").get(reverse("innovation:studios"), {"due": "1"}).content.decode()
    assert s.name not in listed
