"""Issue 5's acceptance story in a real browser: a grassroots chair files a hardship archive, a district
cadre verifies it after a home visit and puts it on public notice, an objection is recorded and found
groundless, the notice period passes and the cadre approves it; money is requested, approved and paid from the district's budget; a card is issued and topped
up; a partner merchant's cashier, who sees nothing but the counter, redeems part of it. At the end the
database agrees: the archive approved, the payment paid, the card's balance, every account equal to its
ledger, and an audit trail naming who did what.

Runs on the system's Chromium against the live server; skips where there is none (see unionhall/tests/browser.py).
Screenshots land in test-artifacts/assistance-*.png for a person to look at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import expect

from unionhall.assistance.models import (
    AssistanceSettings,
    Disbursement,
    DisbursementStatus,
    FileStatus,
    HardshipFile,
    Programme,
    ProgrammeKind,
)
from unionhall.cards import services as card_services
from unionhall.cards.models import AssistanceCard, CardStatus, CardType, MerchantKind, PartnerMerchant, Redemption
from unionhall.core.models import AuditEvent
from unionhall.funds import services as fund_services
from unionhall.funds.ledger import ledger_balance
from unionhall.funds.models import Account, Budget
from unionhall.programmes import services as programme_services
from unionhall.tests.browser import Visit, assert_clean_console
from unionhall.tests.city import City, build_city
from unionhall.tests.factories import valid_id
from unionhall.tests.picker import pick

pytestmark = pytest.mark.browser

SHANGHAI = ZoneInfo("Asia/Shanghai")
WORKER_ID = valid_id("32050819790315432")
WRONG_ID = WORKER_ID[:-1] + ("0" if WORKER_ID[-1] != "0" else "1")
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"

PAYMENT_FEN = 800_00  # under the city's two-approval figure: one approver
TOP_UP_FEN = 300_00
REDEEMED_FEN = 120_50


@dataclass
class Setting:
    """What the city has configured before the story starts, through the owning apps' services."""

    town: City
    programme: Programme
    city_budget: Budget
    district_budget: Budget
    card_type: CardType
    shop: PartnerMerchant


@pytest.fixture
def world(transactional_db: Any, settings: Any, tmp_path: Any) -> Setting:
    """The shared city, committed so the live server's thread sees it, with a fund, a programme, a city
    budget allocated down to the district, a card type and a supermarket at the district with its cashier."""
    settings.MEDIA_ROOT = tmp_path  # the evidence PDF lands here, not in var/media
    town = build_city()
    admin, cadre = town.users["city_admin"], town.users["cadre_d1"]
    fund = fund_services.fund_create(actor=admin, code="BF", name="帮扶专项资金")
    programme = programme_services.programme_save(
        actor=admin,
        code="LIVING",
        name="生活救助",
        kind=ProgrammeKind.LIVING,
        fund=fund,
        rules={"categories": ["deep", "relative", "accident"]},
        amounts={"default": 1_000_00, "max": 3_000_00},
    )
    year = datetime.now(SHANGHAI).year
    city_budget = fund_services.budget_create(actor=admin, fund=fund, year=year, amount_fen=100_000_00)
    district_budget = fund_services.budget_allocate(
        actor=admin, parent=city_budget, org=town.d1, amount_fen=20_000_00, memo="下拨东区"
    )
    # The default card types come with a migration; a transactional test before this one may have emptied them.
    card_type = CardType.objects.filter(code="living").first() or card_services.card_type_save(
        actor=admin, code="living", name="生活救助卡", accepted_at=[MerchantKind.SUPERMARKET]
    )
    shop = card_services.merchant_create(
        actor=cadre, org=town.d1, code="SHOP-D1", name="东区爱心超市", kind=MerchantKind.SUPERMARKET
    )
    card_services.merchant_user_link(actor=cadre, merchant=shop, user=town.users["merchant_d1"])
    assert AssistanceSettings.current().dual_approval_fen > PAYMENT_FEN
    return Setting(town, programme, city_budget, district_budget, card_type, shop)


def log_out(visit: Visit) -> None:
    visit.page.get_by_role("button", name="退出").click()
    expect(visit.page.get_by_test_id("scope")).to_have_count(0)


def switch_to(visit: Visit, username: str) -> None:
    log_out(visit)
    visit.log_in(username)


def open_archive(visit: Visit, no: str) -> None:
    """From the menu, as a person would: 困难职工, then the archive's number in the list."""
    page = visit.page
    page.get_by_role("navigation").get_by_role("link", name="困难职工", exact=True).click()
    expect(page.get_by_role("heading", name="困难职工档案", level=2)).to_be_visible()
    page.get_by_test_id("archives").get_by_role("link", name=no, exact=True).click()
    expect(page.get_by_test_id("status")).to_be_visible()


def flash(visit: Visit) -> Any:
    return visit.page.get_by_role("status")


def test_a_hardship_family_is_filed_verified_approved_paid_and_its_card_redeemed(visit: Visit, world: Setting) -> None:
    town, page = world.town, visit.page

    # 1. The chair of 东方机械公司工会 files an archive for a worker of the company.
    visit.log_in("chair_u1")
    page.get_by_role("navigation").get_by_role("link", name="困难职工", exact=True).click()
    page.get_by_role("button", name="新建档案").click()
    expect(page.get_by_role("heading", name="新建困难职工档案")).to_be_visible()
    pick(page, "org", "dfjx", "东方机械公司工会")
    page.get_by_label("职工姓名").fill("李困难")
    page.get_by_label("身份证号").fill(WRONG_ID)  # a slip in the last digit
    page.get_by_label("联系电话").fill("13912340001")
    page.get_by_label("家庭住址").fill("东区幸福路 18 号 2 单元 301 室")
    pick(page, "employer_uscc", town.e1.uscc[:8], "东方机械有限公司")
    page.get_by_label("家庭人口（含本人）").fill("3")
    page.get_by_label("家庭月收入（元）").fill("2400")
    page.get_by_label("因病").check()
    page.get_by_label("困难情况").fill("妻子患尿毒症，每周透析三次；孩子在读初中。")
    page.get_by_label("开户银行").fill("工商银行东区支行")
    page.get_by_label("本人银行卡号").fill("6222021234567890128")
    page.get_by_role("button", name="保存").click()

    id_label = page.locator("label", has=page.get_by_label("身份证号"))
    expect(id_label.get_by_role("alert")).to_have_text("身份证号校验位不正确，请核对。")
    expect(page.locator(".field-error")).to_have_count(1)  # only that field is wrong
    expect(page.get_by_test_id("form-errors")).to_contain_text("提交的内容有 1 处需要修改")
    expect(page.get_by_label("职工姓名")).to_have_value("李困难")
    expect(page.get_by_label("家庭月收入（元）")).to_have_value("2400")
    expect(page.get_by_label("家庭住址")).to_have_value("东区幸福路 18 号 2 单元 301 室")
    expect(page.get_by_label("因病")).to_be_checked()
    expect(page.get_by_label("身份证号")).to_have_value(WRONG_ID)
    visit.screenshot("assistance-file-error.png")
    assert not HardshipFile.objects.exists()

    page.get_by_label("身份证号").fill(WORKER_ID)
    page.get_by_role("button", name="保存").click()
    expect(flash(visit)).to_contain_text("（草稿）")
    file = HardshipFile.objects.get()
    expect(page.get_by_role("heading", name=re.compile(f"李困难 {file.no}"))).to_be_visible()
    expect(page.get_by_test_id("status")).to_have_text("草稿")
    expect(page.get_by_text("深度困难").first).to_be_visible()  # 800 yuan a head is under the 低保 line
    expect(page.get_by_text("东方机械有限公司")).to_be_visible()
    expect(page.get_by_text(WORKER_ID)).to_have_count(0)  # masked on the page

    # The proof of illness, a small PDF.
    page.get_by_role("link", name="上传材料", exact=True).click()
    expect(page.get_by_role("heading", name="上传证明材料")).to_be_visible()
    page.get_by_label("材料类型").select_option(label="病历/诊断证明")
    page.get_by_label("文件").set_input_files({"name": "诊断证明.pdf", "mimeType": "application/pdf", "buffer": PDF})
    page.get_by_role("button", name="保存").click()
    expect(flash(visit)).to_have_text("材料已上传。")
    expect(page.get_by_role("link", name="诊断证明.pdf")).to_be_visible()

    page.get_by_test_id("transitions").get_by_role("button", name="提交核查").click()
    expect(flash(visit)).to_have_text("已办理「提交核查」。")
    expect(page.get_by_test_id("status")).to_have_text("待核查")
    visit.screenshot("assistance-file-submitted.png")

    # 2. The district's cadre visits the home, records it, confirms the verification and starts the notice.
    switch_to(visit, "cadre_d1")
    open_archive(visit, file.no)
    transitions = page.get_by_test_id("transitions")
    expect(transitions.get_by_role("button", name="提交核查")).to_have_count(0)
    page.get_by_role("link", name="登记入户走访", exact=True).click()
    expect(page.get_by_role("heading", name="登记入户走访")).to_be_visible()
    expect(page.get_by_label("走访类型")).to_have_value("verification")
    page.get_by_label("走访人").fill("张三、李四")
    page.get_by_label("核查情况").fill("家中确有重病人，收入与申报一致。")
    page.get_by_label("结论").select_option(label="情况属实")
    page.get_by_role("button", name="保存").click()
    expect(flash(visit)).to_have_text("走访记录已保存。")
    expect(page.get_by_role("row", name=re.compile("入户核查.*张三、李四"))).to_be_visible()

    transitions.get_by_role("button", name="确认入户核查").click()
    expect(page.get_by_test_id("status")).to_have_text("已核查")
    transitions.get_by_role("button", name="开始公示").click()
    expect(page.get_by_test_id("status")).to_have_text("公示中")
    file.refresh_from_db()
    assert file.notice_starts_on is not None and file.notice_ends_on is not None
    expect(page.get_by_text(f"{file.notice_starts_on:%Y-%m-%d} 至 {file.notice_ends_on:%Y-%m-%d}")).to_be_visible()

    # Too early: the notice has not run its days.
    transitions.get_by_role("button", name="公示期满，审批建档").click()
    expect(page.locator(".flash.error")).to_contain_text(f"公示期至 {file.notice_ends_on:%Y-%m-%d} 结束")
    expect(page.get_by_test_id("status")).to_have_text("公示中")
    visit.screenshot("assistance-file-notice.png")

    # A neighbour objects during the notice; the cadre records what was received.
    page.get_by_role("link", name="登记公示异议").click()
    page.get_by_label("异议内容").fill("反映人称该户另有门面房出租收入。")
    page.get_by_role("button", name="保存").click()
    expect(flash(visit)).to_have_text("异议已登记；处理前不能审批建档。")
    expect(page.get_by_text("反映人称该户另有门面房出租收入。")).to_be_visible()
    log_out(visit)

    # 3. The notice period passes (the live server's thread runs in this process, so it travels too).
    after = datetime.combine(file.notice_ends_on + timedelta(days=1), time(9, 30), tzinfo=SHANGHAI)
    with time_machine.travel(after, tick=True):
        visit.log_in("cadre_d1")
        open_archive(visit, file.no)
        # the objection still open keeps approval closed, whatever the calendar says
        transitions.get_by_role("button", name="公示期满，审批建档").click()
        expect(page.locator(".flash.error")).to_contain_text("公示期间有尚未处理的异议，请先处理异议。")
        expect(page.get_by_test_id("status")).to_have_text("公示中")
        page.get_by_role("link", name="处理", exact=True).click()
        page.get_by_label("核实结论").select_option(label="异议不成立")
        page.get_by_label("处理结果").fill("经核实，门面房为亲属所有，该户无出租收入。")
        page.get_by_role("button", name="保存").click()
        expect(flash(visit)).to_have_text("异议已处理。")
        expect(page.get_by_text("异议不成立（经核实，门面房为亲属所有，该户无出租收入。")).to_be_visible()
        transitions.get_by_role("button", name="公示期满，审批建档").click()
        expect(flash(visit)).to_have_text("已办理「公示期满，审批建档」。")
        expect(page.get_by_test_id("status")).to_have_text("已建档")
        expect(page.get_by_role("row", name=re.compile("审批建档.*cadre_d1"))).to_be_visible()
        visit.screenshot("assistance-file-approved.png")

        # 4. The chair asks for 生活救助 from the district's budget.
        switch_to(visit, "chair_u1")
        open_archive(visit, file.no)
        expect(page.get_by_role("button", name="发卡", exact=True)).to_have_count(0)  # cards are the federation's
        page.get_by_role("button", name="申请救助").click()
        expect(page.get_by_role("heading", name="申请救助：李困难")).to_be_visible()
        page.get_by_label("帮扶项目").select_option(label="生活救助")
        page.get_by_label("使用预算").select_option(str(world.district_budget.pk))
        page.get_by_label("金额（元）").fill("800")
        page.get_by_role("button", name="提交申请").click()
        expect(flash(visit)).to_contain_text("金额 800.00 元")
        expect(page.get_by_test_id("status")).to_have_text("待审批")
        expect(page.get_by_test_id("amount")).to_have_text("800.00 元")
        expect(page.get_by_role("button", name="批准并从预算支出")).to_have_count(0)  # not the requester's call
        disbursement = Disbursement.objects.get()
        assert not disbursement.needs_two_approvals
        visit.screenshot("assistance-disbursement-requested.png")

        # The cadre approves and records the bank's payment.
        switch_to(visit, "cadre_d1")
        page.get_by_role("navigation").get_by_role("link", name="救助支出", exact=True).click()
        page.get_by_test_id("disbursements-table").get_by_role("link", name=disbursement.no).click()
        page.get_by_label("审批意见").fill("同意，按标准发放。")
        page.get_by_role("button", name="批准并从预算支出").click()
        expect(page.get_by_test_id("status")).to_have_text("已批准待支付")
        expect(page.get_by_test_id("approvals")).to_contain_text("同意，按标准发放。")
        expect(page.get_by_label("支付日期")).to_have_value(f"{after:%Y-%m-%d}")
        page.get_by_label("银行流水号").fill("ICBC20260001")
        page.get_by_role("button", name="登记支付").click()
        expect(page.get_by_test_id("status")).to_have_text("已支付")
        expect(page.get_by_text("流水号 ICBC20260001")).to_be_visible()
        visit.screenshot("assistance-disbursement-paid.png")

        # 5. A 生活救助卡 for the household, topped up from the district's budget.
        open_archive(visit, file.no)
        page.get_by_role("button", name="发卡", exact=True).click()
        expect(page.get_by_role("heading", name="发卡：李困难")).to_be_visible()
        page.get_by_label("卡券类型").select_option(label=world.card_type.name)
        page.get_by_role("button", name="发卡").click()
        expect(flash(visit)).to_contain_text(f"已发卡：{world.card_type.name}")
        card = AssistanceCard.objects.get()
        expect(page.get_by_role("heading", name=f"{world.card_type.name} {card.number}")).to_be_visible()
        expect(page.get_by_test_id("balance")).to_have_text("0.00")
        page.get_by_label("预算").select_option(str(world.district_budget.pk))
        page.get_by_label("充值金额（元）").fill("300")
        page.get_by_label("备注").fill("生活救助卡首次充值")
        page.get_by_role("button", name="充值").click()
        expect(flash(visit)).to_have_text("已充值。")
        expect(page.get_by_test_id("balance")).to_have_text("300.00")
        expect(page.get_by_test_id("history")).to_contain_text("+300.00")
        visit.screenshot("assistance-card.png")

        # 6. The supermarket's cashier: the counter and nothing else.
        switch_to(visit, "merchant_d1")
        expect(page).to_have_url(visit.base_url + reverse("cards:redeem"))
        modules = page.get_by_role("navigation", name="功能导航").get_by_role("link")
        expect(modules).to_have_text(["核销收银"])
        response = visit.goto(reverse("assistance:archive_detail", args=[file.pk]))
        assert response is not None and response.status == 404
        expect(page.get_by_text("李困难")).to_have_count(0)
        visit.goto(reverse("cards:redeem"))
        expect(page.get_by_role("heading", name="东区爱心超市")).to_be_visible()

        # The holder reads the card's code in the worker portal and shows it at the till.
        code = card_services.reveal_code(card)
        page.get_by_label("卡号").fill(card.number)
        page.get_by_label("验证码").fill(code)
        page.get_by_label("金额（元）").fill("120.50")
        page.get_by_label("小票号").fill("POS-0001")
        page.get_by_role("button", name="确认核销").click()
        result = page.get_by_test_id("redeem-result")
        expect(result).to_contain_text("核销成功")
        expect(result).to_contain_text("120.50")
        expect(result).to_contain_text("179.50 元")
        expect(result).to_contain_text("POS-0001")
        expect(result).not_to_contain_text(card.number)  # the number is masked on the receipt
        visit.screenshot("assistance-redeemed.png")

        page.get_by_role("navigation", name="收银").get_by_role("link", name="对账单").click()
        row = page.get_by_test_id("statement-table").get_by_role("row", name=re.compile("POS-0001"))
        expect(row).to_contain_text("120.50")
        expect(row).to_contain_text("待结算")
        expect(row).to_contain_text("**** " + card.number[-4:])
        expect(page.get_by_text("核销 1 笔")).to_be_visible()
        visit.screenshot("assistance-statement.png")

    # 7. What the database says.
    file.refresh_from_db()
    assert (file.status, file.approved_on) == (FileStatus.APPROVED, after.date())
    assert file.verified_on is not None and file.evidence.count() == 1
    disbursement.refresh_from_db()
    assert disbursement.status == DisbursementStatus.PAID
    assert (disbursement.amount_fen, disbursement.bank_ref, disbursement.paid_on) == (
        PAYMENT_FEN,
        "ICBC20260001",
        after.date(),
    )
    assert disbursement.approvals.get().approver == town.users["cadre_d1"]
    card.refresh_from_db()
    card.account.refresh_from_db()
    assert card.status == CardStatus.ACTIVE
    assert card.account.balance_fen == TOP_UP_FEN - REDEEMED_FEN
    redemption = Redemption.objects.get()
    assert (redemption.card, redemption.merchant, redemption.amount_fen) == (card, world.shop, REDEEMED_FEN)
    world.district_budget.refresh_from_db()
    world.district_budget.account.refresh_from_db()
    assert world.district_budget.account.balance_fen == 20_000_00 - PAYMENT_FEN - TOP_UP_FEN
    accounts = list(Account.objects.all())
    assert accounts and all(a.balance_fen == ledger_balance(a) for a in accounts), [
        (a.name, a.balance_fen, ledger_balance(a)) for a in accounts if a.balance_fen != ledger_balance(a)
    ]

    done = set(AuditEvent.objects.filter(success=True).values_list("action", "actor__username"))
    expected = {
        ("hardship_file.create", "chair_u1"),
        ("evidence.upload", "chair_u1"),
        ("hardship_file.submit", "chair_u1"),
        ("home_visit.record", "cadre_d1"),
        ("hardship_file.verify", "cadre_d1"),
        ("hardship_file.start_notice", "cadre_d1"),
        ("hardship_file.approve", "cadre_d1"),
        ("disbursement.request", "chair_u1"),
        ("disbursement.approve", "cadre_d1"),
        ("disbursement.pay", "cadre_d1"),
        ("card.issue", "cadre_d1"),
        ("card.top_up", "cadre_d1"),
        ("card.redeem", "merchant_d1"),
    }
    assert expected <= done, expected - done
    refused = set(AuditEvent.objects.filter(success=False).values_list("action", "actor__username"))
    assert refused == {
        ("hardship_file.create", "chair_u1"),  # the wrong check digit
        ("hardship_file.approve", "cadre_d1"),  # before the notice was over
        ("access.assistance.view", "merchant_d1"),  # the archive's URL typed at the till
    }, refused

    assert_clean_console(visit, expected=("status of 404",))  # the archive URL the merchant tried
