"""Shared setup of the programmes tests: a 送温暖 programme, a budget reaching U1 and approved archives."""

from __future__ import annotations

from typing import Any

from unionhall.assistance.models import HardshipFile, Programme, ProgrammeKind, WarmthBatch
from unionhall.funds.models import Budget
from unionhall.orgs.models import OrgUnit
from unionhall.tests import factories
from unionhall.tests.city import City


def warmth_programme(**extra: Any) -> Programme:
    defaults: dict[str, Any] = {
        "rules": {"categories": ["deep", "relative"], "max_per_year": 1},
        "amounts": {"default": 500_00, "by_category": {"deep": 1_000_00}, "max": 2_000_00},
    }
    return factories.programme(ProgrammeKind.WARMTH, **(defaults | extra))


def warmth_setup(unit: OrgUnit, *, households: int = 2, budget_fen: int = 100_000_00) -> dict[str, Any]:
    programme = warmth_programme()
    budget = factories.budget_chain(unit, budget_fen)
    files = [factories.hardship_file(unit, name=f"困难户{i}") for i in range(households)]
    return {"programme": programme, "budget": budget, "files": files}


def done_batch(unit: OrgUnit, budget: Budget, programme: Programme, file: HardshipFile) -> WarmthBatch:
    return WarmthBatch.objects.create(
        programme=programme,
        budget=budget,
        org=unit,
        amount_fen=500_00,
        total=1,
        done=1,
        succeeded=1,
        status="done",
        results=[{"file": file.pk, "ok": True, "message": "已申请", "amount_fen": 500_00, "disbursement": "X"}],
    )


def batches_on_both_sides(c: City) -> dict[str, Any]:
    """A finished batch at U1 (D1) and one at U3 (D2)."""
    out = {}
    for key, unit in (("d1", c.u1), ("d2", c.u3)):
        s = warmth_setup(unit, households=1)
        out[key] = done_batch(unit, s["budget"], s["programme"], s["files"][0])
    return out
