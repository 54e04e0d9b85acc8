"""The *city* data set of PRODUCT.md §5, for benchmarks and the load test: 苏州市总工会 over Suzhou's real
ten districts, 118 towns and 2,248 villages and communities, with members/50 grassroots unions,
members/20 employers and `members` open memberships (1,000,000 → 20,000 unions, 50,000 employers).

Deterministic for a seed (only the encryption nonces differ). Rows are generated as plain tuples and
streamed to the database — COPY on PostgreSQL, executemany on SQLite — in a few minutes for a million
members, which the services (one audited action per member) could not do. What the services would
derive is derived here the same way: tree paths as treebeard builds them, member numbers from person ids,
the encrypted ID number with its blind index and mask, name initials, a join event per membership.

Distributions, chosen to look like a real city federation's books:
- enterprise unions cover employers whose sizes are log-normal (median ~45, long tail to thousands);
  joint unions (联合工会) cover several small employers each; public-sector, project, village/community,
  industry and new-employment-form (新就业形态) unions make up the rest;
- about 85% of villages and communities have a union at full scale (fewer when the city is smaller);
- about 40% of employers have no union, mostly small ones, so the unionization rate is well below 100%;
- union sizes follow their employers' sizes; 3% of members hold retained membership (保留会籍) and a
  further 3% of persons have left their union;
- one committee in six has run past its term, so the overdue-election list is never empty.
"""

from __future__ import annotations

import json
import math
import random
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone
from stdnum.cn import ric
from stdnum.cn import uscc as uscc_std

from unionhall.core.actors import SystemActor
from unionhall.core.audit import audited
from unionhall.core.bulk import insert_rows
from unionhall.core.errors import Conflict
from unionhall.demo.seed import (
    COMPANY_FORMS,
    COMPANY_STEMS,
    DEMO_USERS,
    GIVEN,
    INDUSTRY_OF_STEM,
    LOCAL_COUNTIES,
    MIGRANT_COUNTIES,
    SURNAMES,
    create_demo_users,
    grassroots_profile,
    seed_coverage_snapshot,
)
from unionhall.members.models import EmploymentForm, Membership, MembershipEvent, MembershipStatus, Person, Sex
from unionhall.members.names import initials
from unionhall.members.names import sort_key as _name_sort_key
from unionhall.orgs.divisions import full_code, load_divisions
from unionhall.orgs.models import (
    Division,
    Employer,
    GrassrootsKind,
    Industry,
    OrgLevel,
    OrgStatus,
    OrgUnit,
    Ownership,
    term_end,
)

CITY_DIVISION = "3205"
# Two or three letters per district: the codes seed_demo uses for the four it has, the same style for the rest.
DISTRICT_SHORT = {
    "320505": "HQ",
    "320506": "WZ",
    "320507": "XC",
    "320508": "GS",
    "320509": "WJ",
    "320576": "YQ",
    "320581": "CS",
    "320582": "ZJG",
    "320583": "KS",
    "320585": "TC",
}
INDUSTRY_UNIONS = [
    ("SZ-JT", "苏州市交通运输行业工会", Industry.TRANSPORT, "交通"),
    ("SZ-JY", "苏州市教育工会", Industry.EDUCATION, "学校"),
    ("SZ-WS", "苏州市卫生健康工会", Industry.HEALTH, "医院"),
]
# seed_demo's logins sit at SZ-GS-01-E01; the city numbers a town's unions with three digits.
CHAIR_UNION = "SZ-GS-01-E001"
LOGIN_ORG = {"SZ-GS-01-E01": CHAIR_UNION}

CHUNK = 50_000  # rows held in memory at once while writing persons and memberships
SEED_ACTOR = "manage.py seed_city"


@dataclass(frozen=True)
class Shape:
    members: int
    grassroots: int
    employers: int

    @classmethod
    def for_members(cls, members: int) -> Shape:
        return cls(members, max(1, round(members / 50)), max(1, round(members / 20)))


@dataclass(eq=False)
class Node:
    id: int
    code: str
    values: dict[str, Any]
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)
    path: str = ""
    depth: int = 0
    capacity: int = 0  # employees this union could enrol; members are spread in proportion to it
    employers: list[int] = field(default_factory=list)  # ids of the employers it covers


@dataclass
class CityBuilder:
    shape: Shape
    rng: random.Random
    today: date
    now: datetime
    nodes: list[Node] = field(default_factory=list)
    grassroots: list[Node] = field(default_factory=list)
    employer_rows: list[tuple[Any, ...]] = field(default_factory=list)
    serial: int = 0  # makes every generated credit code unique

    # --- identifiers ---------------------------------------------------------------------------------
    def uscc(self, prefix: str, county: str) -> str:
        alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
        self.serial += 1
        n, body = self.serial * 7919 + self.rng.randrange(7919), ""  # spread, but never two alike
        for _ in range(9):
            n, digit = divmod(n, len(alphabet))
            body = alphabet[digit] + body
        code = prefix + county[:6] + body
        return code + uscc_std.calc_check_digit(code)

    def term(self) -> dict[str, Any]:
        years = self.rng.choice((3, 5))
        started = self.today - timedelta(days=self.rng.randrange(100, 365 * years + 400))
        return {"term_years": years, "term_started_on": started, "term_ends_on": term_end(started, years)}

    def person_name(self) -> str:
        return self.rng.choice(SURNAMES) + "".join(self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2, 2))))

    # --- tree ----------------------------------------------------------------------------------------
    def add(self, parent: Node | None, code: str, name: str, level: str, **values: Any) -> Node:
        node = Node(id=len(self.nodes) + 1, code=code, values={"name": name, "level": level, **values}, parent=parent)
        if parent is not None:
            parent.children.append(node)
        self.nodes.append(node)
        return node

    def grassroots_union(
        self, parent: Node, code: str, name: str, kind: str, division: str | None, capacity: int, **extra: Any
    ) -> Node:
        county = (division or "320500")[:6]
        node = self.add(
            parent,
            code,
            name,
            OrgLevel.GRASSROOTS,
            kind=kind,
            division_id=division,
            **grassroots_profile(self, county, capacity, founded_days=(200, 8000)),
            **extra,
        )
        node.capacity = capacity
        self.grassroots.append(node)
        return node

    def employer(
        self, org: Node, union: Node | None, county: str, division: str | None, size: int, name: str = ""
    ) -> int:
        stem = self.rng.choice(COMPANY_STEMS)
        registered = self.today - timedelta(days=self.rng.randrange(30, 365 * 20))
        employer_id = len(self.employer_rows) + 1
        self.employer_rows.append(
            (
                employer_id,
                name
                or f"苏州{self.rng.choice('恒瑞华宏创新博远鑫达通泰金联')}{self.rng.choice('源茂丰诚信盛安达汇')}{stem}{self.rng.choice(COMPANY_FORMS)}",
                self.uscc("91", county),
                self.rng.choices(Ownership.values, weights=[6, 2, 62, 12, 8, 10])[0],
                INDUSTRY_OF_STEM.get(stem, Industry.MANUFACTURING),
                division,
                f"{org.values['name'].replace('总工会', '')}{self.rng.randrange(1, 900)}号",
                registered,
                registered + timedelta(days=self.rng.randrange(0, 120)),
                size,
                org.id,
                union.id if union else None,
                self.now,
                self.now,
            )
        )
        if union is not None:
            union.employers.append(employer_id)
        return employer_id

    def employer_size(self) -> int:
        """Log-normal with median about 45 employees: most firms small, a few with thousands."""
        return max(8, min(20000, round(math.exp(self.rng.gauss(math.log(45), 1.0)))))

    def build(self) -> None:
        divisions = Division.objects.filter(code__startswith=CITY_DIVISION).values_list("code", "name", "level", "kind")
        by_parent: dict[str, list[tuple[str, str, str]]] = {}
        for code, name, level, kind in divisions.order_by("code"):
            if level > Division.Level.CITY:
                by_parent.setdefault(code[: {3: 4, 4: 6, 5: 9}[level]], []).append((code, name, kind))
        city_div = full_code(CITY_DIVISION)
        city = self.add(None, "SZ", "苏州市总工会", OrgLevel.CITY, division_id=city_div, **self.term())

        towns: list[tuple[Node, str, list[tuple[str, str, str]]]] = []
        districts: list[tuple[Node, str]] = []
        for county_code, county_name, _ in by_parent.get(CITY_DIVISION, []):
            county = county_code[:6]
            short = DISTRICT_SHORT[county]
            district = self.add(
                city, f"SZ-{short}", f"{county_name}总工会", OrgLevel.DISTRICT, division_id=county_code, **self.term()
            )
            districts.append((district, county))
            for t, (town_code, town_name, _) in enumerate(by_parent.get(county, []), start=1):
                town = self.add(
                    district,
                    f"SZ-{short}-{t:02d}",
                    f"{town_name}总工会",
                    OrgLevel.TOWN,
                    division_id=town_code,
                    **self.term(),
                )
                towns.append((town, county, by_parent.get(town_code[:9], [])))

        budget = self.shape.grassroots
        # Village and community unions: 85% of villages at full scale, never more than 8.5% of all unions.
        villages = [(town, county, v) for town, county, vs in towns for v in vs]
        village_share = min(round(0.85 * len(villages)), round(0.085 * budget))
        chosen = sorted(self.rng.sample(range(len(villages)), village_share))
        by_town: dict[int, int] = {}
        for i in chosen:
            town, county, (code, name, kind) = villages[i]
            by_town[town.id] = by_town.get(town.id, 0) + 1
            union_kind = GrassrootsKind.VILLAGE if kind == Division.Kind.VILLAGE else GrassrootsKind.COMMUNITY
            short_name = name.replace("村民委员会", "村").replace("居民委员会", "社区").replace("委员会", "")
            self.grassroots_union(
                town,
                f"{town.code}-V{by_town[town.id]:03d}",
                f"{short_name}工会",
                union_kind,
                code,
                self.rng.randrange(20, 150),
            )
        # A new-employment-form union under each district; three industry unions with their own units.
        for district, county in districts:
            self.grassroots_union(
                district,
                f"{district.code}-X01",
                f"{district.values['name'].replace('总工会', '')}快递外卖新就业形态工会",
                GrassrootsKind.NEW_EMPLOYMENT,
                full_code(county),
                self.rng.randrange(300, 1500),
            )
        industry_share = max(1, round(0.02 * budget)) if budget > 50 else 0
        for code, name, industry, noun in INDUSTRY_UNIONS:
            unit = self.add(city, code, name, OrgLevel.INDUSTRY, division_id=city_div, **self.term())
            for n in range(1, industry_share // len(INDUSTRY_UNIONS) + 1):
                size = self.employer_size() * 3
                member = self.grassroots_union(
                    unit,
                    f"{code}-E{n:03d}",
                    f"苏州市第{n}{noun}工会",
                    GrassrootsKind.PUBLIC if industry != Industry.TRANSPORT else GrassrootsKind.ENTERPRISE,
                    city_div,
                    size,
                )
                self.employer(unit, member, CITY_DIVISION + "00", None, size, member.values["name"][:-2])
        # The rest sit under the towns, spread in proportion to how many villages a town has (its size).
        rest = max(0, budget - len(self.grassroots))
        weights = [1 + len(vs) for _, _, vs in towns]
        # Every town gets a union before any gets a second (so SZ-GS-01-E001 exists for the logins).
        floor = 1 if rest >= len(towns) else 0
        quota = [floor + n for n in _apportion(rest - floor * len(towns), weights)]
        for i, (town, _, _) in enumerate(towns):
            if CHAIR_UNION.startswith(town.code + "-") and not quota[i]:
                quota[quota.index(max(quota))] -= 1
                quota[i] = 1
        for (town, county, vs), n in zip(towns, quota, strict=True):
            self.build_town_unions(town, county, n, vs)
        # Employers without a union: the remainder of the register, mostly small.
        uncovered = max(0, self.shape.employers - len(self.employer_rows))
        for town_index in self.rng.choices(range(len(towns)), weights=weights, k=uncovered):
            town, county, vs = towns[town_index]
            size = max(3, min(5000, round(math.exp(self.rng.gauss(math.log(14), 1.1)))))
            division = self.rng.choice(vs)[0] if vs and self.rng.random() < 0.5 else town.values["division_id"]
            self.employer(town, None, county, division, size)
        self.assign_paths(city)

    def build_town_unions(self, town: Node, county: str, count: int, villages: Sequence[tuple[str, str, str]]) -> None:
        division = town.values["division_id"]
        street = town.values["name"].replace("总工会", "")
        numbers = {"E": 0, "L": 0, "P": 0, "J": 0}
        for i in range(count):
            draw = 0.0 if i == 0 else self.rng.random()  # a town's first union is an enterprise union
            place = self.rng.choice(villages)[0] if villages and self.rng.random() < 0.4 else division
            if draw < 0.86:  # an enterprise union for one firm, now and then two firms of a group
                numbers["E"] += 1
                size = self.employer_size()
                unit = self.grassroots_union(
                    town, f"{town.code}-E{numbers['E']:03d}", "", GrassrootsKind.ENTERPRISE, place, size
                )
                firm = self.employer(town, unit, county, place, size)
                unit.values["name"] = f"{self.employer_rows[firm - 1][1]}工会"
                if self.rng.random() < 0.08:
                    extra = self.employer_size()
                    self.employer(town, unit, county, place, extra)
                    unit.capacity += extra
                    unit.values["employee_count"] = unit.capacity
                if size >= 1000:  # large firms have branch unions (分工会)
                    for b in range(1, self.rng.randrange(2, 5)):
                        self.add(unit, f"{unit.code}-B{b}", f"第{b}分工会", OrgLevel.BRANCH)
            elif draw < 0.95:  # a joint union (联合工会) of several small employers
                numbers["L"] += 1
                unit = self.grassroots_union(
                    town,
                    f"{town.code}-L{numbers['L']:03d}",
                    f"{street}第{numbers['L']}联合工会",
                    GrassrootsKind.JOINT,
                    place,
                    0,
                )
                for _ in range(self.rng.randrange(4, 14)):
                    size = self.rng.randrange(3, 25)
                    self.employer(town, unit, county, place, size)
                    unit.capacity += size
                unit.values["employee_count"] = unit.capacity
            elif draw < 0.98:  # 机关事业单位
                numbers["P"] += 1
                size = self.rng.randrange(30, 400)
                unit = self.grassroots_union(
                    town, f"{town.code}-P{numbers['P']:03d}", "", GrassrootsKind.PUBLIC, division, size
                )
                unit.values["name"] = f"{street}第{numbers['P']}机关事业单位工会"
                self.employer(town, unit, county, division, size, unit.values["name"][:-2])
            else:  # a construction project union, ending when the project does
                numbers["J"] += 1
                size = self.rng.randrange(100, 800)
                unit = self.grassroots_union(
                    town,
                    f"{town.code}-J{numbers['J']:03d}",
                    f"{street}第{numbers['J']}建设项目工会",
                    GrassrootsKind.PROJECT,
                    place,
                    size,
                    ends_on=self.today + timedelta(days=self.rng.randrange(60, 900)),
                )
                firm = self.employer(town, unit, county, place, size, unit.values["name"][:-2] + "部")
                self.employer_rows[firm - 1] = (
                    *self.employer_rows[firm - 1][:4],
                    Industry.CONSTRUCTION,
                    *self.employer_rows[firm - 1][5:],
                )

    def assign_paths(self, root: Node) -> None:
        """Materialized paths exactly as treebeard would give them: siblings in code order, steps from 1."""
        root.path, root.depth = OrgUnit._get_path(None, 1, 1), 1
        stack = [root]
        while stack:
            node = stack.pop()
            node.children.sort(key=lambda child: child.code)
            for step, child in enumerate(node.children, start=1):
                child.depth = node.depth + 1
                child.path = OrgUnit._get_path(node.path, child.depth, step)
                stack.append(child)

    def unit_rows(self) -> Iterator[tuple[Any, ...]]:
        for node in self.nodes:
            v = node.values
            yield (
                node.id,
                node.path,
                node.depth,
                len(node.children),
                node.code,
                v["name"],
                v["level"],
                v.get("kind", ""),
                v.get("uscc", ""),
                v.get("division_id"),
                v.get("address", ""),
                v.get("founded_on"),
                v.get("term_years"),
                v.get("term_started_on"),
                v.get("term_ends_on"),
                v.get("chair_name", ""),
                v.get("employee_count", 0),
                v.get("has_party_org", False),
                v.get("party_co_build", False),
                v.get("ends_on"),
                OrgStatus.ACTIVE,
                None,
                self.now,
                self.now,
            )

    # --- members -------------------------------------------------------------------------------------
    def member_plan(self) -> list[int]:
        """How many open memberships each grassroots union holds: in proportion to its size, at least one."""
        return _apportion(self.shape.members, [max(1, n.capacity) for n in self.grassroots])

    def member_rows(self) -> Iterator[tuple[tuple[Any, ...], tuple[Any, ...], list[tuple[Any, ...]]]]:
        """(person, membership, events) for every member, union by union; a few more persons who left."""
        born_seq: dict[tuple[str, date, bool], int] = {}
        local = list(LOCAL_COUNTIES)
        plan = self.member_plan()
        leavers = round(self.shape.members * 0.03)
        leaver_at = set(self.rng.sample(range(self.shape.members), min(leavers, self.shape.members)))
        pid = 0
        event_id = 0
        index = 0
        for unit, count in zip(self.grassroots, plan, strict=True):
            platform = unit.values["kind"] == GrassrootsKind.NEW_EMPLOYMENT
            for _ in range(count):
                index += 1
                for leaving in (False, True) if index - 1 in leaver_at else (False,):
                    pid += 1
                    migrant = self.rng.random() < (0.5 if platform else 0.22)
                    male = self.rng.random() < 0.55
                    number, county, born = self.id_number(MIGRANT_COUNTIES if migrant else local, male, born_seq)
                    name = self.person_name()
                    person = (
                        pid,
                        name,
                        _initials(name),
                        _sort_key(name),
                        *Person.sealed_id_number(number),
                        Sex.MALE if male else Sex.FEMALE,
                        born,
                        "1" + self.rng.choice("3456789") + f"{self.rng.randrange(10**9):09d}",
                        None if migrant else full_code(LOCAL_COUNTIES[county]),
                        "",
                        migrant,
                        "",
                        "",
                        "",
                        EmploymentForm.PLATFORM
                        if platform
                        else (EmploymentForm.DISPATCHED if self.rng.random() < 0.1 else EmploymentForm.STANDARD),
                        self.now,
                        self.now,
                    )
                    joined = self.today - timedelta(days=self.rng.randrange(10, 365 * 15))
                    if leaving:
                        status, ended = MembershipStatus.LEFT, joined + timedelta(days=self.rng.randrange(1, 900))
                        ended = min(ended, self.today)
                    else:
                        status = MembershipStatus.RETAINED if self.rng.random() < 0.03 else MembershipStatus.ACTIVE
                        ended = None
                    employer = self.rng.choice(unit.employers) if unit.employers else None
                    membership = (
                        pid,
                        pid,
                        unit.id,
                        employer,
                        f"GH{pid:010d}",
                        joined,
                        status,
                        ended,
                        "调离本单位" if leaving else "",
                        self.now,
                        person[2],  # the person's initials, as the database's trigger would copy them
                    )
                    event_id += 1
                    events: list[tuple[Any, ...]] = [
                        (event_id, pid, pid, "join", joined, None, unit.id, "", SEED_ACTOR, self.now)
                    ]
                    if leaving:
                        event_id += 1
                        events.append(
                            (event_id, pid, pid, "leave", ended, unit.id, None, "调离本单位", SEED_ACTOR, self.now)
                        )
                    yield person, membership, events

    def id_number(
        self, counties: list[str], male: bool, used: dict[tuple[str, date, bool], int]
    ) -> tuple[str, str, date]:
        """A valid, unique resident ID: the sequence is counted per county, birth date and sex."""
        while True:  # stdnum refuses a county code that did not exist in the birth year: draw again
            county = self.rng.choice(counties)
            born = date(1962, 1, 1) + timedelta(days=self.rng.randrange(0, 365 * 44))
            key = (county, born, male)
            n = used.get(key, 0)
            used[key] = n + 1
            body = f"{county}{born:%Y%m%d}{(n * 2 + (1 if male else 0)) % 1000:03d}"
            number = body + ric.calc_check_digit(body + "0")
            if ric.is_valid(number):
                return number, county, born


@cache
def _initials(name: str) -> str:
    return initials(name)


@cache
def _sort_key(name: str) -> str:
    return _name_sort_key(name)


def _apportion(total: int, weights: Sequence[int]) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainders), each share at least one while it lasts."""
    if not weights:
        return []
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    shares = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: exact[i] - shares[i], reverse=True)
    for i in order[: total - sum(shares)]:
        shares[i] += 1
    return shares


# --- writing -----------------------------------------------------------------------------------------
def _columns(model: type[models.Model], names: Sequence[str]) -> list[str]:
    """The table's columns in the order the generator yields them; a model field added later fails here."""
    known = [str(f.column) for f in model._meta.concrete_fields]
    if sorted(known) != sorted(names):
        raise RuntimeError(f"seed_city 与 {model.__name__} 的字段不一致：{sorted(set(known) ^ set(names))}")
    return list(names)


def _write(model: type[models.Model], names: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> int:
    """Rows whose first value is the id the seed chose (persons, memberships and events refer to each other by
    them): binary COPY through core.bulk on PostgreSQL, then the id sequence moved past them; executemany on
    SQLite, a demo-sized city."""
    columns = _columns(model, names)
    if connection.vendor == "postgresql":
        chunk = list(rows)
        insert_rows(model, columns[1:], (row[1:] for row in chunk), ids=[row[0] for row in chunk])
        table = model._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), (SELECT coalesce(max(id), 1) FROM \"{table}\"))"
            )
        return len(chunk)
    fields = {f.column: f for f in model._meta.concrete_fields}
    adapt = [_sqlite_adapter(fields[c]) for c in columns]
    column_list = ", ".join(f'"{c}"' for c in columns)
    sql = f'INSERT INTO "{model._meta.db_table}" ({column_list}) VALUES ({", ".join(["%s"] * len(columns))})'
    count = 0
    with connection.cursor() as cursor:
        batch: list[list[Any]] = []
        for row in rows:
            batch.append([convert(value) for convert, value in zip(adapt, row, strict=True)])
            if len(batch) >= CHUNK:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        cursor.executemany(sql, batch)
        count += len(batch)
    return count


def _sqlite_adapter(f: models.Field[Any, Any]) -> Callable[[Any], Any]:
    if isinstance(f, models.JSONField):
        return lambda v: json.dumps(v, ensure_ascii=False)
    if isinstance(f, models.DateTimeField):
        return lambda v: None if v is None else connection.ops.adapt_datetimefield_value(v)
    if isinstance(f, models.DateField):
        return lambda v: None if v is None else v.isoformat()
    return lambda v: v


UNIT_COLUMNS = [
    "id",
    "path",
    "depth",
    "numchild",
    "code",
    "name",
    "level",
    "kind",
    "uscc",
    "division_id",
    "address",
    "founded_on",
    "term_years",
    "term_started_on",
    "term_ends_on",
    "chair_name",
    "employee_count",
    "has_party_org",
    "party_co_build",
    "ends_on",
    "status",
    "merged_into_id",
    "created_at",
    "updated_at",
]
EMPLOYER_COLUMNS = [
    "id",
    "name",
    "uscc",
    "ownership",
    "industry",
    "division_id",
    "address",
    "registered_on",
    "opened_on",
    "employee_count",
    "org_id",
    "union_id",
    "created_at",
    "updated_at",
]
PERSON_COLUMNS = [
    "id",
    "name",
    "name_initials",
    "name_sort",
    *Person.ID_NUMBER_COLUMNS,
    "sex",
    "birth_date",
    "phone",
    "hukou_division_id",
    "hukou_address",
    "is_migrant",
    "education",
    "skill_level",
    "political_status",
    "employment_form",
    "created_at",
    "updated_at",
]
MEMBERSHIP_COLUMNS = [
    "id",
    "person_id",
    "org_id",
    "employer_id",
    "member_no",
    "joined_on",
    "status",
    "ended_on",
    "end_reason",
    "created_at",
    "name_initials",
]
EVENT_COLUMNS = [
    "id",
    "person_id",
    "membership_id",
    "kind",
    "on",
    "from_org_id",
    "to_org_id",
    "note",
    "actor_name",
    "at",
]


def _write_members(builder: CityBuilder) -> int:
    """Persons, memberships and events in chunks, so a million members never sit in memory at once."""
    written = 0
    stream = builder.member_rows()
    while True:
        persons, memberships, events = [], [], []
        for person, membership, person_events in stream:
            persons.append(person)
            memberships.append(membership)
            events.extend(person_events)
            if len(persons) >= CHUNK:
                break
        if not persons:
            return written
        _write(Person, PERSON_COLUMNS, persons)
        _write(Membership, MEMBERSHIP_COLUMNS, memberships)
        _write(MembershipEvent, EVENT_COLUMNS, events)
        written += sum(1 for m in memberships if m[6] != MembershipStatus.LEFT)


def _seed_casework(builder: CityBuilder, member_count: int) -> dict[str, int]:
    """The rights and assistance records of the city (city_rights.py, city_assistance.py), on members drawn
    from the register just written, and the worker logins of the load test (city_cast.worker_logins)."""
    from unionhall.accounts.models import User
    from unionhall.demo import city_cast
    from unionhall.demo.city_assistance import ARCHIVE_SHARE, seed_city_assistance
    from unionhall.demo.city_rights import CASES_PER_MEMBER, seed_city_rights
    from unionhall.demo.city_supervision import seed_city_supervision

    units = {
        n.id: city_cast.Unit(
            n.id, n.code, n.values["name"], n.values["level"], n.path, n.parent.id if n.parent else None
        )
        for n in builder.nodes
    }
    started = time.monotonic()
    employers = {row[0]: (row[1], row[10], row[11], row[9]) for row in builder.employer_rows}
    password = city_cast.demo_password()
    top = Person.objects.order_by("-id").values_list("id", flat=True).first() or 0
    wanted = round((ARCHIVE_SHARE + CASES_PER_MEMBER) * member_count) + 20
    cast = city_cast.Cast(
        rng=builder.rng,
        today=builder.today,
        now=builder.now,
        units=units,
        employers=employers,
        admin=User.objects.get(username="admin_city"),
        cadres=city_cast.district_cadres(units, password=password),
        members=city_cast.draw_members(builder.rng, wanted, top),
        member_count=member_count,
    )
    assistance = seed_city_assistance(cast, write=_write)
    rights = seed_city_rights(cast, members=cast.members[assistance["hardship_files"] :], write=_write)
    supervision = seed_city_supervision(cast, write=_write)
    from unionhall.demo.city_meetings import seed_city_meetings

    meetings = seed_city_meetings(cast, write=_write)
    workers = city_cast.worker_logins(cast, password=password)
    from unionhall.demo.city_responsibility import seed_city_responsibility

    responsibility = seed_city_responsibility(cast)
    from unionhall.demo.city_commitments import seed_city_commitments

    commitments = seed_city_commitments(cast)
    from unionhall.demo.city_competitions import seed_city_competitions
    from unionhall.demo.city_contests import seed_city_contests
    from unionhall.demo.city_innovation import seed_city_innovation
    from unionhall.demo.city_innovation_funds import seed_city_innovation_money
    from unionhall.demo.city_teams import seed_city_teams

    innovation = seed_city_innovation(cast)
    innovation_money = seed_city_innovation_money(cast)
    competitions = seed_city_competitions(cast)
    teams = seed_city_teams(cast)
    contests = seed_city_contests(cast)
    from unionhall.demo.city_studios import seed_city_studios

    studios = seed_city_studios(cast)
    return {
        **innovation,
        **innovation_money,
        **competitions,
        **assistance,
        **rights,
        **responsibility,
        **commitments,
        **teams,
        **contests,
        **supervision,
        **meetings,
        **studios,
        "district_cadres": len(cast.cadres),
        "worker_logins": workers,
        "casework_ms": round(1000 * (time.monotonic() - started)),
    }


def _casework_models() -> list[type[models.Model]]:
    from unionhall.assistance.models import Disbursement, FileEvent, HardshipFile
    from unionhall.cards.models import AssistanceCard
    from unionhall.competitions.models import Participant, Result, Standing
    from unionhall.funds.models import Account, Journal, LedgerEntry
    from unionhall.innovation.models import Studio, StudioMember, StudioReview, Submission, SubmissionMember
    from unionhall.meetings.models import AgendaItem, Meeting, Resolution
    from unionhall.rights.models import Case, CaseEvent, RiskReport
    from unionhall.supervision.models import SupervisedTask, TaskEvent
    from unionhall.teams.models import CostActual, CostTarget, TeamMember, WorkTeam

    return [
        WorkTeam,
        TeamMember,
        CostTarget,
        CostActual,
        Submission,
        SubmissionMember,
        Participant,
        Result,
        Standing,
        HardshipFile,
        FileEvent,
        Disbursement,
        AssistanceCard,
        Account,
        Journal,
        LedgerEntry,
        Case,
        CaseEvent,
        RiskReport,
        SupervisedTask,
        TaskEvent,
        Meeting,
        Resolution,
        AgendaItem,
        Studio,
        StudioMember,
        StudioReview,
    ]


def seed_city(*, members: int, seed: int = 2026, today: date | None = None) -> dict[str, int]:
    """Build the city into an empty database, as one audited system action. Last year's coverage snapshot is
    taken from the city as built (demo data, not a real history), so the dashboard has a year to compare."""
    if not Division.objects.filter(code=full_code(CITY_DIVISION)).exists():
        load_divisions(province=CITY_DIVISION[:2])
    builder = CityBuilder(
        shape=Shape.for_members(members),
        rng=random.Random(seed),
        today=today or timezone.localdate(),
        now=timezone.now(),
    )
    with audited(actor=SystemActor(SEED_ACTOR), action="demo.seed_city") as event, transaction.atomic():
        if OrgUnit.objects.exists():
            raise Conflict("数据库中已有组织树；城市数据只能载入空数据库。")
        builder.build()
        _write(OrgUnit, UNIT_COLUMNS, builder.unit_rows())
        _write(Employer, EMPLOYER_COLUMNS, builder.employer_rows)
        member_count = _write_members(builder)
        create_demo_users(LOGIN_ORG)
        casework = _seed_casework(builder, member_count)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                written: list[type[models.Model]] = [OrgUnit, Employer, Person, Membership, MembershipEvent]
                for model in written + _casework_models():
                    cursor.execute(f'ANALYZE "{model._meta.db_table}"')
        # Last year's coverage, kept from the city as built (demo data, not a history): see seed.py.
        snapshot = seed_coverage_snapshot(actor=SystemActor(SEED_ACTOR), today=builder.today)
        result = {
            "org_units": len(builder.nodes),
            "grassroots_unions": len(builder.grassroots),
            "employers": len(builder.employer_rows),
            "employers_without_union": sum(1 for row in builder.employer_rows if row[11] is None),
            "members": member_count,
            "users": len(DEMO_USERS),
            "coverage_snapshot_units": snapshot,
            **casework,
        }
        event.changes = {"seed": seed, **result}
    return result
