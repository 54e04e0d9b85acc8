"""The write path of 四卡一票: who may do what, what each action moves on the ledger, and the counter's rules."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from unionhall.assistance.models import FileStatus
from unionhall.cards import codes, services
from unionhall.cards.models import AssistanceCard, CardStatus, CardType, MerchantKind, Redemption
from unionhall.cards.tests.helpers import card, card_type
from unionhall.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from unionhall.core.models import AuditEvent
from unionhall.funds import ledger
from unionhall.funds.ledger import InsufficientFunds
from unionhall.funds.models import Account, AccountKind, Budget, JournalKind
from unionhall.orgs.models import Grant, Role
from unionhall.tests.city import City
from unionhall.tests.factories import budget_chain, hardship_file, merchant, merchant_d1

SH = ZoneInfo("Asia/Shanghai")


def last_event() -> AuditEvent:
    return AuditEvent.objects.latest("id")


def redeem(city: City, c: AssistanceCard, code: str, amount_fen: int, ref: str = "R1", user: str = "merchant_d1"):
    return services.card_redeem(
        actor=city.users[user], number=c.number, code=code, amount_fen=amount_fen, merchant_ref=ref
    )


# --- numbers and codes ---------------------------------------------------------------------------------


def test_card_numbers_are_sixteen_digits_with_a_luhn_check_digit() -> None:
    for _ in range(50):
        number = codes.new_number()
        assert len(number) == 16 and number.isdigit() and codes.luhn_valid(number)
    assert codes.luhn_valid("4539578763621486")  # a textbook Luhn-valid number
    assert not codes.luhn_valid("4539578763621487")


def test_the_merchant_sees_only_the_holders_surname() -> None:
    assert codes.surname_only("王小明") == "王**"
    assert codes.surname_only("李") == "李*"


@pytest.mark.django_db
def test_the_default_card_types_are_the_three_cards_and_the_one_off_voucher() -> None:
    types = {t.name: t.one_off for t in CardType.objects.all()}
    assert types == {"生活救助卡": False, "医疗优惠卡": False, "冬季衣物发放卡": False, "帮扶消费券": True}


# --- card types ------------------------------------------------------------------------------------------


def test_the_city_adds_its_fourth_card_and_a_district_may_not(city: City) -> None:
    t = services.card_type_save(
        actor=city.users["city_admin"], code="study", name="助学卡", accepted_at=["supermarket"], validity_months=12
    )
    assert last_event().action == "card_type.save" and last_event().success
    services.card_type_save(
        actor=city.users["city_admin"], card_type=t, name="助学卡", accepted_at=["other"], validity_months=6
    )
    t.refresh_from_db()
    assert (t.accepted_at, t.validity_months) == (["other"], 6)
    with pytest.raises(NotFound):  # the root lies outside a district's sight
        services.card_type_save(actor=city.users["cadre_d1"], code="x", name="x", accepted_at=["other"])
    assert not last_event().success
    with pytest.raises(ValidationError) as error:
        services.card_type_save(actor=city.users["city_admin"], code="y", name="y", accepted_at=[], validity_months=0)
    assert set(error.value.field_errors) == {"accepted_at", "validity_months"}


# --- merchants ---------------------------------------------------------------------------------------------


def test_a_district_contracts_a_merchant_with_its_own_accounts(city: City) -> None:
    m = services.merchant_create(
        actor=city.users["cadre_d1"], org=city.d1, code="M1", name="东区爱心超市", kind=MerchantKind.SUPERMARKET
    )
    assert m.account.kind == AccountKind.MERCHANT and m.settled_account.kind == AccountKind.SETTLED
    assert last_event().action == "merchant.create"
    services.merchant_update(actor=city.users["cadre_d1"], merchant=m, phone="0512-1234567")
    m.refresh_from_db()
    assert m.phone == "0512-1234567"
    with pytest.raises(NotFound):
        services.merchant_create(actor=city.users["outsider"], org=city.d1, code="M2", name="x", kind="supermarket")
    with pytest.raises(PermissionDenied):
        services.merchant_update(actor=city.users["reviewer_d1"], merchant=m, phone="1")
    with pytest.raises(PermissionDenied):  # a grassroots chair reads funds but does not contract merchants
        services.merchant_create(actor=city.users["chair_u1"], org=city.u1, code="M3", name="x", kind="supermarket")


def test_linking_a_user_gives_a_merchant_grant_at_the_merchants_union(city: City) -> None:
    m = services.merchant_create(actor=city.users["cadre_d1"], org=city.t1, code="M1", name="x", kind="hospital")
    cashier = city.users["nobody"]
    services.merchant_user_link(actor=city.users["cadre_d1"], merchant=m, user=cashier)
    assert Grant.objects.filter(user=cashier, role=Role.MERCHANT, org=city.t1).count() == 1
    assert list(m.users.all()) == [cashier]
    services.merchant_user_link(actor=city.users["cadre_d1"], merchant=m, user=cashier)  # again: no second grant
    assert Grant.objects.filter(user=cashier).count() == 1
    with pytest.raises(ValidationError):  # a cadre's login never becomes a cash register
        services.merchant_user_link(actor=city.users["cadre_d1"], merchant=m, user=city.users["chair_u1"])
    with pytest.raises(NotFound):
        services.merchant_user_link(actor=city.users["outsider"], merchant=m, user=cashier)


# --- issuing -----------------------------------------------------------------------------------------------


def test_a_card_is_issued_to_an_approved_archive_with_a_code_only_the_holder_can_read(city: City) -> None:
    f = hardship_file(city.u1)
    with time_machine.travel(datetime(2026, 1, 31, 10, tzinfo=SH), tick=False):
        c = services.card_issue(actor=city.users["cadre_t1"], file=f, card_type=card_type("winter"))
    assert codes.luhn_valid(c.number) and c.org == city.u1
    assert (c.issued_on, c.valid_until) == (date(2026, 1, 31), date(2026, 7, 31))
    code = services.reveal_code(c)
    assert len(code) == 6 and code.isdigit()
    assert code not in c.code_hash and code not in c.code_enc
    assert codes.code_matches(code, c.code_hash)
    assert last_event().action == "card.issue"


def test_one_card_in_use_per_type_per_archive(city: City) -> None:
    f = hardship_file(city.u1)
    services.card_issue(actor=city.users["cadre_t1"], file=f, card_type=card_type("living"))
    with pytest.raises(Conflict):
        services.card_issue(actor=city.users["cadre_t1"], file=f, card_type=card_type("living"))
    services.card_issue(actor=city.users["cadre_t1"], file=f, card_type=card_type("medical"))  # another type is fine


def test_only_an_approved_archive_gets_a_card_and_only_from_a_federation(city: City) -> None:
    draft = hardship_file(city.u1, status=FileStatus.SUBMITTED)
    with pytest.raises(Conflict):
        services.card_issue(actor=city.users["cadre_t1"], file=draft, card_type=card_type())
    f = hardship_file(city.u1)
    with pytest.raises(PermissionDenied):
        services.card_issue(actor=city.users["chair_u1"], file=f, card_type=card_type())
    with pytest.raises(NotFound):
        services.card_issue(actor=city.users["outsider"], file=f, card_type=card_type())
    assert not AssistanceCard.objects.exists()


# --- top-up ------------------------------------------------------------------------------------------------


def budget_invariant_holds(budget: Budget) -> None:
    budget.refresh_from_db()
    budget.account.refresh_from_db()
    assert budget.amount_fen - budget.allocated_fen - budget.spent_fen == budget.account.balance_fen


def test_a_top_up_moves_budget_money_to_the_card_and_counts_as_spent(city: City) -> None:
    c, _ = card(city, balance_fen=0)
    budget = budget_chain(city.t1, 1_000_00)
    services.card_top_up(actor=city.users["cadre_t1"], card=c, budget=budget, amount_fen=300_00)
    c.account.refresh_from_db()
    assert c.account.balance_fen == 300_00 == ledger.ledger_balance(c.account)
    budget.refresh_from_db()
    assert budget.spent_fen == 300_00
    budget_invariant_holds(budget)
    assert last_event().action == "card.top_up" and last_event().changes["amount_fen"] == 300_00


def test_a_top_up_needs_a_budget_above_the_card_and_money_in_it(city: City) -> None:
    c, _ = card(city, balance_fen=0)
    foreign = budget_chain(city.u3, 1_000_00)
    with pytest.raises(NotFound):  # the D2 budget is out of cadre_d1's sight
        services.card_top_up(actor=city.users["cadre_d1"], card=c, budget=foreign, amount_fen=1_00)
    with pytest.raises(ValidationError):  # the city admin sees both, but U3's budget is not above U1
        services.card_top_up(actor=city.users["city_admin"], card=c, budget=foreign, amount_fen=1_00)
    small = budget_chain(city.u1, 10_00)
    with pytest.raises(InsufficientFunds):
        services.card_top_up(actor=city.users["cadre_t1"], card=c, budget=small, amount_fen=11_00)
    with pytest.raises(PermissionDenied):
        services.card_top_up(actor=city.users["chair_u1"], card=c, budget=small, amount_fen=1_00)
    budget_invariant_holds(small)
    c.account.refresh_from_db()
    assert c.account.balance_fen == 0


# --- freeze, reissue ---------------------------------------------------------------------------------------


def test_a_frozen_card_cannot_be_redeemed_until_unfrozen(city: City) -> None:
    merchant_d1(city)
    c, code = card(city)
    services.card_freeze(actor=city.users["cadre_t1"], card=c, reason="持卡人住院，家属代管")
    assert last_event().action == "card.freeze"
    with pytest.raises(services.CardNotUsable):
        redeem(city, c, code, 1_00)
    services.card_unfreeze(actor=city.users["cadre_t1"], card=c)
    assert last_event().action == "card.unfreeze"
    assert redeem(city, c, code, 1_00).amount_fen == 1_00
    with pytest.raises(ValidationError):
        services.card_freeze(actor=city.users["cadre_t1"], card=c, reason=" ")
    with pytest.raises(PermissionDenied):
        services.card_freeze(actor=city.users["reviewer_d1"], card=c, reason="x")
    with pytest.raises(Conflict):
        services.card_unfreeze(actor=city.users["cadre_t1"], card=c)


def test_a_reissued_card_carries_the_balance_and_the_old_one_is_dead(city: City) -> None:
    merchant_d1(city)
    c, old_code = card(city, balance_fen=80_00)
    new = services.card_reissue(actor=city.users["cadre_t1"], card=c, reason="挂失")
    c.refresh_from_db()
    c.account.refresh_from_db()
    new.account.refresh_from_db()
    assert c.status == CardStatus.REPLACED and new.replaces == c
    assert (c.account.balance_fen, new.account.balance_fen) == (0, 80_00)
    assert new.number != c.number and new.card_type == c.card_type and new.file == c.file
    assert new.account.entries.get().journal.kind == JournalKind.CARRY_OVER
    assert last_event().action == "card.reissue"
    with pytest.raises(services.CardNotUsable):
        redeem(city, c, old_code, 1_00)
    assert redeem(city, new, services.reveal_code(new), 80_00, ref="R2").amount_fen == 80_00
    with pytest.raises(Conflict):
        services.card_reissue(actor=city.users["cadre_t1"], card=c)


# --- redemption ---------------------------------------------------------------------------------------------


def test_a_merchant_redeems_a_card_of_its_district(city: City) -> None:
    m = merchant_d1(city)
    c, code = card(city, balance_fen=100_00)
    r = redeem(city, c, code, 35_50)
    c.account.refresh_from_db()
    m.account.refresh_from_db()
    assert (r.amount_fen, c.account.balance_fen, m.account.balance_fen) == (35_50, 64_50, 35_50)
    assert r.journal.kind == JournalKind.REDEMPTION and r.merchant == m
    assert last_event().action == "card.redeem" and last_event().success


def test_a_card_outside_the_merchants_subtree_is_not_found_like_an_unknown_number(city: City) -> None:
    merchant_d1(city)
    c, code = card(city, org=city.u3)
    with pytest.raises(NotFound) as foreign:
        redeem(city, c, code, 1_00)
    with pytest.raises(NotFound) as unknown:
        services.card_redeem(
            actor=city.users["merchant_d1"], number=codes.new_number(), code=code, amount_fen=1_00, merchant_ref="R"
        )
    assert foreign.value.message == unknown.value.message
    assert not last_event().success


def test_a_user_of_no_merchant_cannot_redeem(city: City) -> None:
    c, code = card(city)
    with pytest.raises(NotFound):
        redeem(city, c, code, 1_00, user="cadre_d1")


def test_no_more_than_the_balance_is_redeemed(city: City) -> None:
    merchant_d1(city)
    c, code = card(city, balance_fen=10_00)
    with pytest.raises(InsufficientFunds):
        redeem(city, c, code, 10_01)
    assert not Redemption.objects.exists()


def test_the_card_type_must_be_accepted_at_the_merchants_kind(city: City) -> None:
    merchant_d1(city)  # a supermarket
    c, code = card(city, type_code="medical")
    with pytest.raises(services.CardNotAccepted):
        redeem(city, c, code, 1_00)


def test_an_expired_card_is_refused(city: City) -> None:
    merchant_d1(city)
    c, code = card(city)
    day_after = datetime.combine(c.valid_until + timedelta(days=1), datetime.min.time(), SH)
    with time_machine.travel(day_after), pytest.raises(services.CardNotUsable):
        redeem(city, c, code, 1_00)


def test_the_same_receipt_redeems_once(city: City) -> None:
    m = merchant_d1(city)
    c, code = card(city, balance_fen=100_00)
    first = redeem(city, c, code, 20_00, ref="POS-1")
    again = redeem(city, c, code, 20_00, ref="POS-1")
    assert first.pk == again.pk
    m.account.refresh_from_db()
    assert m.account.balance_fen == 20_00
    with pytest.raises(services.ReceiptReused):
        redeem(city, c, code, 30_00, ref="POS-1")


def test_a_one_off_voucher_is_used_up_by_one_redemption(city: City) -> None:
    merchant_d1(city)
    c, code = card(city, type_code="voucher", balance_fen=50_00)
    redeem(city, c, code, 50_00)
    c.refresh_from_db()
    assert c.status == CardStatus.USED
    with pytest.raises(services.CardNotUsable):
        redeem(city, c, code, 1_00, ref="R2")


def test_five_wrong_codes_lock_the_card_for_fifteen_minutes(city: City) -> None:
    merchant_d1(city)
    c, code = card(city)
    wrong = "000000" if code != "000000" else "111111"
    start = datetime(2026, 5, 1, 10, 0, tzinfo=SH)
    with time_machine.travel(start, tick=False) as traveller:
        for attempt in range(4):
            with pytest.raises(services.WrongCode) as error:
                redeem(city, c, wrong, 1_00, ref=f"W{attempt}")
            assert f"{4 - attempt} 次" in error.value.field_errors["code"][0]
        with pytest.raises(services.CardLocked):
            redeem(city, c, wrong, 1_00, ref="W5")
        with pytest.raises(services.CardLocked):  # even the right code waits
            redeem(city, c, code, 1_00, ref="OK")
        assert AuditEvent.objects.filter(action="card.redeem", success=False).count() == 6
        traveller.shift(timedelta(minutes=14))
        with pytest.raises(services.CardLocked):
            redeem(city, c, code, 1_00, ref="OK")
        traveller.shift(timedelta(minutes=2))
        assert redeem(city, c, code, 1_00, ref="OK").amount_fen == 1_00
        with pytest.raises(services.WrongCode) as error:
            redeem(city, c, wrong, 1_00, ref="W6")
        assert "4 次" in error.value.field_errors["code"][0], "the right code started the count again"


def test_a_right_code_resets_the_count_of_wrong_ones(city: City) -> None:
    merchant_d1(city)
    c, code = card(city)
    wrong = "000000" if code != "000000" else "111111"
    for attempt in range(4):
        with pytest.raises(services.WrongCode):
            redeem(city, c, wrong, 1_00, ref=f"W{attempt}")
    redeem(city, c, code, 1_00, ref="OK")
    with pytest.raises(services.WrongCode):
        redeem(city, c, wrong, 1_00, ref="W9")


# --- settlement -------------------------------------------------------------------------------------------------


def test_a_settlement_pays_out_exactly_the_months_redemptions(city: City) -> None:
    m = merchant_d1(city)
    c, code = card(city, balance_fen=500_00)
    with time_machine.travel(datetime(2026, 3, 31, 23, 30, tzinfo=SH), tick=False):
        redeem(city, c, code, 10_00, ref="A")
        redeem(city, c, code, 15_50, ref="B")
    with time_machine.travel(datetime(2026, 4, 1, 0, 10, tzinfo=SH), tick=False):
        redeem(city, c, code, 7_00, ref="C")  # April: not in March's settlement
        with pytest.raises(ValidationError):  # the current month cannot be settled yet
            services.settlement_create(actor=city.users["cadre_d1"], merchant=m, month=date(2026, 4, 1))
        s = services.settlement_create(actor=city.users["cadre_d1"], merchant=m, month=date(2026, 3, 1))
        assert (s.amount_fen, s.count) == (25_50, 2)
        assert sum(r.amount_fen for r in s.redemptions.all()) == s.amount_fen
        m.account.refresh_from_db()
        m.settled_account.refresh_from_db()
        assert (m.account.balance_fen, m.settled_account.balance_fen) == (7_00, 25_50)
        assert last_event().action == "settlement.create"
        with pytest.raises(Conflict):
            services.settlement_create(actor=city.users["cadre_d1"], merchant=m, month=date(2026, 3, 1))
        with pytest.raises(ValidationError):  # nothing redeemed in February
            services.settlement_create(actor=city.users["cadre_d1"], merchant=m, month=date(2026, 2, 1))
        with pytest.raises(NotFound):
            services.settlement_create(actor=city.users["outsider"], merchant=m, month=date(2026, 3, 1))
    for account in Account.objects.all():
        assert account.balance_fen == ledger.ledger_balance(account)


def test_a_merchant_of_t1_does_not_redeem_a_card_of_u3(city: City) -> None:
    m = merchant(city, org=city.t1, user="nobody")
    assert m.org == city.t1
    c, code = card(city, org=city.u3)
    with pytest.raises(NotFound):
        redeem(city, c, code, 1_00, user="nobody")
    own, own_code = card(city, org=city.u2)
    assert redeem(city, own, own_code, 1_00, user="nobody").merchant == m


def test_timezone_is_shanghai() -> None:
    assert str(timezone.get_current_timezone()) == "Asia/Shanghai"
