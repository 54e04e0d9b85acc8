"""The reward pages: proposed from the submission's page with its tier shown, approved and paid through the
reward's steps, listed per union and person with Excel export, the city's rules edited by the city admin;
every error in Chinese at its field; a reward of another district is 404."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from unionhall.innovation.models import Reward, RewardRule, RewardStatus, Status
from unionhall.innovation.tests.support import innovation_budget, verified
from unionhall.tests.city import City

pytestmark = pytest.mark.django_db


def test_a_reward_is_proposed_approved_and_paid_from_the_pages(city: City) -> None:
    s, budget = verified(city), innovation_budget(city)
    t1 = city.client("cadre_t1")
    page = t1.get(reverse("innovation:submission", args=[s.pk])).content.decode()
    assert 'data-testid="propose-reward"' in page
    form = t1.get(reverse("innovation:reward_propose", args=[s.pk])).content.decode()
    assert "3,000.00" in form or "3000.00" in form  # the tier's amount, before proposing
    answer = t1.post(reverse("innovation:reward_propose", args=[s.pk]), {"budget": ""})
    assert answer.status_code == 200 and "请选择奖励资金的预算。" in answer.content.decode()
    answer = t1.post(reverse("innovation:reward_propose", args=[s.pk]), {"budget": budget.pk})
    r = Reward.objects.get(submission=s)
    assert answer.status_code == 302 and answer["Location"] == reverse("innovation:reward", args=[r.pk])
    proposed = t1.get(answer["Location"]).content.decode()
    assert f"已提出奖励 {r.no}：3,000.00 元，待审批。" in proposed  # the amount written as on every page
    d1 = city.client("cadre_d1")
    approve = reverse("innovation:reward_step", args=[r.pk, "approve"])
    # The proposer is never offered the approval (its effect refuses them); another reviewer is.
    assert approve not in proposed
    assert approve in d1.get(answer["Location"]).content.decode()
    assert d1.post(approve).status_code == 302
    bad = d1.post(reverse("innovation:reward_step", args=[r.pk, "pay"]), {"paid_on": "", "bank_ref": ""})
    text = bad.content.decode()
    assert bad.status_code == 200 and "请填写支付日期。" in text and "请填写银行流水号" in text
    paid = d1.post(
        reverse("innovation:reward_step", args=[r.pk, "pay"]),
        {"paid_on": timezone.localdate().isoformat(), "bank_ref": "B9"},
    )
    assert paid.status_code == 302
    r.refresh_from_db()
    s.refresh_from_db()
    assert (r.status, s.status) == (RewardStatus.PAID, Status.REWARDED)
    detail = d1.get(reverse("innovation:reward", args=[r.pk])).content.decode()
    assert "已支付" in detail and "B9" in detail


def test_rewards_are_listed_per_union_and_person_and_exported(city: City) -> None:
    from unionhall.innovation import reward_services

    budget = innovation_budget(city)
    r = reward_services.reward_propose(actor=city.users["cadre_t1"], submission=verified(city), budget=budget)
    client = city.client("cadre_d1")
    page = client.get(reverse("innovation:rewards"), {"q": r.payee.name, "status": "proposed"}).content.decode()
    assert r.no in page
    assert r.no not in client.get(reverse("innovation:rewards"), {"q": "没有这个人"}).content.decode()
    sheet = client.get(reverse("innovation:reward_export"))
    assert sheet.status_code == 200 and sheet["Content-Type"].startswith("application/vnd.openxmlformats")


def test_rewards_awaiting_approval_are_counted_in_the_todo(city: City) -> None:
    from unionhall.innovation import nav, reward_services

    reward_services.reward_propose(
        actor=city.users["cadre_t1"], submission=verified(city), budget=innovation_budget(city)
    )
    assert nav.rewards_waiting(city.users["cadre_d1"]) == 1
    assert nav.rewards_waiting(city.users["cadre_t1"]) == 0  # the proposer never approves their own
    assert nav.rewards_waiting(city.users["outsider"]) == 0


def test_the_city_admin_edits_the_rules_and_errors_stand_at_their_fields(city: City) -> None:
    admin = city.client("city_admin")
    url = reverse("innovation:reward_rules")
    bad = admin.post(url, {"kind": "", "from_amount": "", "to_amount": "", "amount": ""})
    text = bad.content.decode()
    assert bad.status_code == 200 and "请填写年创效下限" in text and "奖励金额应大于 0" in text
    ok = admin.post(url, {"kind": "small_design", "from_amount": "0", "to_amount": "", "amount": "800", "active": "on"})
    assert ok.status_code == 302
    assert RewardRule.objects.get(kind="small_design").amount_fen == 800_00
    # A district sees the rules but cannot change them.
    assert city.client("cadre_d1").get(url).status_code == 200
    assert city.client("cadre_d1").post(url, {"from_amount": "0", "amount": "1"}).status_code == 403


def test_an_outsider_gets_404_on_a_reward_of_another_district(city: City) -> None:
    from unionhall.innovation import reward_services

    r = reward_services.reward_propose(
        actor=city.users["cadre_t1"], submission=verified(city), budget=innovation_budget(city)
    )
    outsider = city.client("outsider")
    assert outsider.get(reverse("innovation:reward", args=[r.pk])).status_code == 404
    assert outsider.post(reverse("innovation:reward_step", args=[r.pk, "approve"])).status_code == 404
    assert outsider.get(reverse("innovation:reward_propose", args=[r.submission_id])).status_code == 404
    assert Reward.objects.get(pk=r.pk).status == RewardStatus.PROPOSED


def test_the_settings_page_is_the_city_admins_and_keeps_what_was_typed(city: City) -> None:
    from unionhall.core.models import AuditEvent
    from unionhall.innovation.models import InnovationSettings

    innovation_budget(city)
    url = reverse("innovation:reward_settings")
    assert city.client("cadre_d1").get(url).status_code == 403
    assert city.client("outsider").post(url, {"dual_approval": "1"}).status_code == 403
    assert city.client("nobody").get(url).status_code == 404
    admin = city.client("city_admin")
    assert 'data-testid="settings"' in admin.get(reverse("innovation:rewards")).content.decode()
    bad = admin.post(
        url,
        {"dual_approval": "", "fund_code": "nosuch", "grade_first_min": "90", "grade_second_min": "95",
         "grade_third_min": "70", "grade_merit_min": "60"},
    )  # fmt: skip
    text = bad.content.decode()
    assert bad.status_code == 200 and "需两人审批的金额起点" in text and "没有编码为「nosuch」的资金" in text
    assert "应低于上一等级" in text and 'value="nosuch"' in text
    good = admin.post(
        url,
        {"dual_approval": "8000", "fund_code": "innovation", "grade_first_min": "90", "grade_second_min": "80",
         "grade_third_min": "70", "grade_merit_min": "55"},
    )  # fmt: skip
    assert good.status_code == 302
    row = InnovationSettings.current()
    assert (row.dual_approval_fen, str(row.grade_merit_min)) == (8_000_00, "55.00")
    event = AuditEvent.objects.get(action="innovation_settings.save", success=True)
    assert event.changes["dual_approval_fen"] == [10_000_00, 8_000_00]


def test_a_persons_rewards_are_listed_from_the_payees_link_and_on_their_me_page(city: City) -> None:
    from unionhall.innovation import reward_services

    budget = innovation_budget(city)
    mine = reward_services.reward_propose(actor=city.users["cadre_t1"], submission=verified(city), budget=budget)
    other = reward_services.reward_propose(actor=city.users["cadre_t1"], submission=verified(city), budget=budget)
    client = city.client("cadre_d1")
    listing = client.get(reverse("innovation:rewards")).content.decode()
    assert f'href="?person={mine.payee_id}"' in listing
    page = client.get(reverse("innovation:rewards"), {"person": mine.payee_id}).content.decode()
    assert mine.no in page and other.no not in page and f"创新成果奖励：{mine.payee.name}" in page
    # Another district's reader finds nothing of the person, not even their name.
    foreign = city.client("chair_u3").get(reverse("innovation:rewards"), {"person": mine.payee_id}).content.decode()
    assert mine.no not in foreign and mine.payee.name not in foreign
    from unionhall.innovation.selectors import my_rewards

    assert list(my_rewards(mine.payee)) == [mine]
