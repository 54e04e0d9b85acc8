"""The workflow kernel: every life of a record (an archive, a case, a membership, an application, a
payment, a card, a risk report, an organizing task) is declared as one `Table` of `Transition`s and run
by one runner.

    TABLE = register(Table(name="hardship_file", model=HardshipFile, transitions=(step(...), ...),
                           main_path=(("draft", "草稿"), ...), history=_append_event, ...))
    step("send_back", "退回修改", S.SUBMITTED, S.DRAFT, Cap.ASSISTANCE_VERIFY, needs_reason=True, confirm="…")

    run(TABLE, "submit", actor=user, obj=file)      # behind the service `hardship_file_submit`
    available(file, user)                           # the steps to offer as buttons

The runner, inside one `audited` block named `<action_prefix>.<step>` (so one success event, or one failure
event after the rollback, exactly as every other service):

1. checks permission — the step's capability over the row's org (`access.require`: 404 out of sight, 403
   in sight) or the step's `Rule` (e.g. the handling union or a sharing unit of a case) — and the typed
   input that needs no row (the step's `precheck`; the reason too, where the table says `reason_first`);
2. locks the row (`SELECT … FOR UPDATE`) and re-reads it, so two people pressing the same button at once
   do the step once;
3. checks that the step may start from the row's status (the table's Chinese refusal, a `Conflict`), the
   reason (`needs_reason`) and the step's guard;
4. applies the effect (sets dates and fields, may return extra audit changes), moves the status, saves;
5. writes the table's history line and the audit changes `{"status": [old, new], "reason": …, **extra}`.

Nothing here knows a domain: the domain's table supplies the org of a row, its lock, its history line, its
refusal text. The kernel imports `core` and `orgs` only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import models
from django.utils import timezone

from unionhall.core.actors import Actor
from unionhall.core.audit import PendingEvent, audited
from unionhall.core.errors import Conflict, ValidationError
from unionhall.orgs import access
from unionhall.orgs.access import Cap


@dataclass
class Context:
    """What a guard or an effect may use. An effect may send the row to one of the step's declared
    alternatives (`ctx.target` in `Transition.also_to`: an approval that must wait for another union goes
    to `waiting`)."""

    actor: Actor
    reason: str
    today: date  # Asia/Shanghai
    target: str
    params: Mapping[str, Any]  # what the service was called with beyond actor, row and reason
    event: PendingEvent  # the one audit event (an effect may re-target it, e.g. to the new union)
    settings: Any = None  # the table's settings row, when it has one (assistance: the city's standards)
    result: Any = None  # what the service returns instead of the row (e.g. the follow-up note a step adds)


Guard = Callable[[Any, Context], None]
Effect = Callable[[Any, Context], dict[str, Any]]


@dataclass(frozen=True)
class Rule:
    """Who may take a step when a capability over the row's org is not the whole rule: `require` raises
    (NotFound / PermissionDenied, audited by access.require), `permits` answers without raising or
    recording anything (for `available`)."""

    require: Callable[[Any, Any], None]
    permits: Callable[[Any, Any], bool]


@dataclass(frozen=True)
class Transition:
    """One step of a life: its name (the audit action is `<prefix>.<name>`), the button's text, from which
    statuses it starts, where it ends, who may take it (a capability over the row's org, or a Rule),
    whether it needs a reason, what must hold first (guard), what else it changes (effect), and whether
    it is dangerous or irreversible (the page asks to confirm)."""

    name: str
    label: str
    sources: frozenset[str]
    target: str
    cap: Cap | None = None
    rule: Rule | None = None
    needs_reason: bool = False
    guard: Guard | None = None
    effect: Effect | None = None
    danger: bool = False
    also_to: frozenset[str] = frozenset()  # where the effect may send the row instead of `target`
    precheck: Callable[[Mapping[str, Any]], None] | None = None  # the typed input alone, before the lock
    by_hand: bool = True  # False: taken by the system (a sweep, another record's decision), never a button
    confirm: str = ""  # what happens, said in the confirmation dialog of a dangerous step

    def __post_init__(self) -> None:
        if (self.cap is None) == (self.rule is None):
            raise TypeError(f"transition {self.name}: give exactly one of cap and rule")


def step(
    name: str,
    label: str,
    sources: str | Iterable[str],
    target: str,
    who: Cap | Rule,
    *,
    also_to: str | Iterable[str] = (),
    **options: Any,
) -> Transition:
    """A Transition as the tables write it: the sources one status or several, `who` a capability or a Rule,
    and a `confirm` text marks the step dangerous (every dangerous step says in its dialog what it does)."""
    if isinstance(who, Rule):
        options["rule"] = who
    else:
        options["cap"] = who
    if options.get("confirm"):
        options.setdefault("danger", True)
    return Transition(name, label, _statuses(sources), target, also_to=_statuses(also_to), **options)


def _statuses(given: str | Iterable[str]) -> frozenset[str]:
    return frozenset({given}) if isinstance(given, str) else frozenset(given)


def refusal_naming(noun: str = "") -> Callable[[Any, Transition], str]:
    """The usual refusal of a step the status does not allow, naming the record (「档案当前状态为…」)."""

    def refusal(obj: Any, t: Transition) -> str:
        return f"{noun}当前状态为「{_status_display(obj)}」，不能办理「{t.label}」。"

    return refusal


_default_refusal = refusal_naming()


def lock_related(model: type[models.Model], *related: str) -> Callable[[Any], Any]:
    """A table's lock that also reads the rows its steps use (the org the runner checks, …) in the same query."""
    return lambda obj: model._default_manager.select_for_update().select_related(*related).get(pk=obj.pk)


def required_text(params: Mapping[str, Any], key: str, *, limit: int, missing: str, too_long: str) -> str:
    """A text a step takes besides the reason (a follow-up note, a resolution): stripped, required, bounded."""
    text = (params.get(key) or "").strip()
    if not text:
        raise ValidationError(field_errors={key: [missing]})
    if len(text) > limit:
        raise ValidationError(field_errors={key: [too_long]})
    return str(text)


def _status_display(obj: Any) -> str:
    return str(obj.get_status_display()) if hasattr(obj, "get_status_display") else str(obj.status)


def words(text: str | None) -> str:
    """A reason as typed, spaces collapsed (Chinese punctuation kept, unlike clean_text's NFKC)."""
    return " ".join((text or "").split())


def reason_up_to(
    limit: int,
    *,
    normalize: Callable[[str | None], str] = words,
    required: str = "「{label}」须填写理由。",
    too_long: str | None = None,
) -> Callable[[str, Transition], str]:
    """The usual reason check: normalized, required when the step needs one, at most `limit` characters."""

    def clean(reason: str, t: Transition) -> str:
        text = normalize(reason)
        if t.needs_reason and not text:
            raise ValidationError(field_errors={"reason": [required.format(label=t.label)]})
        if len(text) > limit:
            raise ValidationError(field_errors={"reason": [too_long or f"理由过长（最多 {limit} 字）。"]})
        return text

    return clean


@dataclass(frozen=True)
class Table:
    """A record's life: the model and its status field, the steps, the main path of statuses (the step
    bar), and the hooks that say how this life locks a row, finds its org, refuses a step, checks a
    reason and writes its history line (each life keeps its own history table)."""

    name: str  # the registry's key, and by default the audit action prefix (hardship_file → hardship_file.submit)
    model: type[models.Model]
    transitions: tuple[Transition, ...]
    main_path: tuple[tuple[str, str], ...]  # (status, label) in the order the step bar draws them
    history: Callable[[Any, Transition, Context, str], Any] | None  # (row, step, ctx, from_status)
    history_of: Callable[[Any], models.QuerySet] | None = None  # the row's history lines (tests, pages)
    action_prefix: str = ""
    status_field: str = "status"
    org: Callable[[Any], Any] = field(default=lambda obj: obj.org)
    lock: Callable[[Any], Any] | None = None  # default: select_for_update().get(pk=…)
    refusal: Callable[[Any, Transition], str] = _default_refusal
    clean_reason: Callable[[str, Transition], str] = field(default_factory=lambda: reason_up_to(300))
    reason_first: bool = False  # check the reason before locking the row (as the life always did)
    settings: Callable[[], Any] | None = None  # the settings row put into Context.settings

    def __post_init__(self) -> None:
        names = [t.name for t in self.transitions]
        if len(set(names)) != len(names):
            raise TypeError(f"table {self.name}: a step is declared twice")

    @property
    def prefix(self) -> str:
        return self.action_prefix or self.name

    @property
    def steps(self) -> dict[str, Transition]:
        return {t.name: t for t in self.transitions}

    def action(self, t: Transition) -> str:
        return f"{self.prefix}.{t.name}"

    def get(self, name: str) -> Transition:
        for t in self.transitions:
            if t.name == name:
                return t
        raise Conflict("没有这个办理环节。")

    def status_of(self, obj: Any) -> str:
        return str(getattr(obj, self.status_field))

    def check_state(self, obj: Any, t: Transition) -> None:
        if self.status_of(obj) not in t.sources:
            raise Conflict(self.refusal(obj, t))

    def require(self, actor: Actor, obj: Any, t: Transition) -> None:
        if t.rule is not None:
            t.rule.require(actor, obj)
        else:
            assert t.cap is not None
            access.require(actor, t.cap, self.org(obj), obj=obj)

    def permits(self, user: Any, obj: Any, t: Transition) -> bool:
        if t.rule is not None:
            return t.rule.permits(user, obj)
        assert t.cap is not None
        return access.reach(user, t.cap).covers(self.org(obj).path)

    def locked(self, obj: Any) -> Any:
        if self.lock is not None:
            return self.lock(obj)
        return self.model._default_manager.select_for_update().get(pk=obj.pk)

    @property
    def states(self) -> frozenset[str]:
        """Every status this life knows: the model field's choices."""
        choices = getattr(self.model._meta.get_field(self.status_field), "choices", None) or ()
        return frozenset(str(value) for value, _ in choices)


# --- the registry ------------------------------------------------------------------------------------

_TABLES: dict[str, Table] = {}


def register(table: Table) -> Table:
    """Declare a life (at import of the domain's workflow module). One table per model."""
    for other in _TABLES.values():
        if other.model is table.model and other.name != table.name:
            raise TypeError(f"{table.model.__name__} already has the table {other.name}")
    _TABLES[table.name] = table
    return table


def tables() -> dict[str, Table]:
    """Every registered life, after importing each installed app's `workflow` module."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("workflow")
    return dict(sorted(_TABLES.items()))


def table_of(obj: Any) -> Table:
    for table in _TABLES.values():
        if isinstance(obj, table.model):
            return table
    raise LookupError(f"no workflow table for {type(obj).__name__}")


# --- the runner --------------------------------------------------------------------------------------


def run(
    table: Table,
    name: str,
    *,
    actor: Actor,
    obj: Any,
    reason: str = "",
    event: PendingEvent | None = None,
    **params: Any,
) -> Any:
    """Take step `name` on `obj` as `actor`; returns the locked, saved row (or what the step's effect put in
    `ctx.result`). `event`: the caller's own
    audited block, for a service that must find the row inside it first (then the caller's action holds)."""
    t = table.get(name)
    if event is not None:
        return _apply(table, t, actor=actor, obj=obj, reason=reason, params=params, event=event)
    with audited(actor=actor, action=table.action(t), org=table.org(obj), obj=obj) as opened:
        return _apply(table, t, actor=actor, obj=obj, reason=reason, params=params, event=opened)


def _apply(
    table: Table, t: Transition, *, actor: Actor, obj: Any, reason: str, params: Mapping[str, Any], event: PendingEvent
) -> Any:
    table.require(actor, obj, t)
    if t.precheck is not None:
        t.precheck(params)
    if table.reason_first:
        reason = table.clean_reason(reason, t)
    obj = table.locked(obj)
    table.check_state(obj, t)
    if not table.reason_first:
        reason = table.clean_reason(reason, t)
    ctx = Context(
        actor=actor,
        reason=reason,
        today=timezone.localdate(),
        target=t.target,
        params=params,
        event=event,
        settings=table.settings() if table.settings is not None else None,
    )
    if t.guard is not None:
        t.guard(obj, ctx)
    from_status = table.status_of(obj)
    extra = t.effect(obj, ctx) if t.effect is not None else {}
    if ctx.target != t.target and ctx.target not in t.also_to:
        raise TypeError(f"{table.action(t)} may not end in {ctx.target}: declare it in also_to")
    setattr(obj, table.status_field, ctx.target)
    obj.save()
    if table.history is not None:
        table.history(obj, t, ctx, from_status)
    event.changes = {"status": [from_status, ctx.target], **({"reason": reason} if reason else {}), **extra}
    return ctx.result if ctx.result is not None else obj


def available(obj: Any, user: Any, table: Table | None = None) -> list[Transition]:
    """The steps this user may take on this row now, by status and permission, in declaration order
    (guards are checked when the step is taken: a page shows the button and the refusal says what is
    missing)."""
    table = table or table_of(obj)
    status = table.status_of(obj)
    return [t for t in table.transitions if t.by_hand and status in t.sources and table.permits(user, obj, t)]


# --- presentation: the step bar and the confirmation of a dangerous step ------------------------------


@dataclass(frozen=True)
class Step:
    """One status of the main path as the step bar draws it: done, current or next."""

    status: str
    label: str
    state: str  # "done" | "current" | "next"; off the path, a status not reached is "skipped"


@dataclass(frozen=True)
class Progress:
    """Where a row stands on its life's main path. `off_path` names the status when the row has left the
    path (rejected, withdrawn, returned, exited…): the steps it reached stay done, the rest are not next."""

    steps: tuple[Step, ...]
    current: str
    current_label: str
    off_path: bool


def steps(obj: Any, table: Table | None = None) -> Progress:
    """The main path of the row's life with each status marked done, current or next. Off the path, the
    statuses before the last one the row's history (or its position) shows reached are done."""
    table = table or table_of(obj)
    status = table.status_of(obj)
    order = [s for s, _ in table.main_path]
    label = _status_display(obj)
    if status in order:
        here = order.index(status)
        marked = tuple(
            Step(s, text, "done" if i < here else "current" if i == here else "next")
            for i, (s, text) in enumerate(table.main_path)
        )
        return Progress(marked, status, label, off_path=False)
    reached = _reached(table, obj, order)
    marked = tuple(Step(s, text, "done" if i <= reached else "skipped") for i, (s, text) in enumerate(table.main_path))
    return Progress(marked, status, label, off_path=True)


def _reached(table: Table, obj: Any, order: list[str]) -> int:
    """The furthest main-path status the row's history passed through (-1 when unknown or none)."""
    if table.history_of is None:
        return -1
    seen: set[str] = set()
    for line in table.history_of(obj):
        for name in ("from_status", "to_status"):
            value = getattr(line, name, None)
            if value:
                seen.add(str(value))
    return max((i for i, s in enumerate(order) if s in seen), default=-1)


def confirm_text(t: Transition) -> str:
    """What the confirmation dialog of a step says: the step, then what it does (the step's own `confirm`
    text, else that it cannot be undone)."""
    return f"确认「{t.label}」？{t.confirm or '此操作不可撤销。'}"


def primary(obj: Any, offered: list[Transition], table: Table | None = None) -> Transition | None:
    """The step a page emphasizes among those offered: the first safe one that moves the row forward on
    its main path, else the first safe one (a dangerous step is never the main button)."""
    table = table or table_of(obj)
    order = [s for s, _ in table.main_path]
    status = table.status_of(obj)
    here = order.index(status) if status in order else -1
    safe = [t for t in offered if not t.danger]
    forward = [t for t in safe if t.target in order and order.index(t.target) > here]
    chosen = forward or safe
    return chosen[0] if chosen else None
