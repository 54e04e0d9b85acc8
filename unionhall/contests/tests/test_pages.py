"""The skills contest pages: the list narrowed to what the union organizes or its members enter, with its
Excel; registering and setting up a contest from the forms (every error at once, in Chinese, at its field);
the steps as folded forms; a judge scoring on the panel's page; the ranking sortable and exported; the
certificate and the published ranking as PDF, checkable on the public verify page; the 待办 count; the
outsider's 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from unionhall.console.views import waiting_work
from unionhall.contests.models import ContestStatus, ItemKind, SkillsContest
from unionhall.contests.tests.support import contest, entrant, judge, judge_score, member, seat, subject, theory
from unionhall.core.models import AuditEvent
from unionhall.documents.models import IssuedDocument
from unionhall.members.models import Membership
from unionhall.tests.city import City

pytestmark = pytest.mark.django_db


def _finished(city: City) -> SkillsContest:
    made = contest(city)
    a = judge("judge_far", city.d2)
    seat(made, a)
    judge_score(made, entrant(made, city.u1), a, 90, 9)
    judge_score(made, entrant(made, city.u2), a, 70, 7)
    theory(made, entrant(made, city.u1), 80)
    theory(made, entrant(made, city.u2), 95)
    city.client("cadre_d1").post(reverse("contests:step", args=[made.pk, "finish"]), {"awarded_top": "1"})
    made.refresh_from_db()
    assert made.status == ContestStatus.FINISHED
    return made


def test_the_list_shows_what_the_union_organizes_or_its_members_enter(city: City) -> None:
    contest(city, entrants=("u1",))
    contest(city, org=city.d2, title="西区挡车工比武", entrants=("u3",))
    page = city.client("chair_u1").get(reverse("contests:list")).content.decode()
    assert "东区数控车工技术比武" in page and "西区挡车工比武" not in page
    found = city.client("chair_u3").get(reverse("contests:list"), {"trade": "数控"}).content.decode()
    assert "东区数控车工技术比武" not in found
    export = city.client("cadre_d1").get(reverse("contests:export"))
    assert export.status_code == 200 and AuditEvent.objects.filter(action="contest.export").exists()


def test_a_cadre_registers_a_contest_sets_it_up_and_starts_it_from_the_pages(city: City) -> None:
    client = city.client("cadre_d1")
    made = client.post(
        reverse("contests:create"),
        {"org": city.d1.code, "title": "东区电工技术比武", "trade": "电工", "starts_on": "2026-11-01",
         "ends_on": "2026-11-02", "place": "东区实训基地"},
    )  # fmt: skip
    assert made.status_code == 302
    pk = int(made["Location"].rstrip("/").split("/")[-1])
    for kind, name, weight in (("theory", "电工理论", "40"), ("practice", "配电柜接线", "60")):
        added = client.post(reverse("contests:item_add", args=[pk]), {"kind": kind, "name": name, "weight": weight})
        assert added.status_code == 302
    number = Membership.objects.get(person=member(city.u1, "周电工")).member_no
    assert client.post(reverse("contests:entrant_add", args=[pk]), {"member_no": number}).status_code == 302
    page = client.get(reverse("contests:contest", args=[pk])).content.decode()
    assert 'data-step="start"' in page and "周电工" in page and "理论 40% · 实操 60%" in page
    assert client.post(reverse("contests:step", args=[pk, "start"])).status_code == 302
    assert SkillsContest.objects.get(pk=pk).status == ContestStatus.RUNNING
    judged = client.post(reverse("contests:judge_add", args=[pk]), {"username": "outsider"})
    assert judged.status_code == 302
    body = client.get(reverse("contests:contest", args=[pk])).content.decode()
    assert "进行中" in body and 'data-testid="panel-link"' in body and 'data-step="finish"' in body


def test_an_items_weight_past_100_shows_a_chinese_error_at_its_field(city: City) -> None:
    made = contest(city, start=False)
    page = city.client("cadre_d1").post(
        reverse("contests:item_add", args=[made.pk]), {"kind": "", "name": "", "weight": "30", "max_score": "0"}
    )
    body = page.content.decode()
    assert page.status_code == 200
    for message in (
        "请选择类别：理论或实操。",
        "请填写项目名称",
        "各项目权重之和不能超过 100，本项目最多 0。",
        "满分应为 1 至 1000 的整数。",
    ):
        assert message in body, message
    assert made.items.count() == 3


def test_an_entrant_from_outside_the_organizers_subtree_is_refused_at_the_member_number(city: City) -> None:
    made = contest(city, start=False)
    stranger = Membership.objects.get(person=member(city.u3, "赵外区")).member_no
    page = city.client("city_admin").post(reverse("contests:entrant_add", args=[made.pk]), {"member_no": stranger})
    assert page.status_code == 200 and "不是东区总工会范围内工会的在会会员" in page.content.decode()


def test_the_organizer_enters_theory_scores_and_a_judge_scores_practice_on_the_panels_page(city: City) -> None:
    made = contest(city)
    e = entrant(made, city.u1)
    item = made.items.get(kind=ItemKind.THEORY)
    client = city.client("cadre_d1")
    wrong = client.post(reverse("contests:theory_enter", args=[e.pk]), {f"t_{item.pk}": "abc"})
    assert "「安全知识」的成绩应为 0—100，最多两位小数。" in wrong.content.decode()
    assert client.post(reverse("contests:theory_enter", args=[e.pk]), {f"t_{item.pk}": "92.5"}).status_code == 302
    seat(made, city.users["outsider"])
    criteria = {c.name: c.pk for c in made.panel.criteria.all()}  # type: ignore[union-attr]
    scored = city.client("outsider").post(
        reverse("panels:score", args=[subject(made, e).pk]),
        {f"c_{criteria['零件加工']}": "80", f"c_{criteria['工艺规范']}": "9", "comment": ""},
    )
    assert scored.status_code == 302
    rows = client.get(reverse("contests:ranking", args=[made.pk])).content.decode()
    # 92.5 × 30% = 27.75; 80 × 50% = 40; 9/10 × 20 = 18 → 85.75
    assert "85.75" in rows and "27.75" in rows and "58.00" in rows


def test_a_judge_of_the_entrants_union_is_refused_its_scoring_form(city: City) -> None:
    made = contest(city)
    seat(made, city.users["chair_u1"])
    page = city.client("chair_u1").get(reverse("panels:score", args=[subject(made, entrant(made, city.u1)).pk]))
    assert page.status_code == 403


def test_the_ranking_sorts_by_a_column_and_exports_to_excel(city: City) -> None:
    made = _finished(city)
    client = city.client("reviewer_d1")
    page = client.get(reverse("contests:ranking", args=[made.pk]), {"sort": "-number"}).content.decode()
    assert page.index('data-rank="2"') < page.index('data-rank="1"')
    assert "最终排名" in page and "获奖证书" in page and "参赛证书" in page
    export = client.get(reverse("contests:ranking_export", args=[made.pk]))
    assert export.status_code == 200 and AuditEvent.objects.filter(action="contest.ranking_export").exists()


def test_certificates_and_the_published_ranking_print_as_pdf_checkable_on_the_verify_page(city: City) -> None:
    made = _finished(city)
    winner = made.entrants.get(rank=1)
    client = city.client("chair_u1")
    pdf = client.get(reverse("contests:certificate_pdf", args=[winner.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    doc = IssuedDocument.objects.get(kind="contest.certificate")
    assert doc.title == "技能竞赛获奖证书"
    check = city.client("anonymous").get(reverse("documents:verify", kwargs={"token": doc.token}))
    assert check.status_code == 200 and doc.serial in check.content.decode()
    assert client.get(reverse("contests:ranking_pdf", args=[made.pk])).content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="contest.certificate_pdf").exists()


def test_no_certificate_prints_before_the_contest_finishes(city: City) -> None:
    made = contest(city)
    assert (
        city.client("cadre_d1").get(reverse("contests:certificate_pdf", args=[entrant(made, city.u1).pk])).status_code
        == 409
    )


def test_the_running_contests_one_organizes_wait_on_the_home_page(city: City) -> None:
    contest(city)
    waiting = [w for w in waiting_work(city.users["cadre_d1"]) if "技能竞赛" in w["label"]]
    assert [w["count"] for w in waiting] == [1]
    assert not [w for w in waiting_work(city.users["chair_u1"]) if "技能竞赛" in w["label"]]


def test_the_outsider_gets_404_on_every_page_of_the_contest(city: City) -> None:
    made = contest(city)
    e = entrant(made, city.u1)
    outsider = city.client("outsider")
    for url in (
        reverse("contests:contest", args=[made.pk]),
        reverse("contests:ranking", args=[made.pk]),
        reverse("contests:ranking_export", args=[made.pk]),
        reverse("contests:theory_enter", args=[e.pk]),
        reverse("contests:certificate_pdf", args=[e.pk]),
        reverse("contests:step", args=[made.pk, "cancel"]),
    ):
        assert outsider.get(url).status_code == 404, url
    assert outsider.post(reverse("contests:step", args=[made.pk, "cancel"]), {"reason": "x"}).status_code == 404
