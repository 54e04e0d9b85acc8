"""Issue 17's innovation story in one real browser: a worker of 东方机械公司工会 files a 合理化建议 on a phone
from /me/ideas/; the union's chair recommends it upward (推荐上报); 东一街道总工会 (the federation above the
union, which holds `innovation.review`) convenes a review panel on its pages, names a reviewer of another union
and sends the proposal to it; the reviewer
scores it on the scoring form (a second reviewer's score arrives through the service) and the result shows on
the submission's page; the federation adopts it, the union records its implementation, the federation
verifies its benefit with the evidence uploaded; the reward of the benefit's tier is proposed, approved by
东区总工会 and paid from its innovation budget. The submission ends 已奖励, the worker sees it on the phone,
and the money stands in the ledger, on the budget's page and in the database.

Runs on the system's Chromium against the live server; skips where there is none (see unionhall/tests/browser.py).
Screenshots land in test-artifacts/innovation-*.png for a person to look at.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from unionhall.accounts.models import User
from unionhall.funds.models import Budget, JournalKind
from unionhall.innovation.models import Channel, Reward, RewardStatus, Status, Submission
from unionhall.innovation.tests.support import innovation_budget
from unionhall.notifications import sms
from unionhall.orgs.models import Grant, Role
from unionhall.panels import services as panels
from unionhall.panels.models import Panel, PanelSubject
from unionhall.tests import factories
from unionhall.tests.browser import Visit, assert_clean_console
from unionhall.tests.city import TEST_PASSWORD, City, build_city
from unionhall.tests.picker import pick

pytestmark = pytest.mark.browser

TITLE = "数控车床刀具寿命提升"
CONTENT = "现状：刀具磨损快，每月更换频繁。做法：优化切削参数，改用涂层刀片。效果：刀具寿命延长一倍，每年节约刀具费用约十五万元。"


@pytest.fixture
def town(transactional_db: Any, settings: Any, tmp_path: Any) -> tuple[City, Budget]:
    """The shared city, committed so the live server's thread sees it: worker_u1 is 李明 of U1 (phone
    13800001111); 东区 holds an innovation reward budget of 100,000.00 yuan; the city's reward tiers are the
    migration's (restored by build_city); uploads and text messages stay in the test."""
    settings.SMS_BACKEND = "unionhall.notifications.sms.MemoryBackend"
    settings.MEDIA_ROOT = tmp_path
    sms.MemoryBackend.outbox = []
    city = build_city()
    factories.link(city.users["worker_u1"], city.u1, "李明", phone="13800001111")
    return city, innovation_budget(city, 100_000_00)


def switch_to(visit: Visit, username: str) -> None:
    visit.page.get_by_role("button", name="退出").click()
    expect(visit.page.get_by_test_id("scope")).to_have_count(0)
    visit.log_in(username)


def test_a_workers_proposal_goes_from_the_phone_through_a_panel_to_a_paid_reward(
    visit: Visit, town: tuple[City, Budget]
) -> None:
    city, budget = town
    # 1. The worker, on a phone, logs in with the code sent to them and files a proposal from 我的创新.
    phone = visit.phone()
    phone.goto(visit.base_url + "/me/login/")
    phone.get_by_label("手机号").fill("13800001111")
    phone.get_by_role("button", name="获取验证码").click()
    found = re.search(r"\d{6}", sms.MemoryBackend.outbox[-1][1])
    assert found is not None
    phone.get_by_label("验证码").fill(found.group(0))
    phone.get_by_role("button", name="登录").click()
    expect(phone.get_by_test_id("my-cases")).to_be_visible()
    phone.goto(visit.base_url + "/me/ideas/")
    expect(phone.get_by_test_id("my-ideas")).to_contain_text("还没有提出创新成果")
    phone.get_by_test_id("idea-new").click()
    phone.get_by_label("类别").select_option(label="合理化建议")
    phone.get_by_label("名称").fill(TITLE)
    phone.get_by_label("主要内容").fill(CONTENT)
    phone.get_by_label("预计年创效（元，可不填）").fill("150000")
    phone.get_by_role("button", name="提交").click()
    expect(phone.get_by_role("status").first).to_contain_text("由东方机械公司工会受理")
    expect(phone.get_by_test_id("my-ideas")).to_contain_text(TITLE)
    expect(phone.get_by_test_id("idea-status")).to_have_text("已申报")
    visit.screenshot("innovation-1-filed.png", page=phone)
    s = Submission.objects.get()
    assert (s.org, s.channel, s.status, s.expected_benefit_fen) == (
        city.u1,
        Channel.PORTAL,
        Status.SUBMITTED,
        150_000_00,
    )

    # 2. The chair of 东方机械公司工会 finds it among the proposals waiting and recommends it upward (推荐上报).
    visit.log_in("chair_u1")
    page = visit.page
    visit.goto("/innovation/?status=submitted")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_test_id("status")).to_have_text("已申报")
    page.get_by_test_id("transitions").locator('[data-step="forward"]').click()
    page.get_by_role("button", name="推荐上报").click()
    expect(page.get_by_role("status").first).to_contain_text("已办理「推荐上报」")
    expect(page.get_by_test_id("status")).to_have_text("已推荐")

    # 3. 东一街道总工会 convenes a review panel of innovation submissions and names a reviewer of another union.
    switch_to(visit, "cadre_t1")
    visit.goto("/panels/new/")
    page.get_by_label("评审名称").fill("东一街道职工创新成果评审")
    page.get_by_label("评审对象").select_option(label="职工创新成果")
    page.get_by_label("评分标准").fill("创新性 50 10\n效益 50 10")
    pick(page, "org", "东一街道", "东一街道总工会")  # the unit picker last: headless Chromium never blurs it
    page.locator("#id_org").evaluate("select => select.tomselect.blur()")
    page.get_by_role("button", name="组建").evaluate("button => button.click()")
    expect(page.get_by_role("status").first).to_contain_text("已组建评审组：东一街道职工创新成果评审")
    panel = Panel.objects.get()
    assert panel.org == city.t1
    page.get_by_test_id("member-add").click()
    page.get_by_label("评委账号").fill("chair_u3")
    page.get_by_role("button", name="添加").click()
    expect(page.get_by_role("status").first).to_contain_text("评委已添加")
    expect(page.get_by_test_id("members")).to_contain_text("chair_u3")
    # A second reviewer, of 东一村工会 (another union under the street), is named and scores by the service.
    expert = User.objects.create_user(username="expert_u2", password=TEST_PASSWORD)
    Grant.objects.create(user=expert, role=Role.GRASSROOTS_STAFF, org=city.u2)
    panels.panel_member_add(actor=city.users["cadre_t1"], panel=panel, user=expert)

    # 4. It finds the recommended proposal among those waiting and sends it to the panel (送评审).
    visit.goto("/innovation/?status=forwarded")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_test_id("status")).to_have_text("已推荐")
    page.get_by_test_id("transitions").locator('[data-step="review"]').click()
    page.get_by_label("评审组").select_option(label="东一街道职工创新成果评审（东一街道总工会）")
    page.get_by_role("button", name="送评审").click()
    expect(page.get_by_role("status").first).to_contain_text("已办理「送评审」")
    expect(page.get_by_test_id("status")).to_have_text("评审中")
    expect(page.get_by_test_id("panel-result")).to_contain_text("评分 0 个")
    subject = PanelSubject.objects.get(panel=panel, ref=s.pk)
    first, second = panel.criteria.order_by("id")
    panels.panel_score(actor=expert, subject=subject, values={first.pk: 9, second.pk: 9}, comment="效益明显")

    # 5. The reviewer of 西方纺织 scores it in the browser, reading the proposal on the form.
    switch_to(visit, "chair_u3")
    visit.goto("/panels/to-score/")
    rows = page.get_by_test_id("to-score")
    expect(rows).to_contain_text(TITLE)
    rows.get_by_role("button", name="评分").click()
    expect(page.get_by_test_id("summary")).to_contain_text("优化切削参数")
    page.get_by_label("创新性（权重 50%，满分 10）").fill("8")
    page.get_by_label("效益（权重 50%，满分 10）").fill("9")
    page.get_by_label("评语").fill("做法可推广")
    page.get_by_role("button", name="提交评分").click()
    expect(page.get_by_role("status").first).to_contain_text("已评分：加权得分 85.00")
    expect(page.get_by_test_id("to-score")).to_contain_text("没有待评分的评审对象")

    # 6. The federation sees the result on the submission's page and adopts it.
    switch_to(visit, "cadre_t1")
    visit.goto(f"/innovation/{s.pk}/")
    expect(page.get_by_test_id("panel-result")).to_contain_text("评分 2 个")
    expect(page.get_by_test_id("panel-result")).to_contain_text("评审得分 87.50")
    visit.screenshot("innovation-2-scored.png")
    page.get_by_test_id("transitions").locator('[data-step="adopt"]').click()
    page.get_by_label("说明（可不填）").fill("评审通过，予以采纳")
    page.get_by_role("button", name="采纳").click()
    expect(page.get_by_role("status").first).to_contain_text("已办理「采纳」")
    expect(page.get_by_test_id("status")).to_have_text("已采纳")

    # 7. The union records its implementation.
    switch_to(visit, "chair_u1")
    visit.goto(f"/innovation/{s.pk}/")
    expect(page.get_by_test_id("transitions").locator("[data-step]")).to_have_count(1)
    page.get_by_test_id("transitions").locator('[data-step="implement"]').click()
    page.get_by_role("button", name="登记实施").click()
    expect(page.get_by_role("status").first).to_contain_text("已办理「登记实施」")
    expect(page.get_by_test_id("status")).to_have_text("已实施")

    # 8. The federation verifies the benefit, uploading the evidence.
    switch_to(visit, "cadre_t1")
    visit.goto(f"/innovation/{s.pk}/")
    page.get_by_test_id("transitions").locator('[data-step="verify_benefit"]').click()
    page.get_by_label("核定年创效（元）").fill("150000")
    page.get_by_label("创效证明材料").set_input_files(
        files=[{"name": "创效核算表.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 benefit 150000"}]
    )
    page.get_by_role("button", name="核定创效").click()
    expect(page.get_by_role("status").first).to_contain_text("已办理「核定创效」")
    expect(page.get_by_test_id("status")).to_have_text("创效已核定")
    expect(page.get_by_test_id("verified")).to_have_text("150,000.00 元")
    expect(page.get_by_test_id("evidence")).to_have_text("创效核算表.pdf")
    s.refresh_from_db()
    assert (s.verified_benefit_fen, s.evidence.get().name) == (150_000_00, "创效核算表.pdf")

    # 9. It proposes the reward of the benefit's tier, from 东区's innovation budget.
    page.get_by_test_id("propose-reward").click()
    expect(page.get_by_test_id("tier")).to_contain_text("奖励 3,000.00 元")
    page.get_by_label("奖励资金预算").select_option(value=str(budget.pk))
    page.get_by_role("button", name="提出奖励").click()
    # The message's figure is typed as the export's (3000.00) while the page's are grouped (3,000.00): either reads.
    expect(page.get_by_role("status").first).to_contain_text(re.compile(r"已提出奖励 JL\d+：3,?000\.00 元，待审批"))
    expect(page.get_by_test_id("status")).to_have_text("待审批")
    reward = Reward.objects.get(submission=s)

    # 10. 东区总工会 approves it and records the bank transfer.
    switch_to(visit, "cadre_d1")
    visit.goto(f"/innovation/rewards/{reward.pk}/")
    expect(page.get_by_test_id("amount")).to_have_text("3,000.00 元")
    page.get_by_test_id("transitions").locator('[data-step="approve"]').click()
    page.get_by_role("button", name="审批通过").click()
    expect(page.get_by_role("status").first).to_contain_text("已办理「审批通过」")
    expect(page.get_by_test_id("status")).to_have_text("已批准待支付")
    page.get_by_test_id("transitions").locator('[data-step="pay"]').click()
    today = timezone.localdate().isoformat()
    page.get_by_label("支付日期").fill(today)
    page.get_by_role("heading", name="登记支付").click()  # a click beside it closes the date's calendar
    expect(page.locator(".flatpickr-calendar.open")).to_have_count(0)
    page.get_by_label("银行流水号").fill("ICBC20261207001")
    page.get_by_role("button", name="登记支付").click()
    expect(page.get_by_role("status").first).to_contain_text("已办理「登记支付」")
    expect(page.get_by_test_id("status")).to_have_text("已支付")
    expect(page.get_by_text(f"支付日期：{today} · 银行流水号：ICBC20261207001")).to_be_visible()
    visit.screenshot("innovation-3-paid.png")

    # 11. The submission ends rewarded, and the money stands in the budget's ledger.
    page.get_by_role("link", name=f"{s.no} {TITLE}").click()
    expect(page.get_by_test_id("status")).to_have_text("已奖励")
    expect(page.get_by_test_id("reward")).to_contain_text("已支付")
    visit.goto(f"/funds/budgets/{budget.pk}/")
    expect(page.get_by_test_id("spent")).to_have_text("3,000.00")
    expect(page.get_by_test_id("remaining")).to_have_text("97,000.00")
    expect(page.get_by_test_id("ledger-lines")).to_contain_text(f"{reward.no} 职工创新成果奖励")
    visit.screenshot("innovation-4-ledger.png")
    reward.refresh_from_db()
    s.refresh_from_db()
    assert (s.status, reward.status, reward.amount_fen) == (Status.REWARDED, RewardStatus.PAID, 3_000_00)
    assert reward.approve_journal is not None and reward.pay_journal is not None
    assert reward.pay_journal.kind == JournalKind.PAYMENT
    assert sorted(e.amount_fen for e in reward.pay_journal.entries.all()) == [-3_000_00, 3_000_00]
    budget.refresh_from_db()
    assert (budget.spent_fen, budget.remaining_fen) == (3_000_00, 97_000_00)

    # 12. The worker sees it rewarded on the phone.
    phone.reload()
    expect(phone.get_by_test_id("idea-status")).to_have_text("已奖励")
    visit.screenshot("innovation-5-worker.png", page=phone)
    assert_clean_console(visit)
