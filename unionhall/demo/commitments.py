"""The demo city's 岗位承诺卡 (issue 16): the street cadre and the 姑苏区 cadre publish this year's cards from
the city's template (六多六少, 六不六要) and commitments of their own; some are fulfilled; the chair's union,
in both cadres' areas, rates every commitment this quarter. All through the services, acted by the cadres
and the chair, inside seed_demo's one audited action (after the areas of demo/responsibility.py)."""

from __future__ import annotations

from datetime import date

from unionhall.accounts.models import User
from unionhall.commitments import selectors, services
from unionhall.commitments.models import Group, TemplateItem
from unionhall.orgs.models import OrgUnit

OWN = {
    "cadre_town": [("每季度走访定点联系企业不少于 1 次，帮助解决实际问题", 6), ("年内推动辖区新建工会 5 家", 12)],
    "cadre_gusu": [("牵头办理欠薪类维权案件，做到件件有回音", 12), ("组织职工法律服务进企业活动 4 场", 9)],
}


def seed_commitments(*, today: date) -> dict[str, int]:
    chair = User.objects.get(username="chair_demo")
    union = OrgUnit.objects.get(code="SZ-GS-01-E01")
    style = list(TemplateItem.objects.filter(group=Group.STYLE).order_by("order")[:3])
    duty = list(TemplateItem.objects.filter(group=Group.DUTY).order_by("order")[:3])
    year_end = date(today.year, 12, 31)
    cards = ratings = 0
    for n, (username, own) in enumerate(OWN.items()):
        cadre = User.objects.get(username=username)
        card = services.commitment_card_publish(
            actor=cadre,
            cadre=cadre,
            year=today.year,
            items=style + duty,
            own=[services.Own(text, date(today.year, month, 28)) for text, month in own],
            due_on=year_end,
        )
        cards += 1
        for i, c in enumerate(card.commitments.all()):
            if i % 3 == n:  # a third of each card already fulfilled, a different third on each
                services.commitment_fulfil(actor=cadre, commitment=c)
            if selectors.in_area(cadre.pk, union):
                services.commitment_rate(
                    actor=chair,
                    commitment=c,
                    unit=union,
                    score=5 - (i + n) % 3,
                    comment="走访及时，问题有回音" if i % 2 else "",
                )
                ratings += 1
    return {"commitment_cards": cards, "commitment_ratings": ratings}
