"""Running a 送温暖 batch: one disbursement request per household, each its own audited business action
(`warmth_batch.request`), each result written on the batch as it comes, so the page can show progress
and one refusal never stops the others. Small batches run in the request; large ones in a background task (`programmes/tasks.py`).
"""

from __future__ import annotations

import logging
from typing import Any

from django.db.models import F

from unionhall.assistance import eligibility
from unionhall.assistance.models import Disbursement, HardshipFile, WarmthBatch
from unionhall.core.actors import Actor
from unionhall.core.audit import audited
from unionhall.core.errors import DomainError

log = logging.getLogger(__name__)

# Above this many households a batch runs in the background (a request would take too long).
BACKGROUND_ABOVE = 200


def enqueue(batch_id: int) -> None:
    from unionhall.programmes import tasks

    tasks.run_batch.enqueue(batch_id)


def reason_of(error: DomainError) -> str:
    details = [m for messages in error.field_errors.values() for m in messages]
    return " ".join(details) if details else error.message


def request_one(*, actor: Actor, batch: WarmthBatch, file: HardshipFile, amount_fen: int) -> Disbursement:
    """One household of the batch, one audited business action: the programme's eligibility, then the
    money service's request (which records no event of its own inside this one, and checks the programme's
    eligibility again itself), tied to the batch."""
    from unionhall.assistance.disbursements.services import disbursement_request

    with audited(actor=actor, action="warmth_batch.request", org=file.org, obj=file) as event:
        d = disbursement_request(
            actor=actor,
            file=file,
            programme=batch.programme,
            budget=batch.budget,
            amount_fen=amount_fen,
            details={},
            batch=batch,
        )
        event.target(d, org=file.org)
        event.changes = {"batch": batch.pk, "amount_fen": amount_fen, "disbursement": d.no}
    return d


def run(batch: WarmthBatch, *, actor: Actor) -> WarmthBatch:
    """Request each household still without a result. Safe to call again: done households are skipped."""
    WarmthBatch.objects.filter(pk=batch.pk).update(status="running")
    batch.refresh_from_db()
    programme = batch.programme
    files = HardshipFile.objects.select_related("org", "person").in_bulk([r["file"] for r in batch.results])
    results = list(batch.results)
    for index, entry in enumerate(results):
        if entry.get("ok") is not None:
            continue
        file = files.get(entry["file"])
        outcome: dict[str, Any] = {"file": entry["file"], "ok": False, "message": ""}
        if file is None:
            outcome["message"] = "档案已不存在。"
        else:
            amount = batch.amount_fen or eligibility.suggested_amount(file=file, programme=programme)
            outcome["amount_fen"] = amount
            try:
                d = request_one(actor=actor, batch=batch, file=file, amount_fen=amount)
            except DomainError as error:
                outcome["message"] = reason_of(error)
            except Exception:  # one household's unexpected failure must not stop the others
                log.exception("warmth batch %s: household %s failed", batch.pk, entry["file"])
                outcome["message"] = "系统错误，未能申请，请稍后单独申请或联系管理员。"
            else:
                outcome.update(ok=True, message=f"已申请，编号 {d.no}", disbursement=d.no)
        results[index] = outcome
        WarmthBatch.objects.filter(pk=batch.pk).update(
            results=results, done=F("done") + 1, succeeded=F("succeeded") + (1 if outcome["ok"] else 0)
        )
    WarmthBatch.objects.filter(pk=batch.pk).update(status="done")
    batch.refresh_from_db()
    return batch


def mark_failed(batch_id: int, message: str) -> None:
    batch = WarmthBatch.objects.filter(pk=batch_id).first()
    if batch is None:
        return
    results = [r if r.get("ok") is not None else {**r, "ok": False, "message": message} for r in batch.results]
    WarmthBatch.objects.filter(pk=batch_id).update(status="failed", results=results)
