"""What the competitions' own tests share: a competition of 东区 with two indicators (工程进度 by ratio, 安全事故
by threshold, lower is better) and two stages (上半年, 下半年), its participants 东方机械公司工会 (U1) and
东一村工会 (U2), started unless asked otherwise; and a result entered for a participant."""

from __future__ import annotations

from datetime import date
from typing import Any

from unionhall.competitions import services
from unionhall.competitions.models import Competition, Participant, Result
from unionhall.orgs.models import OrgUnit
from unionhall.tests.audit_support import SYSTEM
from unionhall.tests.city import City

INDICATORS = [
    {"code": "JD", "name": "工程进度完成率", "weight": "60", "target": "100", "unit": "%", "direction": "higher"},
    {"code": "AQ", "name": "安全事故", "weight": "40", "target": "2", "unit": "起", "direction": "lower",
     "method": "threshold"},
]  # fmt: skip


def competition(
    c: City, *, org: OrgUnit | None = None, title: str = "东区重点工程劳动竞赛", start: bool = True,
    participants: tuple[str, ...] = ("u1", "u2"),
) -> Competition:  # fmt: skip
    made = services.competition_create(
        actor=SYSTEM,
        org=org or c.d1,
        title=title,
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
        indicators=INDICATORS,
    )
    services.competition_stage_add(
        actor=SYSTEM, competition=made, name="上半年", starts_on=date(2026, 1, 1), ends_on=date(2026, 6, 30)
    )
    services.competition_stage_add(
        actor=SYSTEM, competition=made, name="下半年", starts_on=date(2026, 7, 1), ends_on=date(2026, 12, 31)
    )
    for name in participants:
        services.competition_participant_add(actor=SYSTEM, competition=made, org=getattr(c, name))
    if start:
        services.competition_start(actor=SYSTEM, competition=made)
    made.refresh_from_db()
    return made


def participant(made: Competition, org: OrgUnit) -> Participant:
    return made.participants.get(org=org)


def enter(made: Competition, org: OrgUnit, code: str, value: Any, *, stage: int = 1, actor: Any = SYSTEM) -> Result:
    return services.competition_result_enter(
        actor=actor,
        competition=made,
        participant=participant(made, org),
        indicator=made.indicators.get(code=code),
        stage=made.stages.get(number=stage),
        value=value,
    )
