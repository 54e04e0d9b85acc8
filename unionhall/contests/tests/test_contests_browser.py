"""The main story in a real browser: a judge from another district scores both entrants of 东区's running
contest on the panel's scoring form, while a judge of 东方机械公司工会 is refused its own union's entrant; 东区's
cadre enters the theory marks from the contest's page, finishes the contest through its step form (which
asks to confirm) and the ranking shows the places and the certificates.

Runs on the system's Chromium against the live server; skips where there is none (see unionhall/tests/browser.py).
Screenshots land in test-artifacts/contests-*.png for a person to look at.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from unionhall.contests.models import ContestStatus, ItemKind, SkillsContest
from unionhall.contests.tests.support import contest, entrant, seat, subject
from unionhall.tests.browser import Visit, assert_clean_console
from unionhall.tests.city import City, build_city

pytestmark = pytest.mark.browser


@pytest.fixture
def running(transactional_db: Any) -> tuple[City, SkillsContest]:
    city = build_city()
    made = contest(city)
    seat(made, city.users["outsider"], city.users["chair_u1"])
    return city, made


def test_judges_score_the_organizer_finishes_and_the_ranking_is_published(
    visit: Visit, running: tuple[City, SkillsContest]
) -> None:
    city, made = running
    page = visit.page
    assert made.panel is not None
    criteria = {c.name: c.pk for c in made.panel.criteria.all()}
    first, second = entrant(made, city.u1), entrant(made, city.u2)

    # 1. A judge of 东方机械公司工会 may not score its own union's entrant.
    visit.log_in("chair_u1")
    refused = visit.goto(f"/panels/subjects/{subject(made, first).pk}/score/")
    assert refused.status == 403
    page.goto(visit.base_url + "/")
    page.get_by_role("button", name="退出").click()

    # 2. A judge from 西区 scores both entrants on the panel's form.
    visit.log_in("outsider")
    for e, (machining, process) in ((first, (90, 9)), (second, (80, 8))):
        visit.goto(f"/panels/subjects/{subject(made, e).pk}/score/")
        page.locator(f'input[name="c_{criteria["零件加工"]}"]').fill(str(machining))
        page.locator(f'input[name="c_{criteria["工艺规范"]}"]').fill(str(process))
        page.get_by_role("button", name="提交评分").click()
        expect(page.get_by_text("已评分：加权得分")).to_be_visible()
    visit.screenshot("contests-1-scored.png")
    page.get_by_role("button", name="退出").click()

    # 3. The organizer enters the theory marks from the contest's page, then finishes the contest.
    visit.log_in("cadre_d1")
    theory = made.items.get(kind=ItemKind.THEORY)
    for e, mark in ((first, "70"), (second, "95")):
        visit.goto(f"/contests/{made.pk}/")
        page.locator(f'tr[data-entrant="{e.pk}"]').get_by_test_id("theory").click()
        page.locator(f'input[name="t_{theory.pk}"]').fill(mark)
        page.get_by_role("button", name="录入理论成绩").click()
        expect(page.get_by_text(f"已录入 {e.label} 的理论成绩。")).to_be_visible()
    step = page.get_by_test_id("step-finish")
    step.locator("summary").click()
    step.get_by_label("获奖名次（前几名，0 为不评奖）").fill("1")
    step.get_by_role("button", name="结束并公布排名").click()
    dialog = page.get_by_test_id("confirm-dialog")
    expect(dialog).to_contain_text("结束后成绩和排名冻结并公布")
    dialog.get_by_role("button", name="确定").click()
    expect(page.get_by_test_id("status")).to_have_text("已结束")
    made.refresh_from_db()
    assert made.status == ContestStatus.FINISHED

    # 4. The ranking: 90/9 and 70 → 21 + 45 + 18 = 84; 80/8 and 95 → 28.5 + 40 + 16 = 84.5.
    visit.goto(f"/contests/{made.pk}/ranking/")
    rows = page.get_by_test_id("ranking").locator("tbody tr")
    expect(rows.first).to_contain_text("84.50")
    expect(rows.first).to_contain_text("获奖证书")
    expect(rows.nth(1)).to_contain_text("84.00")
    expect(rows.nth(1)).to_contain_text("参赛证书")
    visit.screenshot("contests-2-ranking.png")
    assert_clean_console(visit, expected=("403",))
