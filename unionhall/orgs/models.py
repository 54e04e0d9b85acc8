"""The organization tree (PRODUCT.md §2): org units, employers, administrative divisions, role grants."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from treebeard.mp_tree import MP_Node

from unionhall.core.dates import add_years


class Division(models.Model):
    """Administrative division, 2023 statistical codes, always stored as the 12-digit form."""

    class Level(models.IntegerChoices):
        PROVINCE = 1, "省"
        CITY = 2, "市"
        COUNTY = 3, "县区"
        TOWN = 4, "乡镇街道"
        VILLAGE = 5, "村居"

    class Kind(models.TextChoices):
        AREA = "area", "行政区域"
        VILLAGE = "village", "行政村"
        COMMUNITY = "community", "社区"

    code = models.CharField(max_length=12, primary_key=True)
    name = models.CharField(max_length=100)
    level = models.PositiveSmallIntegerField(choices=Level.choices, db_index=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.AREA)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class OrgLevel(models.TextChoices):
    CITY = "city", "市总工会"
    DISTRICT = "district", "区县总工会"
    TOWN = "town", "乡镇/街道总工会"
    INDUSTRY = "industry", "行业/产业工会"
    JOINT = "joint", "基层工会联合会"
    GRASSROOTS = "grassroots", "基层工会"
    BRANCH = "branch", "分工会/工会小组"


# Which levels may stand directly under which: the tree's shape rule, used by create and move.
ALLOWED_PARENT_LEVELS: dict[str, set[str]] = {
    OrgLevel.CITY: set(),
    OrgLevel.DISTRICT: {OrgLevel.CITY},
    OrgLevel.TOWN: {OrgLevel.DISTRICT},
    OrgLevel.INDUSTRY: {OrgLevel.CITY, OrgLevel.DISTRICT},
    OrgLevel.JOINT: {OrgLevel.DISTRICT, OrgLevel.TOWN, OrgLevel.INDUSTRY},
    OrgLevel.GRASSROOTS: {OrgLevel.DISTRICT, OrgLevel.TOWN, OrgLevel.INDUSTRY, OrgLevel.JOINT},
    OrgLevel.BRANCH: {OrgLevel.GRASSROOTS, OrgLevel.BRANCH},
}
FEDERATION_LEVELS = {OrgLevel.CITY, OrgLevel.DISTRICT, OrgLevel.TOWN, OrgLevel.INDUSTRY}


class GrassrootsKind(models.TextChoices):
    ENTERPRISE = "enterprise", "企业"
    PUBLIC = "public", "机关事业"
    VILLAGE = "village", "行政村"
    COMMUNITY = "community", "社区"
    INDUSTRY = "industry", "行业"
    JOINT = "joint", "联合"
    PROJECT = "project", "项目"
    NEW_EMPLOYMENT = "new_employment", "新就业形态"


class OrgStatus(models.TextChoices):
    ACTIVE = "active", "正常"
    MERGED = "merged", "已合并"
    DISSOLVED = "dissolved", "已撤销"


class OrgUnit(MP_Node):
    """A node of the union tree. Its materialized `path` makes "this subtree" one prefix filter."""

    code = models.CharField("编码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=120, db_index=True)
    level = models.CharField("层级", max_length=12, choices=OrgLevel.choices, db_index=True)
    kind = models.CharField("基层工会类型", max_length=16, choices=GrassrootsKind.choices, blank=True)
    uscc = models.CharField("工会法人统一社会信用代码", max_length=18, blank=True)
    division = models.ForeignKey(
        Division, verbose_name="所在区划", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    address = models.CharField("地址", max_length=200, blank=True)
    founded_on = models.DateField("成立日期", null=True, blank=True)
    term_years = models.PositiveSmallIntegerField("届期（年）", null=True, blank=True, choices=[(3, "3年"), (5, "5年")])
    term_started_on = models.DateField("本届开始日期", null=True, blank=True)
    # Derived from the two fields above by the services (term_end), stored so "overdue" is one indexed filter.
    term_ends_on = models.DateField("本届届满日期", null=True, blank=True, db_index=True)
    chair_name = models.CharField("主席", max_length=50, blank=True)
    employee_count = models.PositiveIntegerField("职工人数", default=0)
    has_party_org = models.BooleanField("建有党组织", default=False)
    party_co_build = models.BooleanField("党建带工建", default=False)
    ends_on = models.DateField("项目结束日期", null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=OrgStatus.choices, default=OrgStatus.ACTIVE, db_index=True)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Sibling order is the code, so children list in a stable, human order.
    node_order_by = ["code"]

    class Meta:
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(level="grassroots") | ~models.Q(kind=""), name="grassroots_unit_has_kind"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def election_overdue(self) -> bool:
        """届满未换届: the committee's term has run out and no new term was recorded."""
        ends = self.term_ends_on
        return bool(ends and self.status == OrgStatus.ACTIVE and ends < timezone.localdate())

    @property
    def is_federation(self) -> bool:
        return self.level in FEDERATION_LEVELS


def path_chain(path: str) -> list[str]:
    """The materialized paths of a node's ancestors, root first, then its own: "this unit or above it" is
    one `path__in` filter."""
    step = OrgUnit.steplen
    return [path[:i] for i in range(step, len(path) + 1, step)]


def term_end(started_on: date | None, years: int | None) -> date | None:
    return add_years(started_on, years) if started_on and years else None


class Ownership(models.TextChoices):
    STATE = "state", "国有"
    COLLECTIVE = "collective", "集体"
    PRIVATE = "private", "私营"
    FOREIGN = "foreign", "外商投资"
    HMT = "hmt", "港澳台投资"
    OTHER = "other", "其他"


class Industry(models.TextChoices):
    MANUFACTURING = "C", "制造业"
    CONSTRUCTION = "E", "建筑业"
    TRADE = "F", "批发和零售业"
    TRANSPORT = "G", "交通运输、仓储和邮政业"
    HOSPITALITY = "H", "住宿和餐饮业"
    IT = "I", "信息传输、软件和信息技术服务业"
    FINANCE = "J", "金融业"
    SERVICES = "O", "居民服务、修理和其他服务业"
    EDUCATION = "P", "教育"
    HEALTH = "Q", "卫生和社会工作"
    PUBLIC = "S", "公共管理、社会保障和社会组织"
    OTHER = "Z", "其他"


class Employer(models.Model):
    """用人单位. `org` is the unit answerable for it (scope); `union` the union covering it, if any."""

    name = models.CharField("单位名称", max_length=200, db_index=True)
    uscc = models.CharField("统一社会信用代码", max_length=18, unique=True)
    ownership = models.CharField("经济类型", max_length=12, choices=Ownership.choices, default=Ownership.PRIVATE)
    industry = models.CharField("行业", max_length=2, choices=Industry.choices, default=Industry.OTHER)
    division = models.ForeignKey(
        Division, verbose_name="所在区划", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    address = models.CharField("地址", max_length=200, blank=True)
    registered_on = models.DateField("成立（注册）日期", null=True, blank=True)
    opened_on = models.DateField("开业日期", null=True, blank=True)
    employee_count = models.PositiveIntegerField("职工人数", default=0)
    org = models.ForeignKey(OrgUnit, verbose_name="属地工会", on_delete=models.PROTECT, related_name="employers")
    union = models.ForeignKey(
        OrgUnit,
        verbose_name="覆盖工会",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="covered_employers",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    """The roles of PRODUCT.md §1. What each may do is in access.py, not here."""

    CITY_ADMIN = "city_admin", "市总工会管理员"
    FEDERATION_CADRE = "federation_cadre", "区县/乡镇总工会干部"
    GRASSROOTS_STAFF = "grassroots_staff", "基层工会主席/干事"
    INFO_OFFICER = "info_officer", "信息员"
    REVIEWER = "reviewer", "经审/督查（只读）"
    MERCHANT = "merchant", "爱心商户"
    WORKER = "worker", "职工/会员"
    # A government department's liaison (联席会议成员单位联络员), granted at the federation whose level of
    # government the department belongs to; which department is said by supervision.Liaison.
    DEPARTMENT_LIAISON = "dept_liaison", "成员单位联络员"
    SYSTEM_ADMIN = "system_admin", "系统管理员"


class Grant(models.Model):
    """A user holds a role at an org unit, and so acts on that unit's subtree."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grants")
    role = models.CharField(max_length=20, choices=Role.choices)
    org = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="grants")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role", "org"], name="grant_unique")]

    def __str__(self) -> str:
        return f"{self.get_role_display()} @ {self.org}"
