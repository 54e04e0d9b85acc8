"""The demo city: 苏州市总工会 with real districts and streets of Suzhou, deterministic for a given seed.

Realistic on purpose: village and community unions for most but not all villages, enterprise unions,
a joint union of small employers, a project union, a new-employment-form union, an industry union,
employers without a union (some large enough to count for the unionization rate), committees whose
term has run out, persons with valid resident ID numbers, and one login per role.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from stdnum.cn import ric
from stdnum.cn import uscc as uscc_std

from unionhall.accounts.models import User
from unionhall.core.actors import SystemActor
from unionhall.core.audit import audited
from unionhall.members.models import EmploymentForm, Membership, MembershipStatus, Person, Sex, member_number
from unionhall.orgs.divisions import full_code, load_divisions
from unionhall.orgs.models import (
    Division,
    Employer,
    GrassrootsKind,
    Industry,
    OrgLevel,
    OrgUnit,
    Ownership,
    Role,
    term_end,
)

CITY_DIVISION = "3205"
DISTRICTS = [("320508", "GS"), ("320506", "WZ"), ("320507", "XC"), ("320505", "HQ")]
TOWNS_PER_DISTRICT = 3
VILLAGES_PER_TOWN = 6

SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余杜叶程苏魏吕丁沈任姚卢傅钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷黎史龙陶贺顾毛郝龚邵万钱严覃武戴莫孔向常单"
)
GIVEN = list(
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉斌宇浩凯健俊帆帅旭宁晨欣怡佳琪雪"
)
# ID numbers carry the county code of first registration, often one that no longer exists (沧浪、平江、
# 金阊 became 姑苏区 in 2012). Local codes map to today's county for the household registration.
LOCAL_COUNTIES = {
    "320502": "320508",
    "320503": "320508",
    "320504": "320508",
    "320581": "320581",
    "320582": "320582",
    "320583": "320583",
    "320585": "320585",
    "320506": "320506",
}
# Home places of migrant workers, outside Jiangsu: 安徽肥东、寿县, 四川双流, 河南, 贵州.
MIGRANT_COUNTIES = ["340122", "342422", "510122", "411625", "522401", "341221"]

COMPANY_STEMS = [
    "精密机械",
    "电子科技",
    "纺织",
    "物流",
    "食品",
    "建材",
    "生物医药",
    "软件",
    "酒店管理",
    "物业服务",
    "新材料",
    "汽车零部件",
    "光电",
    "家具",
    "印务",
    "环保科技",
    "餐饮管理",
    "商贸",
    "检测技术",
    "智能装备",
]
COMPANY_FORMS = ["有限公司", "股份有限公司", "有限责任公司"]
INDUSTRY_OF_STEM = {
    "物流": Industry.TRANSPORT,
    "酒店管理": Industry.HOSPITALITY,
    "餐饮管理": Industry.HOSPITALITY,
    "软件": Industry.IT,
    "商贸": Industry.TRADE,
    "物业服务": Industry.SERVICES,
}

DEMO_USERS = [
    # username, the person's name (pages name people, never logins), role, org code
    ("admin_city", "王建国", Role.CITY_ADMIN, "SZ"),
    ("sysadmin", "李明", Role.SYSTEM_ADMIN, "SZ"),
    ("reviewer_city", "赵敏", Role.REVIEWER, "SZ"),
    ("cadre_gusu", "周立新", Role.FEDERATION_CADRE, "SZ-GS"),
    ("cadre_wuzhong", "吴芳", Role.FEDERATION_CADRE, "SZ-WZ"),
    ("cadre_town", "张三", Role.FEDERATION_CADRE, "SZ-GS-01"),
    ("chair_demo", "陈静", Role.GRASSROOTS_STAFF, "SZ-GS-01-E01"),
    ("info_demo", "刘洋", Role.INFO_OFFICER, "SZ-GS-01-E01"),
    ("merchant_demo", "孙丽", Role.MERCHANT, "SZ-GS"),
    ("worker_demo", "钱小红", Role.WORKER, "SZ-GS-01-E01"),
    # 姑苏区人社局's liaison: sees and answers that department's supervised tasks only (demo/supervision.py)
    ("liaison_demo", "郑伟", Role.DEPARTMENT_LIAISON, "SZ-GS"),
]


def grassroots_profile(builder: Any, county: str, employees: int, *, founded_days: tuple[int, int]) -> dict[str, Any]:
    """What both seeds say of a grassroots union besides its place in the tree: a credit code in its county, a
    founding day, a chair, its size, the party organization and the committee's term (drawn in this order,
    so a seed stays the same city)."""
    return {
        "uscc": builder.uscc("81", county),
        "founded_on": builder.today - timedelta(days=builder.rng.randrange(*founded_days)),
        "chair_name": builder.person_name(),
        "employee_count": employees,
        "has_party_org": builder.rng.random() < 0.7,
        "party_co_build": builder.rng.random() < 0.5,
        **builder.term(),
    }


@dataclass
class Seeder:
    rng: random.Random
    today: date
    units: list[OrgUnit] = field(default_factory=list)
    grassroots: list[tuple[OrgUnit, Employer | None, int]] = field(default_factory=list)
    employer_seq: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    # --- codes ------------------------------------------------------------------------------------
    def uscc(self, prefix: str, division: str) -> str:
        alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
        body = prefix + division[:6] + "".join(self.rng.choice(alphabet) for _ in range(9))
        return body + uscc_std.calc_check_digit(body)

    def id_number(self, counties: list[str], sex: str) -> tuple[str, str, date]:
        """A valid resident ID: the county code must have existed in the birth year, so draw until it did."""
        while True:
            county = self.rng.choice(counties)
            born = date(1962, 1, 1) + timedelta(days=self.rng.randrange(0, 365 * 44))
            seq = self.rng.randrange(0, 500) * 2 + (1 if sex == Sex.MALE else 0)
            body = f"{county}{born:%Y%m%d}{seq:03d}"
            number = body + ric.calc_check_digit(body + "0")  # stdnum expects the check position present
            if ric.is_valid(number):
                return number, county, born

    def person_name(self) -> str:
        return self.rng.choice(SURNAMES) + "".join(self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2))))

    # --- tree ---------------------------------------------------------------------------------------
    def term(self) -> dict[str, Any]:
        years = self.rng.choice((3, 5))
        # About one committee in six has run past its term: the overdue-election list is never empty.
        started = self.today - timedelta(days=self.rng.randrange(100, 365 * years + 400))
        return {"term_years": years, "term_started_on": started, "term_ends_on": term_end(started, years)}

    def add(self, parent: OrgUnit | None, **values: Any) -> OrgUnit:
        if parent is None:
            unit = OrgUnit.objects.add_root(values)
        else:
            unit = OrgUnit.objects.add_child(parent, values)
        self.units.append(unit)
        return unit

    def add_with_term(self, parent: OrgUnit | None, code: str, name: str, level: str, **values: Any) -> OrgUnit:
        """A unit whose committee serves a term: the term is drawn with it."""
        return self.add(parent, code=code, name=name, level=level, **values, **self.term())

    def employer(
        self,
        org: OrgUnit,
        union: OrgUnit | None,
        division: str,
        *,
        size: int,
        name: str | None = None,
        industry: str | None = None,
    ) -> Employer:
        self.employer_seq += 1
        stem = self.rng.choice(COMPANY_STEMS)
        registered = self.today - timedelta(days=self.rng.randrange(60, 365 * 15))
        employer = Employer.objects.create(
            name=name
            or f"苏州{self.rng.choice('恒瑞华宏创新博远鑫达通泰')}{self.rng.choice('源茂丰诚信盛安达')}{stem}{self.rng.choice(COMPANY_FORMS)}",
            uscc=self.uscc("91", division),
            ownership=self.rng.choices(Ownership.values, weights=[8, 2, 60, 12, 8, 10])[0],
            industry=industry or INDUSTRY_OF_STEM.get(stem, Industry.MANUFACTURING),
            division_id=full_code(division) if Division.objects.filter(code=full_code(division)).exists() else None,
            address=f"{org.name.replace('总工会', '')}{self.rng.randrange(1, 300)}号",
            registered_on=registered,
            opened_on=registered + timedelta(days=self.rng.randrange(0, 120)),
            employee_count=size,
            org=org,
            union=union,
        )
        return employer

    def grassroots_union(
        self, parent: OrgUnit, code: str, name: str, kind: str, division: str, *, employees: int, **extra: Any
    ) -> OrgUnit:
        unit = self.add(
            parent,
            code=code,
            name=name,
            level=OrgLevel.GRASSROOTS,
            kind=kind,
            division_id=division,
            **grassroots_profile(self, division, employees, founded_days=(400, 6000)),
            **extra,
        )
        return unit

    def build_tree(self) -> None:
        city_div = Division.objects.filter(code=full_code(CITY_DIVISION)).first()
        city = self.add_with_term(
            None, "SZ", "苏州市总工会", OrgLevel.CITY, division=city_div, address="苏州市姑苏区干将西路"
        )
        transport = self.add_with_term(city, "SZ-JT", "苏州市交通运输行业工会", OrgLevel.INDUSTRY, division=city_div)
        for i, stem in enumerate(["公交集团", "轨道交通集团", "港口集团"], start=1):
            size = self.rng.randrange(800, 4000)
            unit = self.grassroots_union(
                transport,
                f"SZ-JT-E{i:02d}",
                f"苏州{stem}有限公司工会",
                GrassrootsKind.ENTERPRISE,
                full_code("320508"),
                employees=size,
            )
            emp = self.employer(
                transport, unit, "320508", size=size, name=f"苏州{stem}有限公司", industry=Industry.TRANSPORT
            )
            self.grassroots.append((unit, emp, size))

        for county, short in DISTRICTS:
            county_div = Division.objects.filter(code=full_code(county)).first()
            district_name = county_div.name if county_div else short
            district = self.add_with_term(
                city, f"SZ-{short}", f"{district_name}总工会", OrgLevel.DISTRICT, division=county_div
            )
            # A platform-workers' union directly under each district federation.
            unit = self.grassroots_union(
                district,
                f"SZ-{short}-X01",
                f"{district_name}快递外卖新就业形态工会",
                GrassrootsKind.NEW_EMPLOYMENT,
                full_code(county),
                employees=600,
            )
            self.grassroots.append((unit, None, 600))
            streets = list(Division.objects.filter(parent_id=full_code(county)).order_by("code")[:TOWNS_PER_DISTRICT])
            for t, street in enumerate(streets or [None] * TOWNS_PER_DISTRICT, start=1):
                self.build_town(district, short, county, t, street)

    def build_town(self, district: OrgUnit, short: str, county: str, t: int, street: Division | None) -> None:
        street_code = street.code if street else full_code(county)
        street_name = street.name if street else f"第{t}街道"
        town = self.add_with_term(
            district,
            f"SZ-{short}-{t:02d}",
            f"{street_name}总工会",
            OrgLevel.TOWN,
            division_id=street.code if street else None,
        )
        prefix = f"SZ-{short}-{t:02d}"
        # Village and community unions for two villages in three: the rest are the coverage gap.
        villages = list(Division.objects.filter(parent_id=street_code).order_by("code")[:VILLAGES_PER_TOWN])
        for v, village in enumerate(villages, start=1):
            if v % 3 == 0:
                continue
            kind = GrassrootsKind.VILLAGE if village.kind == Division.Kind.VILLAGE else GrassrootsKind.COMMUNITY
            size = self.rng.randrange(30, 200)
            unit = self.grassroots_union(
                town,
                f"{prefix}-V{v:02d}",
                f"{village.name.replace('委员会', '').replace('委会', '')}工会",
                kind,
                village.code,
                employees=size,
            )
            self.grassroots.append((unit, None, size))
        # Enterprise unions, each covering its own employer.
        for e in range(1, 4):
            size = self.rng.choice([40, 80, 150, 300, 600, 1200])
            emp = self.employer(town, None, county, size=size)
            unit = self.grassroots_union(
                town, f"{prefix}-E{e:02d}", f"{emp.name}工会", GrassrootsKind.ENTERPRISE, street_code, employees=size
            )
            emp.union = unit
            emp.save(update_fields=["union"])
            self.grassroots.append((unit, emp, size))
            if size >= 600:
                self.add(unit, code=f"{prefix}-E{e:02d}-B1", name=f"{emp.name}生产部分工会", level=OrgLevel.BRANCH)
        # A joint union of small employers (基层工会联合会) with its member unions' employers.
        joint = self.add_with_term(
            town, f"{prefix}-LH", f"{street_name}小微企业联合工会", OrgLevel.JOINT, division_id=street_code
        )
        joint_size = 0
        for _ in range(4):
            size = self.rng.randrange(5, 24)
            joint_size += size
            self.employer(town, joint, county, size=size)
        jg = self.grassroots_union(
            joint,
            f"{prefix}-LH-G01",
            f"{street_name}商圈联合工会",
            GrassrootsKind.JOINT,
            street_code,
            employees=joint_size,
        )
        self.grassroots.append((jg, None, joint_size))
        # Employers without a union, some above the 25-employee threshold.
        for _ in range(3):
            self.employer(town, None, county, size=self.rng.choice([8, 15, 30, 60, 120]))
        if t == 1:
            unit = self.grassroots_union(
                town,
                f"{prefix}-P01",
                f"{street_name}机关事业单位工会",
                GrassrootsKind.PUBLIC,
                street_code,
                employees=90,
            )
            self.grassroots.append((unit, None, 90))
        if t == 2:
            emp = self.employer(
                town, None, county, size=350, name=f"{street_name}城市更新项目部", industry=Industry.CONSTRUCTION
            )
            unit = self.grassroots_union(
                town,
                f"{prefix}-PJ1",
                f"{street_name}城市更新项目工会",
                GrassrootsKind.PROJECT,
                street_code,
                employees=350,
                ends_on=self.today + timedelta(days=400),
            )
            emp.union = unit
            emp.save(update_fields=["union"])
            self.grassroots.append((unit, emp, 350))

    # --- members ------------------------------------------------------------------------------------
    def build_members(self, total: int) -> int:
        weights = [size for _, _, size in self.grassroots]
        persons: list[Person] = []
        plans: list[tuple[OrgUnit, Employer | None]] = []
        seen: set[str] = set()
        local_counties = list(LOCAL_COUNTIES)
        while len(persons) < total:
            unit, emp, _ = self.rng.choices(self.grassroots, weights=weights)[0]
            sex = self.rng.choice((Sex.MALE, Sex.FEMALE))
            migrant = self.rng.random() < 0.25
            number, county, born = self.id_number(MIGRANT_COUNTIES if migrant else local_counties, sex)
            if number in seen:
                continue
            seen.add(number)
            person = Person(
                name=self.person_name(),
                sex=sex,
                birth_date=born,
                phone="1" + self.rng.choice("3456789") + "".join(self.rng.choice(string.digits) for _ in range(9)),
                is_migrant=migrant,
                hukou_division_id=None if migrant else full_code(LOCAL_COUNTIES[county]),
                employment_form=EmploymentForm.PLATFORM
                if unit.kind == GrassrootsKind.NEW_EMPLOYMENT
                else self.rng.choices([EmploymentForm.STANDARD, EmploymentForm.DISPATCHED], weights=[9, 1])[0],
            )
            person.set_name(self.person_name())
            person.set_id_number(number)
            persons.append(person)
            plans.append((unit, emp))
        Person.objects.bulk_create(persons, batch_size=1000)
        memberships = [
            Membership(
                person=person,
                org=unit,
                employer=emp,
                member_no=member_number(person.pk),
                joined_on=self.today - timedelta(days=self.rng.randrange(10, 365 * 12)),
                status=MembershipStatus.RETAINED if self.rng.random() < 0.03 else MembershipStatus.ACTIVE,
            )
            for person, (unit, emp) in zip(persons, plans, strict=True)
        ]
        Membership.objects.bulk_create(memberships, batch_size=1000)
        return len(memberships)

    def build_users(self) -> None:
        create_demo_users()


def create_demo_users(org_code: dict[str, str] | None = None) -> None:
    """One login per role (DEMO_USERS); `org_code` moves a login to another unit code (seed_city's)."""
    from unionhall.orgs.models import Grant

    moved = org_code or {}
    codes = {moved.get(code, code) for *_, code in DEMO_USERS}
    by_code = {u.code: u for u in OrgUnit.objects.filter(code__in=codes)}
    for username, display, role, code in DEMO_USERS:
        user = User(username=username, display_name=display)
        user.set_password(settings.DEMO_PASSWORD)
        user.save()
        Grant.objects.create(user=user, role=role, org=by_code[moved.get(code, code)])


def seed_demo(*, members: int = 2000, seed: int = 2026, today: date | None = None) -> dict[str, int]:
    """Build the demo city into an empty database, as one audited system action. Last year's coverage snapshot
    is taken from the demo's state as seeded (demo data, not a real history), so the dashboard has a year to
    compare."""
    if not Division.objects.filter(code=full_code(CITY_DIVISION)).exists():
        load_divisions(province=CITY_DIVISION[:2])
    seeder = Seeder(rng=random.Random(seed), today=today or timezone.localdate())
    with audited(actor=SystemActor("manage.py seed_demo"), action="demo.seed") as event, transaction.atomic():
        if OrgUnit.objects.exists():
            from unionhall.core.errors import Conflict

            raise Conflict("数据库中已有组织树；演示数据只能载入空数据库。")
        seeder.build_tree()
        member_count = seeder.build_members(members)
        seeder.build_users()
        from unionhall.demo.assistance import seed_assistance

        assistance = seed_assistance(rng=seeder.rng, today=seeder.today)
        from unionhall.demo.rights import seed_rights

        rights = seed_rights(rng=seeder.rng)
        from unionhall.demo.responsibility import seed_responsibility

        responsibility = seed_responsibility(today=seeder.today)
        from unionhall.demo.commitments import seed_commitments

        commitments = seed_commitments(today=seeder.today)

        from unionhall.demo.supervision import seed_supervision

        supervision = seed_supervision()
        from unionhall.demo.meetings import seed_meetings

        meetings = seed_meetings()
        from unionhall.demo.competitions import seed_competitions

        competitions = seed_competitions(today=seeder.today)
        from unionhall.demo.contests import seed_contests

        contests = seed_contests(today=seeder.today)
        link_demo_worker()
        from unionhall.demo.innovation import seed_innovation

        innovation = seed_innovation()
        from unionhall.demo.teams import seed_teams

        teams = seed_teams(today=seeder.today)
        from unionhall.demo.studios import seed_studios

        studios = seed_studios(today=seeder.today)
        transfers = seed_transfers()
        snapshot = seed_coverage_snapshot(actor=SystemActor("manage.py seed_demo"), today=seeder.today)
        result = {
            "org_units": OrgUnit.objects.count(),
            "grassroots_unions": OrgUnit.objects.filter(level=OrgLevel.GRASSROOTS).count(),
            "employers": Employer.objects.count(),
            "employers_without_union": Employer.objects.filter(union__isnull=True).count(),
            "members": member_count,
            "users": len(DEMO_USERS),
            **assistance,
            **rights,
            **responsibility,
            **commitments,
            **supervision,
            **meetings,
            **innovation,
            **studios,
            **competitions,
            **teams,
            **contests,
            "transfer_requests": transfers,
            "coverage_snapshot_units": snapshot,
        }
        event.changes = {"seed": seed, **result}
    return result


def seed_coverage_snapshot(*, actor: SystemActor, today: date) -> int:
    """Last year's coverage snapshot, so that the coverage dashboard shows its previous-year bars. It is a
    snapshot of the demo's own state as seeded, labelled as last year: demo data, not a real history."""
    from unionhall.coverage.services import coverage_snapshot_take

    return coverage_snapshot_take(actor=actor, year=today.year - 1)


def link_demo_worker() -> None:
    """worker_demo is a member of the chair's union (in a demo that large): the holder of the demo's first card (it has a
    redemption) when there is one, so their password login opens /me/ with an e-card, a card and its
    history; their phone is the register's, so the phone-code login reaches the same account."""
    from unionhall.cards.models import AssistanceCard
    from unionhall.members.models import OPEN_STATUSES
    from unionhall.worker_portal.models import WorkerProfile

    user = User.objects.get(username="worker_demo")
    union = OrgUnit.objects.get(code="SZ-GS-01-E01")
    held = AssistanceCard.objects.filter(file__person__memberships__org=union, file__person__isnull=False)
    card = held.order_by("pk").select_related("file__person").first()
    person = card.file.person if card is not None else None
    if person is None:  # a small demo: a member of the union, else of anywhere
        members = Membership.objects.filter(status__in=OPEN_STATUSES).order_by("pk")
        member = members.filter(org=union).first() or members.first()
        person = member.person if member is not None else None
    if person is None:
        return
    user.phone = person.phone
    user.display_name = person.name
    user.save(update_fields=["phone", "display_name"])
    WorkerProfile.objects.create(user=user, person=person)
    # The worker's grant sits at their own union, so the scope in the top bar names the union on their card.
    own = Membership.objects.filter(person=person, status__in=OPEN_STATUSES).select_related("org").first()
    if own is not None and own.org_id != union.pk:
        user.grants.filter(role=Role.WORKER).update(org=own.org)


def seed_transfers() -> int:
    """One member of a 吴中 union asked for by the demo chair's union in 姑苏: a transfer request waiting
    for 吴中 (cadre_wuzhong sees it to decide, chair_demo as its own request)."""
    from unionhall.accounts.models import User
    from unionhall.members import transfers
    from unionhall.members.models import OPEN_STATUSES, Membership

    wuzhong = OrgUnit.objects.get(code="SZ-WZ")
    member = (
        Membership.objects.filter(org__path__startswith=wuzhong.path, status__in=OPEN_STATUSES).order_by("pk").first()
    )
    if member is None:
        return 0
    transfers.open_request(
        membership=member,
        to_org=OrgUnit.objects.get(code="SZ-GS-01-E01"),
        actor=User.objects.get(username="chair_demo"),
        source="form",
        note="职工已调入本单位工作",
    )
    return 1
