"""Who answers for a unit's line of work — one question, answered the same way everywhere:

1. the cadre holding the unit as a fixed point (定点联系) for that line;
2. else the cadre holding the nearest area (包片) up the tree — the unit itself, its parent, … — for it;
3. else the federation's default (默认): the federation cadres at the nearest unit above that has any
   (`orgs.access.Holders`), the first of them by account name. The tree has no "head" role yet; when it
   gets one, only `_head` changes.

An assignment covers a line when it names it or names none (all lines). Two rows of the same kind at the
same unit can both cover a line only over periods that do not overlap (services refuse it); should they
still meet (rows written in bulk), the one naming the line wins over an all-lines one, then the earlier.

`Answers` loads what a whole page needs at once: the assignments on the units' chains (one query, or every
holding one for a city-wide list) and the federation cadres (one query); then `of(path)` is a dict walk.
Paths are read when asked, so a unit moved in the tree answers from its new place at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from unionhall.orgs import access
from unionhall.orgs.models import OrgUnit, Role, path_chain
from unionhall.orgs.people import grants_prefetch, person_label
from unionhall.responsibility.models import Assignment, Kind, active_on

POINT, AREA, DEFAULT = "定点联系", "包片", "默认"
BASES = (POINT, AREA, DEFAULT)


@dataclass(frozen=True)
class Answer:
    user: Any
    basis: str  # POINT, AREA or DEFAULT
    assignment: Assignment | None = None  # None for the default

    @property
    def label(self) -> str:
        return person_label(self.user)


def covering(line: str) -> Q:
    """Assignments covering `line`: naming it, or naming no line at all."""
    through = Assignment.lines.through.objects
    named = Exists(through.filter(assignment_id=OuterRef("pk"), line__code=line))
    return named | ~Exists(through.filter(assignment_id=OuterRef("pk")))


def holding(line: str, day: date) -> Any:
    """The assignments holding on `day` that cover `line`, best first at each unit (see the module's rule)."""
    through = Assignment.lines.through.objects
    return (
        Assignment.objects.filter(active_on(day))
        .filter(covering(line))
        .annotate(names_line=Exists(through.filter(assignment_id=OuterRef("pk"), line__code=line)))
        .select_related("cadre", "org")
        .prefetch_related(grants_prefetch("cadre__grants"))
        .order_by("org__path", "-names_line", "starts_on", "id")
    )


class Answers:
    """Who answers for `line` at many units. `paths`: the units a page shows (their chains are read); None
    reads every holding assignment, for lists across a whole reach."""

    def __init__(
        self,
        line: str,
        *,
        paths: Iterable[str] | None = None,
        today: date | None = None,
        defaults: access.Holders | None = None,
    ) -> None:
        self.line = line
        rows = holding(line, today or timezone.localdate())
        if paths is not None:
            rows = rows.filter(org__path__in=_chains(paths))
        self._keep(rows)
        self.defaults = defaults or default_holders()

    @classmethod
    def among(cls, line: str, held: list[Assignment], defaults: access.Holders) -> Answers:
        """The same answers from assignments already read with their lines (`by_line`'s one query for
        every column): those covering `line`, the one naming it first at each unit, as `holding` orders."""
        answers = cls.__new__(cls)
        answers.line, answers.defaults = line, defaults
        covering = [a for a in held if not a.lines.all() or any(x.code == line for x in a.lines.all())]
        names = {a.pk: any(x.code == line for x in a.lines.all()) for a in covering}
        answers._keep(sorted(covering, key=lambda a: (a.org.path, not names[a.pk], a.starts_on, a.pk)))
        return answers

    def _keep(self, rows: Iterable[Assignment]) -> None:
        self.points: dict[str, Assignment] = {}
        self.areas: dict[str, Assignment] = {}
        for a in rows:
            (self.points if a.kind == Kind.POINT else self.areas).setdefault(a.org.path, a)

    def of(self, path: str) -> Answer | None:
        point = self.points.get(path)
        if point is not None:
            return Answer(point.cadre, POINT, point)
        return self._above(path)

    def _above(self, path: str) -> Answer | None:
        """The answer for `path` leaving fixed points aside: the nearest area, else the default."""
        for end in range(len(path), 0, -OrgUnit.steplen):
            area = self.areas.get(path[:end])
            if area is not None:
                return Answer(area.cadre, AREA, area)
        return _head(self.defaults.nearest(path))

    def nearest(self, path: str) -> list[Any]:
        """The answering user as a list (none or one), the shape the coverage lists name cadres in."""
        answer = self.of(path)
        return [answer.user] if answer is not None else []

    def answered_by(self, user_id: int, path_field: str = "path") -> Q:
        """Rows whose unit (`path_field`) `user_id` answers for, as one filter: the same rule as `of`.

        Below a unit where an area or a default holder sits, the answer stays the same until the next such
        unit down; so each of those units opens a region (its subtree without the regions below it), whose
        answer is `_above` of its top. A fixed point then takes its one unit out of its region."""
        tops = set(self.areas) | set(self.defaults.by_path)
        condition = Q(pk__in=[])
        for top in sorted(tops):
            answer = self._above(top)
            if answer is None or answer.user.pk != user_id:
                continue
            region = Q(**{f"{path_field}__startswith": top})
            outer: list[str] = []
            for p in sorted(t for t in tops if t.startswith(top) and t != top):
                if not any(p.startswith(o) for o in outer):
                    outer.append(p)
                    region &= ~Q(**{f"{path_field}__startswith": p})
            condition |= region
        theirs = [p for p, a in self.points.items() if a.cadre_id != user_id]
        mine = [p for p, a in self.points.items() if a.cadre_id == user_id]
        return (condition & ~Q(**{f"{path_field}__in": theirs})) | Q(**{f"{path_field}__in": mine})


def default_holders() -> access.Holders:
    """The federation cadres by unit, whom a unit falls back to (one query; share it across lines)."""
    return access.Holders((Role.FEDERATION_CADRE,))


def by_line(codes: Iterable[str], *, paths: Iterable[str] | None = None) -> dict[str, Answers]:
    """`Answers` for several lines over the same units (the map's columns): the assignments holding today on
    the units' chains read once with their lines, and the default holders once — three queries and the
    grants' prefetch whatever the number of lines, where a query per line cost the map most of its time."""
    shared = default_holders()
    held = (
        Assignment.objects.filter(active_on(timezone.localdate()))
        .select_related("cadre", "org")
        .prefetch_related("lines", grants_prefetch("cadre__grants"))
    )
    if paths is not None:
        held = held.filter(org__path__in=_chains(paths))
    rows = list(held)
    return {code: Answers.among(code, rows, shared) for code in codes}


def _chains(paths: Iterable[str]) -> set[str]:
    return {p for path in paths for p in path_chain(path)}


def _head(cadres: list[Any]) -> Answer | None:
    return Answer(cadres[0], DEFAULT) if cadres else None


def who_answers(unit: OrgUnit, line: str, *, today: date | None = None) -> Answer | None:
    """Who answers for `line` at `unit` (two queries)."""
    return Answers(line, paths=[unit.path], today=today).of(unit.path)
