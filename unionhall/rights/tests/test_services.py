"""Case services beyond the status steps: intake and routing by territory (属地管理), due dates from the rules,
transfer, two-way sharing (双向维权), mediation, legal aid, attachments, the worker's information and rating,
and who is told what."""

from __future__ import annotations

import tempfile
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from unionhall.accounts.models import User
from unionhall.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from unionhall.notifications.models import Notification
from unionhall.orgs.models import Grant, OrgStatus, Role
from unionhall.rights import rules, selectors, services
from unionhall.rights.deadlines import due_at
from unionhall.rights.models import CaseEvent, CaseStatus
from unionhall.tests.city import City
from unionhall.tests.factories import case, person
from unionhall.worker_portal.models import WorkerProfile

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings: object) -> None:
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="uh-rights-")  # type: ignore[attr-defined]


def intake(**kw: object) -> services.CaseIntake:
    values: dict[str, object] = {
        "category": "wage_arrears",
        "summary": "拖欠两个月工资",
        "contact_name": "王师傅",
        "employer_text": "",
    }
    return services.CaseIntake(**(values | kw))  # type: ignore[arg-type]


def chair_u2(city: City) -> User:
    """The chair of a third union (the village union next door), who must never see the case."""
    user = User.objects.create_user(username="chair_u2", password="x")
    Grant.objects.create(user=user, role=Role.GRASSROOTS_STAFF, org=city.u2)
    return user


# --- intake and routing ------------------------------------------------------------------------------


def test_a_hotline_case_at_the_city_goes_to_the_union_covering_the_employer(city: City) -> None:
    k = services.case_create(
        actor=city.users["city_admin"], intake_org=city.city, data=intake(source="hotline", employer=city.e1)
    )
    assert (k.org, k.intake_org, k.employer_text) == (city.u1, city.city, city.e1.name)
    assert "按属地转至东方机械" in k.events.get(kind="create").note
    assert k.no.startswith(f"WQ{timezone.localdate():%Y}")


def test_an_employer_without_a_union_goes_to_the_federation_of_its_territory(city: City) -> None:
    k = services.case_create(actor=city.users["cadre_d1"], intake_org=city.d1, data=intake(employer=city.e0))
    assert k.org == city.t1


def test_a_typed_employer_name_or_credit_code_finds_the_employer_on_record(city: City) -> None:
    by_name = services.case_create(
        actor=city.users["city_admin"], intake_org=city.city, data=intake(employer_text="西方纺织有限公司")
    )
    by_code = services.case_create(
        actor=city.users["city_admin"], intake_org=city.city, data=intake(employer_text=city.e1.uscc.lower())
    )
    assert (by_name.org, by_name.employer) == (city.u3, city.e3)
    assert (by_code.org, by_code.employer) == (city.u1, city.e1)


def test_an_unknown_employer_stays_with_the_unit_that_took_the_request(city: City) -> None:
    k = services.case_create(actor=city.users["cadre_t1"], intake_org=city.t1, data=intake(employer_text="无名劳务队"))
    assert (k.org, k.employer) == (city.t1, None)


def test_a_dissolved_union_is_passed_over_for_the_territory(city: City) -> None:
    city.u1.status = OrgStatus.DISSOLVED
    city.u1.save()
    k = services.case_create(actor=city.users["cadre_t1"], intake_org=city.t1, data=intake(employer=city.e1))
    assert k.org == city.t1


def test_the_receiving_union_is_told_by_message_and_text(city: City) -> None:
    city.users["chair_u1"].phone = "13800000001"
    city.users["chair_u1"].save()
    from unionhall.notifications.sms import MemoryBackend

    MemoryBackend.outbox.clear()
    with override_settings(SMS_BACKEND="unionhall.notifications.sms.MemoryBackend"):
        from django.db import transaction

        with transaction.atomic():
            k = services.case_create(
                actor=city.users["city_admin"], intake_org=city.city, data=intake(employer=city.e1)
            )
    notes = Notification.objects.filter(kind="rights.case_received")
    assert [n.user.username for n in notes] == ["chair_u1"]
    assert k.no in notes[0].title and notes[0].url.endswith(f"/rights/{k.pk}/")


def test_every_mistake_of_an_intake_is_named_at_its_field_and_nothing_is_saved(city: City) -> None:
    bad = intake(category="x", complexity="y", summary=" ", contact_name="", contact_phone="abc", worker_count=0)
    with pytest.raises(ValidationError) as refused:
        services.case_create(actor=city.users["chair_u1"], intake_org=city.u1, data=bad)
    assert set(refused.value.field_errors) == {
        "category",
        "complexity",
        "summary",
        "contact_name",
        "contact_phone",
        "worker_count",
        "employer",
    }
    assert not CaseEvent.objects.exists()


def test_due_date_and_reminder_follow_the_rule_of_the_category_and_complexity(city: City) -> None:
    k = case(city.u1, employer=city.e1, complexity="difficult")
    limit = rules.limit_for("wage_arrears", "difficult")
    assert limit.days == 20
    assert k.due_at == due_at(k.received_at, limit, rules.calendar_around(k.received_at))
    assert k.remind_at is not None and k.received_at <= k.remind_at < k.due_at


def test_a_grassroots_union_cannot_take_in_for_another_union(city: City) -> None:
    with pytest.raises(NotFound):
        services.case_create(actor=city.users["chair_u1"], intake_org=city.u3, data=intake(employer=city.e3))


# --- transfer ----------------------------------------------------------------------------------------


def test_a_transfer_hands_the_case_on_with_the_reason_and_keeps_the_time_limit(city: City) -> None:
    k = case(city.u1, employer=city.e1)
    services.case_accept(actor=city.users["chair_u1"], case=k)
    due = k.due_at
    moved = services.case_transfer(actor=city.users["cadre_t1"], case=k, to_org=city.u3, reason="职工实际在西区务工")
    assert (moved.org, moved.handler, moved.due_at) == (city.u3, None, due)
    assert "职工实际在西区务工" in moved.events.get(kind="transfer").note
    assert selectors.cases_for(city.users["chair_u3"]).filter(pk=k.pk).exists()
    with pytest.raises(NotFound):
        selectors.case_for_user_or_404(city.users["chair_u1"], k.pk)


def test_a_transfer_needs_a_reason_and_another_active_unit(city: City) -> None:
    k = case(city.u1, employer=city.e1)
    with pytest.raises(ValidationError) as no_reason:
        services.case_transfer(actor=city.users["chair_u1"], case=k, to_org=city.u3, reason="")
    assert "理由" in no_reason.value.field_errors["reason"][0]
    with pytest.raises(ValidationError):
        services.case_transfer(actor=city.users["chair_u1"], case=k, to_org=city.u1, reason="同一单位")


# --- two-way cases (双向维权) --------------------------------------------------------------------------


def test_the_shared_unit_sees_and_updates_a_third_union_gets_404_and_unsharing_revokes(city: City) -> None:
    k = case(city.u1, employer=city.e1, status=CaseStatus.IN_PROGRESS)
    third = chair_u2(city)
    home = city.users["chair_u3"]
    with pytest.raises(NotFound):
        selectors.case_for_user_or_404(home, k.pk)

    services.case_share(actor=city.users["chair_u1"], case=k, org=city.u3)
    assert selectors.case_for_user_or_404(home, k.pk) == k
    services.case_note_add(actor=home, case=k, note="已联系职工家属，核实务工时间")
    services.mediation_record(
        actor=home, case=k, held_on=timezone.localdate(), mediator="西区调解员", result="ongoing", amount="0"
    )
    assert k.events.filter(kind="note", actor=home).exists()
    assert [s.org for s in selectors.shared_with(k)] == [city.u3]
    for stranger in (third, city.users["merchant_d1"], city.users["worker_u1"]):
        with pytest.raises(NotFound):
            selectors.case_for_user_or_404(stranger, k.pk)
        with pytest.raises(NotFound):
            services.case_note_add(actor=stranger, case=k, note="x")

    services.case_unshare(actor=city.users["chair_u1"], case=k, org=city.u3)
    with pytest.raises(NotFound):
        selectors.case_for_user_or_404(home, k.pk)
    with pytest.raises(NotFound):
        services.case_note_add(actor=home, case=k, note="还想写")
    assert selectors.shared_with(k) == []


def test_the_shared_unit_is_told_and_cannot_share_further_or_unshare(city: City) -> None:
    k = case(city.u1, employer=city.e1, status=CaseStatus.IN_PROGRESS)
    services.case_share(actor=city.users["chair_u1"], case=k, org=city.u3)
    assert Notification.objects.filter(user=city.users["chair_u3"], kind="rights.case_shared").count() == 1
    with pytest.raises(PermissionDenied):
        services.case_share(actor=city.users["chair_u3"], case=k, org=city.t2)
    with pytest.raises(PermissionDenied):
        services.case_unshare(actor=city.users["chair_u3"], case=k, org=city.u3)


def test_a_unit_is_shared_once_at_a_time_and_never_with_the_handling_union(city: City) -> None:
    k = case(city.u1, employer=city.e1)
    services.case_share(actor=city.users["chair_u1"], case=k, org=city.u3)
    with pytest.raises(Conflict):
        services.case_share(actor=city.users["chair_u1"], case=k, org=city.u3)
    with pytest.raises(ValidationError):
        services.case_share(actor=city.users["chair_u1"], case=k, org=city.u1)
    services.case_unshare(actor=city.users["chair_u1"], case=k, org=city.u3)
    services.case_share(actor=city.users["chair_u1"], case=k, org=city.u3)  # again after revoking
    assert k.shares.count() == 2 and k.shares.filter(revoked_at__isnull=True).count() == 1


def test_an_external_partner_union_is_a_contact_without_access(city: City) -> None:
    k = case(city.u1, employer=city.e1)
    share = services.case_share(
        actor=city.users["chair_u1"], case=k, partner_name="四川省广安市总工会", partner_contact="张主席 0826-1234567"
    )
    assert share.org is None and "四川省广安市总工会" in k.events.get(kind="share").note
    assert not selectors.cases_for(city.users["outsider"]).filter(pk=k.pk).exists()
    services.case_unshare(actor=city.users["chair_u1"], case=k, share=share)
    assert selectors.shared_with(k) == []


def test_a_transfer_to_the_shared_unit_ends_its_share(city: City) -> None:
    k = case(city.u1, employer=city.e1, shared_with=city.u3)
    services.case_transfer(actor=city.users["chair_u1"], case=k, to_org=city.u3, reason="由户籍地主办")
    assert selectors.shared_with(k) == []


# --- work on the case --------------------------------------------------------------------------------


def test_a_mediation_record_checks_its_fields_and_notes_the_agreed_amount(city: City) -> None:
    k = case(city.u1, employer=city.e1, status=CaseStatus.MEDIATING)
    with pytest.raises(ValidationError) as refused:
        services.mediation_record(
            actor=city.users["chair_u1"],
            case=k,
            held_on=timezone.localdate() + timedelta(days=1),
            mediator="",
            result="maybe",
            amount="-5",
        )
    assert set(refused.value.field_errors) == {"held_on", "mediator", "result", "amount"}
    services.mediation_record(
        actor=city.users["chair_u1"],
        case=k,
        held_on=timezone.localdate(),
        mediator="李调解",
        result="agreed",
        amount="9000",
    )
    assert "李调解调解：达成调解协议，协议金额 9,000.00 元" in k.events.get(kind="mediation").note


def test_legal_aid_is_referred_once_with_a_note(city: City) -> None:
    k = case(city.u1, employer=city.e1, status=CaseStatus.IN_PROGRESS)
    with pytest.raises(ValidationError):
        services.case_legal_aid_refer(actor=city.users["chair_u1"], case=k, note="")
    services.case_legal_aid_refer(actor=city.users["chair_u1"], case=k, note="转市法律援助中心")
    assert k.__class__.objects.get(pk=k.pk).legal_aid is True
    with pytest.raises(Conflict):
        services.case_legal_aid_refer(actor=city.users["chair_u1"], case=k, note="再转")


def test_an_attachment_must_really_be_a_pdf_or_an_image(city: City) -> None:
    k = case(city.u1, employer=city.e1)
    with pytest.raises(ValidationError):
        services.case_attachment_upload(
            actor=city.users["chair_u1"], case=k, upload=SimpleUploadedFile("工资条.pdf", b"PK\x03\x04zip")
        )
    assert not k.attachments.exists()
    a = services.case_attachment_upload(
        actor=city.users["chair_u1"], case=k, upload=SimpleUploadedFile("工资条.pdf", PDF)
    )
    with services.case_attachment_download(actor=city.users["reviewer_d1"], attachment=a) as handle:
        assert handle.read() == PDF
    with pytest.raises(NotFound):
        services.case_attachment_download(actor=city.users["outsider"], attachment=a)


def test_an_upload_whose_action_rolls_back_leaves_no_file_in_storage(
    city: City, settings: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pathlib import Path

    from unionhall.rights import workflow

    k = case(city.u1, employer=city.e1)

    def refuse(*args: object, **kwargs: object) -> None:
        raise Conflict("历史记录写入失败")  # after the file was stored, inside the same transaction

    monkeypatch.setattr(workflow, "append_event", refuse)
    with pytest.raises(Conflict):
        services.case_attachment_upload(
            actor=city.users["chair_u1"], case=k, upload=SimpleUploadedFile("工资条.pdf", PDF)
        )
    assert not k.attachments.exists()
    media = Path(settings.MEDIA_ROOT)  # type: ignore[attr-defined]
    assert not [p for p in media.rglob("*") if p.is_file()]
    monkeypatch.undo()
    a = services.case_attachment_upload(actor=city.users["chair_u1"], case=k, upload=SimpleUploadedFile("a.pdf", PDF))
    assert [p.read_bytes() for p in media.rglob("*.pdf")] == [PDF] and a.content.name.startswith("rights/")


# --- the worker ----------------------------------------------------------------------------------------


def worker_case(city: City, status: str = CaseStatus.IN_PROGRESS) -> object:
    p = person("王职工")
    WorkerProfile.objects.create(user=city.users["worker_u1"], person=p)
    return case(city.u1, employer=city.e1, status=status, person=p)


def test_the_worker_adds_information_to_their_own_open_case_and_the_handler_is_told(city: City) -> None:
    k = worker_case(city)
    services.case_info_add(
        actor=city.users["worker_u1"],
        case=k,
        note="补充工资条",
        upload=SimpleUploadedFile("工资条.png", b"\x89PNG\r\n\x1a\nxx"),
    )
    assert k.events.get(kind="info").note.startswith("补充工资条")  # type: ignore[attr-defined]
    assert k.attachments.count() == 1  # type: ignore[attr-defined]
    assert Notification.objects.filter(kind="rights.case_info", user=city.users["chair_u1"]).exists()


def test_nobody_else_adds_information_as_the_worker(city: City) -> None:
    k = case(city.u1, employer=city.e1)
    with pytest.raises(NotFound):
        services.case_info_add(actor=city.users["worker_u1"], case=k, note="不是我的")
    with pytest.raises(NotFound):
        services.case_info_add(actor=city.users["chair_u1"], case=k, note="干部不能代填")


def test_the_worker_rates_a_closed_case_once(city: City) -> None:
    k = worker_case(city, CaseStatus.IN_PROGRESS)
    with pytest.raises(Conflict):
        services.case_rate(actor=city.users["worker_u1"], case=k, satisfaction=5)
    closed = services.case_close(actor=city.users["chair_u1"], case=k, outcome="已补发", wages_recovered="3000")
    assert Notification.objects.filter(kind="rights.case_closed", user=city.users["worker_u1"]).exists()
    with pytest.raises(ValidationError):
        services.case_rate(actor=city.users["worker_u1"], case=closed, satisfaction=6)
    rated = services.case_rate(actor=city.users["worker_u1"], case=closed, satisfaction=4, note="处理及时")
    assert (rated.satisfaction, rated.satisfaction_note) == (4, "处理及时")
    with pytest.raises(Conflict):
        services.case_rate(actor=city.users["worker_u1"], case=closed, satisfaction=5)


def test_an_intake_file_is_checked_with_the_other_fields_and_travels_with_the_routed_case(city: City) -> None:
    bad = SimpleUploadedFile("欠条.pdf", b"MZ\x90\x00program")
    with pytest.raises(ValidationError) as refused:
        services.case_create(actor=city.users["chair_u1"], intake_org=city.u1, data=intake(summary=""), upload=bad)
    assert set(refused.value.field_errors) == {"summary", "employer", "upload"}
    k = services.case_create(
        actor=city.users["city_admin"],
        intake_org=city.city,
        data=intake(employer=city.e3),
        upload=SimpleUploadedFile("欠条.pdf", PDF),
    )
    assert k.org == city.u3 and [a.name for a in k.attachments.all()] == ["欠条.pdf"]
    assert k.events.filter(kind="attachment").count() == 1
