"""Reads of the programmes app: the city's programmes (read by everyone who works on assistance) and the
送温暖 batches and candidate households, always scoped through orgs/access.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from unionhall.assistance import eligibility
from unionhall.assistance.models import FileStatus, HardshipFile, Programme, ProgrammeKind, WarmthBatch
from unionhall.core.errors import DomainError, NotFound
from unionhall.funds.models import Budget
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import OrgUnit


def require_assistance(user: Any) -> None:
    """Programmes are the city's, not a unit's: whoever reads assistance somewhere reads them all."""
    if not access.has_cap_anywhere(user, Cap.ASSISTANCE_VIEW):
        raise NotFound()


def programme_list(user: Any, *, active_only: bool = False) -> QuerySet[Programme]:
    require_assistance(user)
    qs = Programme.objects.select_related("fund").order_by("-active", "code")
    return qs.filter(active=True) if active_only else qs


def programme_get(user: Any, pk: Any) -> Programme:
    require_assistance(user)
    try:
        return Programme.objects.select_related("fund").get(pk=pk)
    except (Programme.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


# --- 送温暖 ---------------------------------------------------------------------------------------------


@dataclass
class WarmthFilters:
    """Which archives a batch covers: approved ones in `org`'s subtree, optionally of some categories and
    with one cause of hardship."""

    org: OrgUnit
    categories: list[str] = field(default_factory=list)
    cause: str = ""

    def as_json(self) -> dict[str, Any]:
        return {"org": self.org.code, "categories": list(self.categories), "cause": self.cause}


def warmth_candidates(user: Any, filters: WarmthFilters) -> QuerySet[HardshipFile]:
    qs = access.scope_queryset(
        user,
        Cap.ASSISTANCE_EDIT,
        HardshipFile.objects.filter(status=FileStatus.APPROVED, org__path__startswith=filters.org.path),
        "org",
    )
    if filters.categories:
        qs = qs.filter(category__in=filters.categories)
    if filters.cause:
        # Causes are a JSON list; SQLite cannot look inside one, so the match is made here, on ids.
        pks = [pk for pk, causes in qs.values_list("pk", "causes") if filters.cause in (causes or [])]
        qs = qs.filter(pk__in=pks)
    return qs.select_related("org", "person").order_by("org__path", "no")


@dataclass
class PreviewRow:
    file: HardshipFile
    amount_fen: int
    reasons: list[str]

    @property
    def ok(self) -> bool:
        return not self.reasons


@dataclass
class Preview:
    rows: list[PreviewRow]
    budget_remaining_fen: int | None

    @property
    def households(self) -> int:
        return len(self.rows)

    @property
    def eligible(self) -> int:
        return sum(1 for r in self.rows if r.ok)

    @property
    def total_fen(self) -> int:
        """What the eligible households would receive together."""
        return sum(r.amount_fen for r in self.rows if r.ok)

    @property
    def over_budget(self) -> bool:
        return self.budget_remaining_fen is not None and self.total_fen > self.budget_remaining_fen


def warmth_preview(
    user: Any,
    *,
    programme: Programme,
    filters: WarmthFilters,
    amount_fen: int | None,
    budget: Budget | None = None,
    on: date | None = None,
) -> Preview:
    """Each household the batch would cover, the amount it would get and, if it would be refused, why."""
    on = on or timezone.localdate()
    rows = []
    for file in warmth_candidates(user, filters):
        amount = amount_fen if amount_fen is not None else eligibility.suggested_amount(file=file, programme=programme)
        try:
            eligibility.check(file=file, programme=programme, amount_fen=amount, details={}, on=on)
            reasons: list[str] = []
        except DomainError as error:
            reasons = [m for ms in error.field_errors.values() for m in ms] or [error.message]
        if not file.bank_account_enc:
            reasons.append("档案未登记银行卡号。")
        rows.append(PreviewRow(file=file, amount_fen=amount, reasons=reasons))
    return Preview(rows=rows, budget_remaining_fen=budget.remaining_fen if budget is not None else None)


def warmth_programmes(user: Any) -> QuerySet[Programme]:
    return programme_list(user, active_only=True).filter(kind=ProgrammeKind.WARMTH)


def budgets_for_batch(user: Any, *, year: int | None = None) -> QuerySet[Budget]:
    year = year or timezone.localdate().year
    qs = Budget.objects.filter(year=year).select_related("fund", "org").order_by("fund__code", "org__path")
    return access.scope_queryset(user, Cap.FUNDS_VIEW, qs, "org")


def batch_list(user: Any) -> QuerySet[WarmthBatch]:
    qs = WarmthBatch.objects.select_related("programme", "budget__fund", "org", "created_by").order_by("-id")
    return access.scope_queryset(user, Cap.ASSISTANCE_VIEW, qs, "org")


def batch_get(user: Any, pk: Any) -> WarmthBatch:
    qs = WarmthBatch.objects.select_related("programme", "budget__fund", "budget__org", "org", "created_by")
    return access.get_for_user_or_404(user, Cap.ASSISTANCE_VIEW, qs, pk, "org")


@dataclass
class ResultRow:
    file_id: int
    no: str
    name: str
    org_name: str
    ok: bool | None
    message: str
    amount_fen: int | None
    disbursement: str


def batch_results(batch: WarmthBatch) -> list[ResultRow]:
    """The batch's per-household results with each archive's number, name and union (read once)."""
    ids = [r["file"] for r in batch.results]
    files = {f.pk: f for f in HardshipFile.objects.filter(pk__in=ids).select_related("person", "org")}
    out = []
    for r in batch.results:
        f = files.get(r["file"])
        out.append(
            ResultRow(
                file_id=r["file"],
                no=f.no if f else "",
                name=f.person.name if f else "",
                org_name=f.org.name if f else "",
                ok=r.get("ok"),
                message=r.get("message", ""),
                amount_fen=r.get("amount_fen"),
                disbursement=r.get("disbursement", ""),
            )
        )
    return out
