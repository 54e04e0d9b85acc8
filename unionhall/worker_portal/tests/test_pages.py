"""The worker's pages: what worker_u1 sees of their own help, that nobody else's rows reach them, and that
no other role reaches the pages at all."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from unionhall.assistance.models import FileSource, FileStatus, HardshipFile
from unionhall.core.models import AuditEvent
from unionhall.tests.city import City
from unionhall.worker_portal.tests.support import CARD_CODE, Mine, other_world, worker_user

OTHERS = ["chair_u1", "cadre_d1", "city_admin", "merchant_d1", "outsider", "sysadmin", "nobody"]


@pytest.fixture
def theirs(city: City, mine: Mine) -> Mine:
    return other_world(city)


def test_the_home_page_shows_my_archive_payment_and_card_in_plain_words(city: City, mine: Mine) -> None:
    response = city.client("worker_u1").get(reverse("worker_portal:home"))
    assert response.status_code == 200
    text = response.content.decode()
    assert mine.file.no in text and "已建档" in text
    assert "东方机械公司工会会员" in text
    assert "1,200.00" in text and "已发放" in text and "2026-11-02" in text
    assert "生活救助卡" in text and "414.50" in text  # 500.00 − 85.50
    assert f"{mine.card.number[:4]} **** **** {mine.card.number[-4:]}" in text


def test_the_home_page_never_shows_a_full_bank_account_or_card_number(city: City, mine: Mine) -> None:
    text = city.client("worker_u1").get(reverse("worker_portal:home")).content.decode()
    assert "6222021234567890123" not in text
    assert "6222 **** **** 0123" in text
    assert mine.card.number not in text
    assert CARD_CODE not in text


def test_an_archive_in_public_notice_says_until_when(city: City, mine: Mine) -> None:
    from datetime import date

    HardshipFile.objects.filter(pk=mine.file.pk).update(status=FileStatus.NOTICE, notice_ends_on=date(2026, 11, 30))
    text = city.client("worker_u1").get(reverse("worker_portal:file", kwargs={"pk": mine.file.pk})).content.decode()
    assert "公示中，至 11月30日" in text
    assert "公示期满且无异议后建档" in text


def test_a_submitted_archive_reads_as_waiting_for_verification(city: City, mine: Mine) -> None:
    HardshipFile.objects.filter(pk=mine.file.pk).update(status=FileStatus.SUBMITTED)
    text = city.client("worker_u1").get(reverse("worker_portal:home")).content.decode()
    assert "待核查" in text and "入户核查" in text


def test_the_card_page_lists_its_redemptions_with_merchant_amount_and_date(city: City, mine: Mine) -> None:
    response = city.client("worker_u1").get(reverse("worker_portal:card", kwargs={"pk": mine.card.pk}))
    text = response.content.decode()
    assert response.status_code == 200
    assert "东区爱心超市" in text and "85.50" in text and f"{timezone.localdate(mine.redemption.at):%Y-%m-%d}" in text
    assert "414.50" in text
    assert CARD_CODE not in text


def test_tapping_show_code_reveals_it_and_records_the_reveal(city: City, mine: Mine) -> None:
    url = reverse("worker_portal:card_code", kwargs={"pk": mine.card.pk})
    response = city.client("worker_u1").post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert CARD_CODE in response.content.decode()
    event = AuditEvent.objects.filter(action="card_code.reveal").get()
    assert (event.actor_name, event.success, event.object_id) == ("worker_u1", True, str(mine.card.pk))
    assert CARD_CODE not in str(event.changes)


def test_another_workers_archive_and_card_answer_404_like_missing_ones(city: City, mine: Mine, theirs: Mine) -> None:
    client = city.client("worker_u1")
    for name, pk in (("worker_portal:file", theirs.file.pk), ("worker_portal:card", theirs.card.pk)):
        foreign = client.get(reverse(name, kwargs={"pk": pk}))
        missing = client.get(reverse(name, kwargs={"pk": 999_999}))
        assert foreign.status_code == missing.status_code == 404
    before = AuditEvent.objects.filter(action="card_code.reveal", success=True).count()
    assert client.post(reverse("worker_portal:card_code", kwargs={"pk": theirs.card.pk})).status_code == 404
    assert AuditEvent.objects.filter(action="card_code.reveal", success=True).count() == before


def test_an_attempt_at_someone_elses_archive_is_recorded_as_refused(city: City, mine: Mine, theirs: Mine) -> None:
    city.client("worker_u1").get(reverse("worker_portal:file", kwargs={"pk": theirs.file.pk}))
    event = AuditEvent.objects.latest("id")
    assert (event.actor_name, event.success, event.object_id) == ("worker_u1", False, str(theirs.file.pk))


def test_my_home_page_holds_nothing_of_the_other_worker(city: City, mine: Mine, theirs: Mine) -> None:
    text = city.client("worker_u1").get(reverse("worker_portal:home")).content.decode()
    assert theirs.file.no not in text
    assert "800.00" not in text and "东区爱心医院" not in text
    assert theirs.card.number[-4:] not in text or theirs.card.number[-4:] in mine.card.number


def test_the_other_worker_sees_their_own_rows_not_mine(city: City, mine: Mine, theirs: Mine) -> None:
    from django.test import Client

    client = Client()
    client.force_login(theirs.profile.user)
    text = client.get(reverse("worker_portal:home")).content.decode()
    assert theirs.file.no in text and mine.file.no not in text
    assert client.get(reverse("worker_portal:card", kwargs={"pk": mine.card.pk})).status_code == 404


@pytest.mark.parametrize("actor", OTHERS)
def test_no_other_role_reaches_the_workers_pages(city: City, mine: Mine, actor: str) -> None:
    client = city.client(actor)
    urls = [
        reverse("worker_portal:home"),
        reverse("worker_portal:apply"),
        reverse("worker_portal:file", kwargs={"pk": mine.file.pk}),
        reverse("worker_portal:card", kwargs={"pk": mine.card.pk}),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("worker_portal:card_code", kwargs={"pk": mine.card.pk})).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(city: City, mine: Mine) -> None:
    response = city.client("anonymous").get(reverse("worker_portal:home"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_worker_not_yet_linked_is_told_how_to_link(city: City) -> None:
    from django.test import Client

    client = Client()
    client.force_login(worker_user("worker_new", city.u1))
    response = client.get(reverse("worker_portal:home"))
    assert response.status_code == 200
    assert 'data-testid="unlinked"' in response.content.decode()
    assert client.get(reverse("worker_portal:apply")).status_code == 404


def test_a_worker_gets_404_on_staff_pages(city: City, mine: Mine) -> None:
    client = city.client("worker_u1")
    assert client.get(reverse("members:list")).status_code == 404
    assert client.get(reverse("orgs:detail", kwargs={"pk": city.u1.pk})).status_code == 404


# --- 申请帮扶 -------------------------------------------------------------------------------------------


def _form(**over: object) -> dict[str, object]:
    data: dict[str, object] = {
        "causes": ["illness", "low_income"],
        "description": "妻子住院，家庭收入减少。",
        "monthly_income": "2400",
        "household_size": "3",
        "phone": "13800001111",
        "address": "东区幸福路 8 号",
        "evidence_kind": "",
    }
    data.update(over)
    return data


def test_applying_files_one_draft_archive_at_my_union_with_one_audit_event(city: City) -> None:
    from unionhall.tests.factories import link

    profile = link(city.users["worker_u1"], city.u1, "李明", phone="13800001111")
    client = city.client("worker_u1")
    before_event = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    response = client.post(reverse("worker_portal:apply"), _form())
    assert response.status_code == 302
    f = HardshipFile.objects.get()
    assert (f.person_id, f.org_id, f.status, f.source) == (profile.person_id, city.u1.pk, "draft", FileSource.PORTAL)
    assert (f.monthly_income_fen, f.household_size, f.causes) == (2_400_00, 3, ["illness", "low_income"])
    events = list(AuditEvent.objects.filter(id__gt=before_event))
    assert [(e.action, e.success, e.actor_name) for e in events] == [("hardship_application.submit", True, "worker_u1")]
    assert response["Location"] == reverse("worker_portal:file", kwargs={"pk": f.pk})
    # The archive and its history name the worker who applied, not the portal that filed for them.
    assert f.created_by == city.users["worker_u1"]
    assert f.events.get().actor_name == "worker_u1"


def test_a_bad_application_keeps_what_was_typed_and_saves_nothing(city: City) -> None:
    from unionhall.tests.factories import link

    link(city.users["worker_u1"], city.u1, "李明", phone="13800001111")
    response = city.client("worker_u1").post(reverse("worker_portal:apply"), _form(monthly_income="两千", causes=[]))
    assert response.status_code == 200
    form = response.context["form"]
    assert "monthly_income" in form.errors and "causes" in form.errors
    assert "妻子住院" in response.content.decode()
    assert not HardshipFile.objects.exists()


def test_an_application_with_evidence_stores_the_checked_file(city: City, settings: object, tmp_path: object) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from unionhall.tests.factories import link

    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    link(city.users["worker_u1"], city.u1, "李明", phone="13800001111")
    pdf = SimpleUploadedFile("诊断证明.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = city.client("worker_u1").post(
        reverse("worker_portal:apply"), _form(evidence_kind="medical", evidence=pdf)
    )
    assert response.status_code == 302
    evidence = HardshipFile.objects.get().evidence.get()
    assert (evidence.kind, evidence.name, evidence.content_type) == ("medical", "诊断证明.pdf", "application/pdf")


def test_a_disguised_upload_is_refused_and_nothing_is_filed(city: City, settings: object, tmp_path: object) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from unionhall.tests.factories import link

    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    link(city.users["worker_u1"], city.u1, "李明", phone="13800001111")
    fake = SimpleUploadedFile("证明.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = city.client("worker_u1").post(
        reverse("worker_portal:apply"), _form(evidence_kind="medical", evidence=fake)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["evidence"]
    assert not HardshipFile.objects.exists()


def test_a_second_application_while_one_is_open_is_refused(city: City, mine: Mine) -> None:
    response = city.client("worker_u1").post(reverse("worker_portal:apply"), _form())
    assert response.status_code == 200
    assert mine.file.no in response.content.decode()
    assert HardshipFile.objects.count() == 1


def test_a_frozen_cards_code_is_not_shown(city: City, mine: Mine) -> None:
    from unionhall.cards.models import AssistanceCard, CardStatus

    AssistanceCard.objects.filter(pk=mine.card.pk).update(status=CardStatus.FROZEN)
    client = city.client("worker_u1")
    assert "显示验证码" not in client.get(reverse("worker_portal:card", kwargs={"pk": mine.card.pk})).content.decode()
    response = client.post(reverse("worker_portal:card_code", kwargs={"pk": mine.card.pk}))
    assert response.status_code == 409
    assert CARD_CODE not in response.content.decode()
    assert AuditEvent.objects.filter(action="card_code.reveal", success=False).exists()
