"""Writes of the programmes app: the city's programmes (who qualifies, how much) and 送温暖 in bulk.

A programme belongs to the whole city: only who configures programmes at the root (the city admin) saves,
stops or restarts one. A 送温暖 batch belongs to the unit whose archives it covers: who may request
payments there starts it; each household's request is then its own audited business action
(`assistance.disbursements.services.disbursement_request`), run by `programmes/batch.py`.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction

from unionhall.assistance import eligibility
from unionhall.assistance.models import Programme, ProgrammeKind, WarmthBatch
from unionhall.core.actors import Actor, user_of
from unionhall.core.audit import audited
from unionhall.core.errors import Conflict, ValidationError
from unionhall.core.rows import save_values
from unionhall.funds.models import Budget, Fund
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.selectors import city_root_or_404
from unionhall.programmes import batch as batch_runner
from unionhall.programmes.selectors import WarmthFilters, warmth_candidates

CODE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,30}$")


def programme_save(
    *,
    actor: Actor,
    programme: Programme | None = None,
    code: str,
    name: str,
    kind: str,
    fund: Fund | None,
    description: str = "",
    rules: dict[str, Any],
    amounts: dict[str, Any],
) -> Programme:
    """Create a programme (programme=None) or change one. Rules and amounts are checked by
    `eligibility.validate_rules`, so what is saved is what `eligibility.check` can read."""
    with audited(actor=actor, action="programme.save", obj=programme) as event:
        root = city_root_or_404()
        event.org = root
        access.require(actor, Cap.PROGRAMME_CONFIG, root, obj=programme)
        errors: dict[str, list[str]] = {}
        code, name, description = code.strip(), name.strip(), description.strip()
        if not CODE_PATTERN.match(code):
            errors["code"] = ["编码为 1 至 30 位字母、数字、下划线或连字符。"]
        elif Programme.objects.filter(code=code).exclude(pk=programme.pk if programme else 0).exists():
            errors["code"] = ["该编码已被其他帮扶项目使用。"]
        if not name:
            errors["name"] = ["请填写项目名称。"]
        elif len(name) > 60:
            errors["name"] = ["项目名称最多 60 个字。"]
        if kind not in ProgrammeKind.values:
            errors["kind"] = ["请选择项目类别。"]
        if fund is not None and not fund.active:
            errors["fund"] = [f"资金「{fund.name}」已停用。"]
        if kind != ProgrammeKind.EDUCATION and any(v is not None for v in (amounts.get("by_tier") or {}).values()):
            for tier in amounts["by_tier"]:
                errors.setdefault(f"tier_{tier}", []).append("只有金秋助学按院校层次设定金额。")
        try:
            rules, amounts = eligibility.validate_rules(rules, amounts)
        except ValidationError as error:
            for field, messages in error.field_errors.items():
                errors.setdefault(field, []).extend(messages)
        if errors:
            raise ValidationError(field_errors=errors)
        values = {
            "code": code,
            "name": name,
            "kind": kind,
            "fund": fund,
            "description": description,
            "rules": rules,
            "amounts": amounts,
        }
        if programme is None:
            programme = Programme.objects.create(**values)
            event.changes = {"created": True} | {k: v if k != "fund" else str(v or "") for k, v in values.items()}
        else:
            programme = Programme.objects.select_for_update().get(pk=programme.pk)
            event.changes = save_values(programme, values, also=("updated_at",))
        event.target(programme)
    return programme


def _set_active(*, actor: Actor, programme: Programme, active: bool) -> Programme:
    action = "programme.activate" if active else "programme.deactivate"
    with audited(actor=actor, action=action, obj=programme) as event:
        root = city_root_or_404()
        event.org = root
        access.require(actor, Cap.PROGRAMME_CONFIG, root, obj=programme)
        programme = Programme.objects.select_for_update().get(pk=programme.pk)
        if programme.active == active:
            raise Conflict("该帮扶项目已经启用。" if active else "该帮扶项目已经停用。")
        programme.active = active
        programme.save(update_fields=["active", "updated_at"])
        event.changes = {"active": [not active, active]}
    return programme


def programme_deactivate(*, actor: Actor, programme: Programme) -> Programme:
    """Stop a programme: no new request may name it; requests already made go on."""
    return _set_active(actor=actor, programme=programme, active=False)


def programme_activate(*, actor: Actor, programme: Programme) -> Programme:
    return _set_active(actor=actor, programme=programme, active=True)


def warmth_batch_start(
    *,
    actor: Actor,
    programme: Programme,
    budget: Budget,
    filters: WarmthFilters,
    amount_fen: int | None = None,
    background: bool | None = None,
) -> WarmthBatch:
    """送温暖 over a filtered list of approved archives: record the batch, then one disbursement request
    per household, each with its own result (one household refused does not stop the others).

    `amount_fen` None pays each household the programme's standard amount for it. Up to
    `batch.BACKGROUND_ABOVE` households run at once; more run as a background task (the page polls).
    """
    with audited(actor=actor, action="warmth_batch.start", org=filters.org) as event:
        org = filters.org
        access.require(actor, Cap.ASSISTANCE_EDIT, org)
        errors: dict[str, list[str]] = {}
        if programme.kind != ProgrammeKind.WARMTH:
            errors["programme"] = ["请选择送温暖类的帮扶项目。"]
        elif not programme.active:
            errors["programme"] = [f"帮扶项目「{programme.name}」已停用。"]
        if amount_fen is not None and amount_fen <= 0:
            errors["amount"] = ["每户金额必须大于零。"]
        in_reach = access.scope_queryset(actor, Cap.FUNDS_VIEW, Budget.objects.filter(pk=budget.pk), "org").exists()
        if not in_reach:
            errors["budget"] = ["请选择您权限范围内的预算。"]
        elif not org.path.startswith(budget.org.path):
            errors["budget"] = [f"预算「{budget}」不在「{org.name}」的上级链上，不能用于这些档案。"]
        elif programme.fund_id is not None and budget.fund_id != programme.fund_id:
            errors["budget"] = [f"「{programme.name}」须使用「{programme.fund}」的预算。"]
        if errors:
            raise ValidationError(field_errors=errors)
        files = list(warmth_candidates(actor, filters).values_list("pk", flat=True))
        if not files:
            raise ValidationError(field_errors={"org": ["筛选条件下没有已建档的困难职工。"]})
        batch = WarmthBatch.objects.create(
            programme=programme,
            budget=budget,
            org=org,
            filters=filters.as_json(),
            amount_fen=amount_fen or 0,
            total=len(files),
            results=[{"file": pk, "ok": None, "message": ""} for pk in files],
            created_by=user_of(actor),
        )
        event.target(batch)
        run_later = background if background is not None else len(files) > batch_runner.BACKGROUND_ABOVE
        event.changes = {
            "programme": programme.code,
            "budget": budget.pk,
            "households": len(files),
            "amount_fen": amount_fen,
            "filters": batch.filters,
            "background": run_later,
        }
        if run_later:
            transaction.on_commit(lambda: batch_runner.enqueue(batch.pk))
    if not run_later:
        batch_runner.run(batch, actor=actor)
    return batch
