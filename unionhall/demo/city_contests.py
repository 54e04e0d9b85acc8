"""The city's skills contests at scale (seed_city): each district ran one 技术比武 this year, finished and
ranked, and runs a second one now — a few entrants each, drawn from the district's members, judged on the
contest's own panel by the city admin and other districts' cadres (never of an entrant's union), the rows
written as the services would have (panel, criteria, subjects with their results, scores, theory scores, the
history lines) in bulk inserts; the finished contests' ranking is then frozen through the same pure ranking
the finish step uses. A few thousand rows in all."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from unionhall.accounts.models import User
from unionhall.contests import ranking, scores
from unionhall.contests.models import (
    ContestEvent,
    ContestItem,
    ContestStatus,
    Entrant,
    ItemKind,
    ItemScore,
    SkillsContest,
)
from unionhall.contests.panel_subject import KIND
from unionhall.demo.city_cast import Cast
from unionhall.orgs.models import OrgLevel
from unionhall.panels import results
from unionhall.panels.models import Criterion, Panel, PanelMember, PanelStatus, PanelSubject, Score

TRADES = ("数控车工", "电工", "焊工", "钳工", "汽车维修工", "育婴员", "快递员", "网约配送员")
ITEMS = (
    (ItemKind.THEORY, "理论知识", 30, 100),
    (ItemKind.PRACTICE, "实操作业", 50, 100),
    (ItemKind.PRACTICE, "安全文明生产", 20, 10),
)
FINISHED_ENTRANTS, RUNNING_ENTRANTS, JUDGES, AWARDED = 8, 6, 5, 3


def seed_city_contests(cast: Cast) -> dict[str, int]:
    rng, today = cast.rng, cast.today
    by_district: dict[int, list[tuple[int, int]]] = {}
    for m in reversed(cast.members):
        district = cast.district_of(m.org)
        unit = cast.units[m.org]
        while unit.level == OrgLevel.BRANCH and unit.parent is not None:
            unit = cast.units[unit.parent]
        if district is None:
            continue
        drawn = by_district.setdefault(district, [])
        if len(drawn) < FINISHED_ENTRANTS + RUNNING_ENTRANTS and m.person not in {p for p, _ in drawn}:
            drawn.append((m.person, unit.id))
    contests: list[tuple[SkillsContest, list[tuple[int, int]]]] = []
    for n, (district, cadre) in enumerate(sorted(cast.cadres.items())):
        people = by_district.get(district, [])
        if len(people) < 4:
            continue
        for finished in (True, False):
            held = today - timedelta(days=60 + 7 * n) if finished else today
            trade = TRADES[(2 * n + (0 if finished else 1)) % len(TRADES)]
            c = SkillsContest(
                org_id=district, title=f"{today.year}年{cast.units[district].name[:-3]}{trade}技术比武"[:100],
                trade=trade, starts_on=held, ends_on=held + timedelta(days=1), place="区职业技能实训基地",
                status=ContestStatus.FINISHED if finished else ContestStatus.RUNNING, created_by=cadre,
                awarded_top=AWARDED if finished else 0,
            )  # fmt: skip
            chosen = people[: len(people) // 2 + 1] if finished else people[len(people) // 2 + 1 :]
            if len(chosen) >= 2:
                contests.append((c, chosen))
    SkillsContest.objects.bulk_create([c for c, _ in contests])
    items = [
        ContestItem(contest=c, kind=k, name=name, weight=w, max_score=top, position=p)
        for c, _ in contests
        for p, (k, name, w, top) in enumerate(ITEMS, start=1)
    ]
    ContestItem.objects.bulk_create(items)
    panels = [
        Panel(org_id=c.org_id, title=f"{c.title}实操评分"[:100], kind=KIND, created_by=c.created_by,
              status=PanelStatus.CLOSED if c.status == ContestStatus.FINISHED else PanelStatus.OPEN)
        for c, _ in contests
    ]  # fmt: skip
    Panel.objects.bulk_create(panels)
    practice = [(name, w, top) for k, name, w, top in ITEMS if k == ItemKind.PRACTICE]
    weights = ranking.normalized_weights([w for _, w, _ in practice])
    criteria = [
        Criterion(panel=p, name=name, weight=weights[i], max_score=top, position=i + 1)
        for p in panels
        for i, (name, _, top) in enumerate(practice)
    ]
    Criterion.objects.bulk_create(criteria)
    for (c, _), p in zip(contests, panels, strict=True):
        c.panel = p
    SkillsContest.objects.bulk_update([c for c, _ in contests], ["panel"])
    entrants = [
        Entrant(contest=c, person_id=person, org_id=union, number=k, added_by=c.created_by)
        for c, people in contests
        for k, (person, union) in enumerate(people, start=1)
    ]
    Entrant.objects.bulk_create(entrants)
    judges = [cast.admin, *cast.cadres.values()]
    members: list[PanelMember] = []
    subjects: list[PanelSubject] = []
    theory_rows: list[ItemScore] = []
    seated: dict[int, list[User]] = {}
    theory_of = {i.contest_id: i for i in items if i.kind == ItemKind.THEORY}
    for (c, _), p in zip(contests, panels, strict=True):
        seats = [*[u for u in judges if u.pk != c.created_by.pk][: JUDGES - 1], c.created_by]
        seated[p.pk] = seats
        members += [PanelMember(panel=p, user=u, added_by=c.created_by) for u in seats]
    PanelMember.objects.bulk_create(members)
    panel_of = {c.pk: p for (c, _), p in zip(contests, panels, strict=True)}
    status_of = {c.pk: c.status for c, _ in contests}
    for e in entrants:
        p = panel_of[e.contest_id]
        finished = status_of[e.contest_id] == ContestStatus.FINISHED
        # A running contest's last entrants are not scored yet.
        if finished or e.number <= 3:
            theory_rows.append(
                ItemScore(entrant=e, item=theory_of[e.contest_id], score=Decimal(rng.randrange(6000, 10000)) / 100,
                          entered_by=e.added_by)
            )  # fmt: skip
        subjects.append(
            PanelSubject(panel=p, ref=e.pk, title=f"{p.title[:-4]} {e.label}", org_id=e.org_id, added_by=e.added_by)
        )
    ItemScore.objects.bulk_create(theory_rows)
    PanelSubject.objects.bulk_create(subjects)
    crit_of: dict[int, list[Criterion]] = {}
    for cr in criteria:
        crit_of.setdefault(cr.panel_id, []).append(cr)
    score_rows = []
    contest_of = {e.pk: e.contest_id for e in entrants}
    for s in subjects:
        finished = status_of[contest_of[s.ref]] == ContestStatus.FINISHED
        panel_judges = seated[s.panel_id] if finished else seated[s.panel_id][:2]
        totals = []
        for u in panel_judges:
            shape = [(cr.pk, cr.weight, cr.max_score) for cr in crit_of[s.panel_id]]
            values = {cr.pk: rng.randrange(cr.max_score * 6 // 10, cr.max_score + 1) for cr in crit_of[s.panel_id]}
            total = results.weighted_total(values, shape)
            totals.append(total)
            score_rows.append(Score(panel_id=s.panel_id, subject=s, reviewer=u, total=total,
                                    values={str(k): v for k, v in values.items()}))  # fmt: skip
        s.score_count, s.result = len(totals), results.result(totals, 5)
    Score.objects.bulk_create(score_rows, batch_size=1000)
    PanelSubject.objects.bulk_update(subjects, ["score_count", "result"], batch_size=1000)
    events, frozen = [], []
    for c, _ in contests:
        events.append(ContestEvent(contest=c, step="start", from_status="draft", to_status="running",
                                   actor=c.created_by, actor_name=c.created_by.username))  # fmt: skip
        if c.status != ContestStatus.FINISHED:
            continue
        events.append(ContestEvent(contest=c, step="finish", from_status="running", to_status="finished",
                                   actor=c.created_by, actor_name=c.created_by.username))  # fmt: skip
        for placed in scores.standings(c):
            line = placed.line
            frozen.append(Entrant(pk=line.entrant, theory=line.theory, practice=line.practice, total=line.total,
                                  rank=placed.rank, awarded=placed.rank <= AWARDED))  # fmt: skip
    ContestEvent.objects.bulk_create(events)
    Entrant.objects.bulk_update(frozen, ["theory", "practice", "total", "rank", "awarded"], batch_size=1000)
    return {
        "city_contests": len(contests),
        "city_contest_entrants": len(entrants),
        "city_contest_scores": len(score_rows),
    }
