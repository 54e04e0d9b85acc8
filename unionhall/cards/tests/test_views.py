"""The cards pages: the merchant's counter and statements, the staff's card page, issuing, settling."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from unionhall.cards import services
from unionhall.cards.models import AssistanceCard, CardStatus, CardType, Redemption, Settlement
from unionhall.cards.tests.helpers import card
from unionhall.core.models import AuditEvent
from unionhall.tests.city import City
from unionhall.tests.factories import budget_chain, hardship_file, merchant, merchant_d1

SH = ZoneInfo("Asia/Shanghai")


def test_the_counter_redeems_and_shows_only_the_holders_surname(city: City) -> None:
    merchant_d1(city)
    c, code = card(city, balance_fen=100_00, name="王小明")
    response = city.client("merchant_d1").post(
        reverse("cards:redeem"), {"number": c.number, "code": code, "amount": "12.50", "merchant_ref": "POS-9"}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "王**" in text and "王小明" not in text
    assert "87.50" in text and "12.50" in text
    assert c.file.no not in text and c.file.person.id_number_masked not in text
    assert Redemption.objects.get().amount_fen == 12_50


def test_the_counter_says_not_found_for_a_card_of_another_district(city: City) -> None:
    merchant_d1(city)
    c, code = card(city, org=city.u3)
    client = city.client("merchant_d1")
    foreign = client.post(
        reverse("cards:redeem"), {"number": c.number, "code": code, "amount": "1", "merchant_ref": "X"}
    )
    assert foreign.status_code == 200
    assert "未找到该卡" in foreign.content.decode()
    assert not Redemption.objects.exists()


def test_the_counter_keeps_what_was_typed_and_explains_a_wrong_code(city: City) -> None:
    merchant_d1(city)
    c, code = card(city)
    wrong = "000000" if code != "000000" else "111111"
    response = city.client("merchant_d1").post(
        reverse("cards:redeem"), {"number": c.number, "code": wrong, "amount": "3", "merchant_ref": "POS-1"}
    )
    text = response.content.decode()
    assert "验证码错误，还可尝试 4 次" in text
    assert c.number in text and "POS-1" in text


def test_a_merchant_reaches_none_of_the_staff_pages(city: City) -> None:
    merchant_d1(city)
    c, _ = card(city)
    client = city.client("merchant_d1")
    for name, kwargs in [
        ("cards:list", {}),
        ("cards:detail", {"pk": c.pk}),
        ("cards:types", {}),
        ("cards:merchants", {}),
        ("cards:settlements", {}),
        ("cards:issue", {"file_pk": c.file_id}),
        ("orgs:tree", {}),
        ("members:list", {}),
        ("console:audit", {}),
    ]:
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 404, name


def test_the_merchant_nav_offers_only_the_counter(city: City) -> None:
    merchant_d1(city)
    response = city.client("merchant_d1").get(reverse("cards:redeem"))
    assert [item["label"] for item in response.context["nav"]] == ["核销收银"]


def test_a_merchant_sees_only_its_own_statement(city: City) -> None:
    mine = merchant_d1(city)
    other = merchant(city, org=city.d1, user="nobody")
    c, code = card(city, balance_fen=100_00)
    services.card_redeem(
        actor=city.users["merchant_d1"], number=c.number, code=code, amount_fen=5_00, merchant_ref="MINE-1"
    )
    services.card_redeem(
        actor=city.users["nobody"], number=c.number, code=code, amount_fen=7_00, merchant_ref="OTHER-1"
    )
    client = city.client("merchant_d1")
    page = client.get(reverse("cards:my_redemptions")).content.decode()
    assert "MINE-1" in page and "OTHER-1" not in page
    # Asking for the other merchant by id answers like a missing one.
    assert client.get(reverse("cards:my_redemptions"), {"merchant": other.pk}).status_code == 404
    export = client.get(reverse("cards:my_redemptions_export"))
    rows = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(export.streaming_content))).get_sheet_by_index(0)
    cells = [row for row in rows.to_python()]
    assert [r[1] for r in cells[1:]] == ["MINE-1"]
    assert mine.pk != other.pk


def test_a_merchants_settlements_are_its_own(city: City) -> None:
    m = merchant_d1(city)
    other = merchant(city, org=city.d1, user="nobody")
    c, code = card(city, balance_fen=100_00)
    with time_machine.travel(datetime(2026, 2, 10, 12, tzinfo=SH), tick=False):
        services.card_redeem(
            actor=city.users["merchant_d1"], number=c.number, code=code, amount_fen=4_00, merchant_ref="A"
        )
        services.card_redeem(actor=city.users["nobody"], number=c.number, code=code, amount_fen=9_00, merchant_ref="B")
    with time_machine.travel(datetime(2026, 3, 2, 12, tzinfo=SH), tick=False):
        services.settlement_create(actor=city.users["cadre_d1"], merchant=m, month=date(2026, 2, 1))
        services.settlement_create(actor=city.users["cadre_d1"], merchant=other, month=date(2026, 2, 1))
    page = city.client("merchant_d1").get(reverse("cards:my_settlements")).content.decode()
    assert "4.00" in page and "9.00" not in page


def test_a_cadre_issues_a_card_from_an_archive_and_tops_it_up(city: City) -> None:
    f = hardship_file(city.u1)
    budget = budget_chain(city.t1, 1_000_00)
    client = city.client("cadre_t1")
    living = CardType.objects.get(code="living")
    response = client.post(reverse("cards:issue", kwargs={"file_pk": f.pk}), {"card_type": living.pk})
    c = AssistanceCard.objects.get(file=f)
    assert response.status_code == 302 and response["Location"] == reverse("cards:detail", kwargs={"pk": c.pk})
    response = client.post(reverse("cards:top_up", kwargs={"pk": c.pk}), {"budget": budget.pk, "amount": "200"})
    assert response.status_code == 302
    c.account.refresh_from_db()
    assert c.account.balance_fen == 200_00
    page = client.get(reverse("cards:detail", kwargs={"pk": c.pk})).content.decode()
    assert "帮扶卡充值" in page and "200.00" in page


def test_a_top_up_beyond_the_budget_shows_the_error_next_to_the_form(city: City) -> None:
    c, _ = card(city, balance_fen=0)
    budget = budget_chain(city.t1, 10_00)
    response = city.client("cadre_t1").post(
        reverse("cards:top_up", kwargs={"pk": c.pk}), {"budget": budget.pk, "amount": "11"}
    )
    assert response.status_code == 200
    assert "余额不足" in response.content.decode()


def test_a_reader_sees_the_card_without_the_forms(city: City) -> None:
    c, _ = card(city)
    page = city.client("reviewer_d1").get(reverse("cards:detail", kwargs={"pk": c.pk})).content.decode()
    assert c.number in page and "充值</button>" not in page and "冻结</button>" not in page


def test_the_card_list_filters_by_type_and_expiry(city: City) -> None:
    living, _ = card(city, type_code="living", balance_fen=0)
    winter, _ = card(city, type_code="winter", balance_fen=0)
    client = city.client("cadre_d1")
    page = client.get(reverse("cards:list"), {"card_type": CardType.objects.get(code="winter").pk}).content.decode()
    assert winter.number in page and living.number not in page
    AssistanceCard.objects.filter(pk=winter.pk).update(valid_until=timezone.localdate() + timedelta(days=10))
    page = client.get(reverse("cards:list"), {"expiring": "on"}).content.decode()
    assert winter.number in page and living.number not in page
    page = client.get(reverse("cards:list"), {"org": city.u3.code}).content.decode()
    assert "在您的权限范围内没有这个编码" in page and winter.number not in page


def test_a_settlement_is_made_from_the_settlements_page(city: City) -> None:
    m = merchant_d1(city)
    c, code = card(city)
    with time_machine.travel(datetime(2026, 6, 30, 22, tzinfo=SH), tick=False):
        services.card_redeem(
            actor=city.users["merchant_d1"], number=c.number, code=code, amount_fen=8_00, merchant_ref="Z"
        )
    with time_machine.travel(datetime(2026, 7, 3, 9, tzinfo=SH), tick=False):
        client = city.client("cadre_d1")
        response = client.post(reverse("cards:settlement_create"), {"merchant": m.pk, "month": "2026-06"})
        assert response.status_code == 302
        again = client.post(reverse("cards:settlement_create"), {"merchant": m.pk, "month": "2026-06"})
        assert "已经结算" in again.content.decode()
    s = Settlement.objects.get()
    assert (s.amount_fen, s.count, s.month) == (8_00, 1, date(2026, 6, 1))


def test_reissue_from_the_card_page_leads_to_the_new_card(city: City) -> None:
    c, _ = card(city, balance_fen=30_00)
    response = city.client("cadre_t1").post(reverse("cards:reissue", kwargs={"pk": c.pk}), {"reason": "遗失"})
    new = AssistanceCard.objects.get(replaces=c)
    assert response["Location"] == reverse("cards:detail", kwargs={"pk": new.pk})
    c.refresh_from_db()
    assert c.status == CardStatus.REPLACED


def test_an_export_is_an_audit_event(city: City) -> None:
    card(city)
    city.client("cadre_d1").get(reverse("cards:export"))
    assert AuditEvent.objects.filter(action="cards.export").count() == 1


def test_the_city_adds_a_card_type_on_the_page(city: City) -> None:
    client = city.client("city_admin")
    response = client.post(
        reverse("cards:type_create"),
        {"code": "study", "name": "助学卡", "accepted_at": ["supermarket"], "validity_months": "12", "active": "on"},
    )
    assert response.status_code == 302
    assert CardType.objects.get(code="study").name == "助学卡"
    bad = client.post(reverse("cards:type_create"), {"code": "x", "name": "生活救助卡", "validity_months": "12"})
    assert "已有同名" in bad.content.decode() or "至少选择" in bad.content.decode()


def test_the_monthly_command_settles_every_merchant_once(city: City) -> None:
    from io import StringIO

    from django.core.management import call_command

    m = merchant_d1(city)
    other = merchant(city, org=city.d1, user="nobody")
    c, code = card(city)
    with time_machine.travel(datetime(2026, 8, 20, 12, tzinfo=SH), tick=False):
        services.card_redeem(
            actor=city.users["merchant_d1"], number=c.number, code=code, amount_fen=3_00, merchant_ref="A"
        )
        services.card_redeem(actor=city.users["nobody"], number=c.number, code=code, amount_fen=4_00, merchant_ref="B")
    with time_machine.travel(datetime(2026, 9, 1, 1, tzinfo=SH), tick=False):
        out = StringIO()
        call_command("settle_merchants", stdout=out)
        assert "结算 2 户" in out.getvalue()
        call_command("settle_merchants", stdout=out)
    assert sorted(Settlement.objects.values_list("merchant_id", "amount_fen")) == sorted(
        [(m.pk, 3_00), (other.pk, 4_00)]
    )


def test_a_foreign_card_page_is_exactly_a_missing_one(city: City) -> None:
    import re

    c, _ = card(city, org=city.u3)
    client = city.client("cadre_d1")
    foreign = client.get(reverse("cards:detail", kwargs={"pk": c.pk}))
    missing = client.get(reverse("cards:detail", kwargs={"pk": 999_999}))
    assert foreign.status_code == missing.status_code == 404
    token = re.compile(rb'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+"')
    assert token.sub(b"", foreign.content) == token.sub(b"", missing.content)
    assert AuditEvent.objects.filter(success=False, object_id=str(c.pk)).exists()


def test_the_holder_reads_the_code_of_each_card_in_use(city: City) -> None:
    from unionhall.cards.selectors import holder_cards

    c, code = card(city, balance_fen=0)
    new = services.card_reissue(actor=city.users["cadre_t1"], card=c)
    mine = list(holder_cards(c.file.person))
    assert mine == [new]
    assert services.reveal_code(new) != "" and len(services.reveal_code(new)) == 6
    assert code  # the old code belonged to the replaced card, no longer listed
