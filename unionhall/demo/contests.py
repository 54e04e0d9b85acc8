"""The demo city's skills contests (技能竞赛): 姑苏区's 数控车工技术比武 of this autumn is finished — six members of
the first street's unions, one theory item (the exam) and two practice items judged by five judges (so each
item drops its highest and lowest), two entrants tied on the total and parted by the tie rule, the first
three awarded; 陈静's union runs its own 钳工岗位练兵, in progress, with some scores given (her 待办), where
she sits as a judge too and is refused her own union's entrants by the panel. All through the services,
acted by the district's cadre, the chair and the judges, inside seed_demo's one audited action; scores are
worked out from each entrant's place, not drawn, so the seed's random draws are unchanged."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count

from unionhall.accounts.models import User
from unionhall.contests import services
from unionhall.contests.models import Entrant, ItemKind, SkillsContest
from unionhall.members.models import OPEN_STATUSES, Membership
from unionhall.orgs.models import OrgLevel, OrgUnit
from unionhall.panels import services as panels
from unionhall.panels.models import PanelSubject

LATHE = [
    {"kind": ItemKind.THEORY, "name": "理论知识", "weight": 30, "max_score": 100},
    {"kind": ItemKind.PRACTICE, "name": "零件加工", "weight": 50, "max_score": 100},
    {"kind": ItemKind.PRACTICE, "name": "安全文明生产", "weight": 20, "max_score": 10},
]
FITTER = [
    {"kind": ItemKind.THEORY, "name": "钳工理论", "weight": 40, "max_score": 100},
    {"kind": ItemKind.PRACTICE, "name": "锉配", "weight": 60, "max_score": 100},
]
# Each finished entrant's theory mark and, per judge, 零件加工 and 安全文明生产: entrants 2 and 3 end on the same
# total of 86 — entrant 3 ranks above entrant 2 by its higher practice score — the others apart.
LATHE_SCORES = [
    ("92", [(95, 9), (90, 9), (88, 8), (92, 9), (60, 6)]),
    ("80", [(90, 9), (86, 9), (84, 9), (88, 8), (99, 10)]),
    ("73.33", [(92, 9), (92, 9), (92, 9), (95, 10), (60, 8)]),
    ("75", [(78, 7), (76, 8), (80, 7), (74, 7), (90, 9)]),
    ("68.5", [(70, 7), (72, 7), (66, 6), (75, 8), (50, 5)]),
    ("88", [(65, 6), (70, 7), (68, 7), (72, 7), (80, 8)]),
]


def _members(unions: list[OrgUnit], per_union: int, up_to: int) -> list[Membership]:
    """Up to `per_union` open members of each union in turn, `up_to` in all."""
    out: list[Membership] = []
    for union in unions:
        out += list(
            Membership.objects.filter(org__path__startswith=union.path, status__in=OPEN_STATUSES)
            .select_related("person")
            .order_by("id")[:per_union]
        )
        if len(out) >= up_to:
            break
    return out[:up_to]


def _judge(contest: SkillsContest, entrant: Entrant, user: User, values: tuple[int, ...]) -> None:
    assert contest.panel is not None
    criteria = list(contest.panel.criteria.all())
    subject = PanelSubject.objects.get(panel=contest.panel, ref=entrant.pk)
    panels.panel_score(actor=user, subject=subject, values={c.pk: v for c, v in zip(criteria, values, strict=True)})


def seed_contests(*, today: date) -> dict[str, int]:
    cadre = User.objects.get(username="cadre_gusu")
    chair = User.objects.get(username="chair_demo")
    judges = [User.objects.get(username=n) for n in ("admin_city", "reviewer_city", "cadre_wuzhong", "cadre_town")]
    gusu = OrgUnit.objects.get(code="SZ-GS")
    street = OrgUnit.objects.get(code="SZ-GS-01")
    own = OrgUnit.objects.get(code="SZ-GS-01-E01")
    unions = list(OrgUnit.objects.filter(path__startswith=street.path, level=OrgLevel.GRASSROOTS).order_by("code"))
    held = today - timedelta(days=30)
    lathe = _members(unions, 2, 6)
    made, scores = 0, 0
    entrants: list[Entrant] = []
    if len(lathe) < 2:  # a tiny demo: no contest
        return {"skills_contests": 0, "contest_entrants": 0, "contest_judge_scores": 0}
    done = services.contest_create(
        actor=cadre, org=gusu, title=f"{today.year}年姑苏区数控车工技术比武", trade="数控车工", starts_on=held,
        ends_on=held + timedelta(days=1), place="姑苏区职业技能公共实训基地", items=LATHE,
    )  # fmt: skip
    entrants = [services.contest_entrant_add(actor=cadre, contest=done, person=m.person) for m in lathe]
    services.contest_start(actor=cadre, contest=done)
    done.refresh_from_db()
    five = [*judges, cadre]
    for user in five:
        services.contest_judge_add(actor=cadre, contest=done, user=user)
    theory_item = done.items.get(kind=ItemKind.THEORY)
    for entrant, (mark, given) in zip(entrants, LATHE_SCORES, strict=False):
        entrant.contest = done
        services.contest_theory_enter(actor=cadre, entrant=entrant, values={theory_item.pk: mark})
        for user, values in zip(five, given, strict=True):
            _judge(done, entrant, user, values)
            scores += 1
    services.contest_finish(actor=cadre, contest=done, awarded_top=3)
    made += 1

    # The chair's union; in a small demo, the street's union with the most members, organized by the street.
    organizer, host = chair, own
    if Membership.objects.filter(org__path__startswith=own.path, status__in=OPEN_STATUSES).count() < 2:
        largest = (
            Membership.objects.filter(org__in=unions, status__in=OPEN_STATUSES)
            .values("org")
            .annotate(n=Count("id"))
            .order_by("-n", "org")
            .first()
        )
        own = OrgUnit.objects.get(pk=largest["org"]) if largest else own
        organizer, host = User.objects.get(username="cadre_town"), street
    fitting = _members([own], 4, 4)
    if len(fitting) < 2:
        return {"skills_contests": made, "contest_entrants": len(entrants), "contest_judge_scores": scores}
    running = services.contest_create(
        actor=organizer, org=host, title=f"{today.year}年钳工岗位练兵", trade="钳工", starts_on=today,
        ends_on=today + timedelta(days=7), place="一车间实训室", items=FITTER,
    )  # fmt: skip
    fitters = [services.contest_entrant_add(actor=organizer, contest=running, person=m.person) for m in fitting]
    services.contest_start(actor=organizer, contest=running)
    running.refresh_from_db()
    for user in (cadre, judges[3], chair):
        services.contest_judge_add(actor=organizer, contest=running, user=user)
    fitter_theory = running.items.get(kind=ItemKind.THEORY)
    for n, entrant in enumerate(fitters[:2]):
        entrant.contest = running
        services.contest_theory_enter(actor=organizer, entrant=entrant, values={fitter_theory.pk: str(85 - 6 * n)})
        _judge(running, entrant, cadre, (88 - 5 * n,))
        scores += 1
    return {
        "skills_contests": made + 1,
        "contest_entrants": len(entrants) + len(fitters),
        "contest_judge_scores": scores,
    }
