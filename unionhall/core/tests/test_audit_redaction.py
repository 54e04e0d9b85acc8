"""Audit rows hold no personal data in clear: the system admin reads the trail, and that role sees none.

Who did what stays exact (actor, action, object type and id, org); names, ID numbers, phones, card and
bank account numbers appear only masked — in `changes`, in the object's label, and on the audit page.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from django.urls import reverse

from unionhall.core import pii
from unionhall.core.errors import DomainError
from unionhall.core.models import AuditEvent
from unionhall.core.redact import redact_changes, redact_text
from unionhall.core.tests.test_audit import RECIPES, last_id, new_events
from unionhall.tests.city import City


def personal_values() -> Iterator[str]:
    """Every personal value the database holds now, in clear: what no audit row may contain."""
    from unionhall.assistance.models import Disbursement, HardshipFile, HouseholdMember
    from unionhall.cards.models import AssistanceCard
    from unionhall.joining.models import JoinApplication
    from unionhall.members.models import Person

    for person in Person.objects.all():
        yield person.name
        yield person.reveal_id_number()
        yield person.phone
    for app in JoinApplication.objects.all():
        yield from (app.name, app.phone, app.reveal_id_number())
    for file in HardshipFile.objects.all():
        yield file.phone
        if file.bank_account_enc:
            yield file.reveal_bank_account()
    yield from HouseholdMember.objects.values_list("name", flat=True)
    yield from AssistanceCard.objects.values_list("number", flat=True)
    yield from Disbursement.objects.values_list("payee_name", flat=True)


def leaks(event: AuditEvent) -> set[str]:
    text = event.object_repr + " " + json.dumps(event.changes, ensure_ascii=False)
    # A one-character value (a bare surname) cannot be told from ordinary text.
    return {value for value in personal_values() if len(value) > 1 and value in text}


@pytest.mark.parametrize("service", sorted(RECIPES))
def test_no_audit_row_of_any_service_holds_personal_data_in_clear(city: City, service: str) -> None:
    call = RECIPES[service][0](city)
    before = last_id()
    call()
    for event in new_events(before):
        assert not leaks(event), f"{event.action} wrote {leaks(event)} in clear"


@pytest.mark.parametrize("service", sorted(s for s, (_, bad) in RECIPES.items() if bad is not None))
def test_no_refusal_row_holds_personal_data_in_clear(city: City, service: str) -> None:
    refused = RECIPES[service][1]
    assert refused is not None
    call = refused(city)
    before = last_id()
    with pytest.raises(DomainError):
        call()
    for event in new_events(before):
        assert not leaks(event), f"{event.action} wrote {leaks(event)} in clear"


def run(city: City, service: str) -> AuditEvent:
    call = RECIPES[service][0](city)
    before = last_id()
    call()
    return new_events(before)[-1]


def test_a_card_redemption_keeps_who_and_what_exact_and_the_card_number_masked(city: City) -> None:
    event = run(city, "unionhall.cards.services.card_redeem")
    from unionhall.cards.models import Redemption

    redemption = Redemption.objects.select_related("card").latest("id")
    number = redemption.card.number
    assert (event.action, event.actor_name, event.object_id) == ("card.redeem", "merchant_d1", str(redemption.pk))
    assert number not in json.dumps(event.changes) + event.object_repr
    assert event.changes["card"] == pii.mask_account(number)


def test_an_id_reveal_row_shows_neither_the_member_number_nor_the_name(city: City) -> None:
    event = run(city, "unionhall.members.services.member_id_reveal")
    from unionhall.members.models import Membership

    membership = Membership.objects.select_related("person").get(pk=event.object_id)
    assert membership.member_no not in event.object_repr
    assert membership.person.name not in event.object_repr
    assert event.object_repr == f"{pii.mask_member_no(membership.member_no)} {pii.mask_name(membership.person.name)}"
    assert (event.object_type, event.org_id) == ("members.membership", membership.org_id)


def test_a_new_hardship_file_row_does_not_name_the_household(city: City) -> None:
    event = run(city, "unionhall.assistance.services.hardship_file_create")
    from unionhall.assistance.models import HardshipFile

    file = HardshipFile.objects.select_related("person").get(pk=event.object_id)
    assert file.person.name not in event.object_repr
    assert event.object_repr == f"{file.no} {pii.mask_name(file.person.name)}"


def test_a_phone_correction_is_recorded_masked(city: City) -> None:
    event = run(city, "unionhall.members.services.person_update")
    assert event.changes["phone"][1] == "139****5678"
    assert "13912345678" not in json.dumps(event.changes)


@pytest.mark.parametrize(
    ("service", "action"),
    [
        ("unionhall.cards.services.card_redeem", "card.redeem"),
        ("unionhall.members.services.member_id_reveal", "member.id_reveal"),
        ("unionhall.assistance.services.hardship_file_create", "hardship_file.create"),
        ("unionhall.members.services.member_join", "member.join"),
    ],
)
def test_the_system_admins_audit_page_shows_only_masked_forms(city: City, service: str, action: str) -> None:
    RECIPES[service][0](city)()
    page = city.client("sysadmin").get(reverse("console:audit"), {"action": action})
    assert page.status_code == 200
    text = page.content.decode()
    assert action in text
    shown = {value for value in personal_values() if len(value) > 1 and value in text}
    assert not shown


def test_the_audit_page_masks_numbers_of_rows_written_before_masking_began(city: City) -> None:
    """Rows are append-only: the page masks what older rows hold, as far as a number can be recognised."""
    AuditEvent.objects.create(
        actor_name="old",
        action="card.redeem",
        object_repr="爱心卡 6222020012345678",
        changes={"card": "6222020012345678", "phone": "13812345678", "note": "身份证 110101199003071234"},
        org=city.city,
        org_path=city.city.path,
    )
    text = city.client("sysadmin").get(reverse("console:audit"), {"action": "card.redeem"}).content.decode()
    for clear in ("6222020012345678", "13812345678", "110101199003071234"):
        assert clear not in text
    assert "6222 **** **** 5678" in text


def test_codes_of_things_stay_exact_and_numbers_of_people_in_free_text_are_masked() -> None:
    changes = {
        "uscc": "913205081234567890",
        "sha256": "a" * 64,
        "name": "东方机械公司工会",
        "reason": "职工 13812345678 卡号 6222020012345678 身份证 11010119900307123X",
    }
    out = redact_changes("orgunit.update", changes)
    assert out["uscc"] == changes["uscc"]
    assert out["name"] == changes["name"]
    assert out["reason"] == "职工 138****5678 卡号 6222 **** **** 5678 身份证 110***********123X"
    assert redact_changes("person.update", {"name": ["张三丰", "张三"]}) == {"name": ["张**", "张*"]}
    assert redact_text("GH0000000012") == "GH0000000012"
