"""Persons (real name, keyed by resident ID number) and their memberships in grassroots unions.

The foundation holds the data shape; roster import, joining and transfer services come with the
members module (issue 3).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from unionhall.core import pii
from unionhall.core.models import user_link
from unionhall.core.pii_fields import SealedIdNumber


class Sex(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"


class EmploymentForm(models.TextChoices):
    STANDARD = "standard", "标准劳动关系"
    DISPATCHED = "dispatched", "劳务派遣"
    PLATFORM = "platform", "新就业形态"


class Education(models.TextChoices):
    PRIMARY = "primary", "小学及以下"
    JUNIOR = "junior", "初中"
    SENIOR = "senior", "高中/中专/技校"
    COLLEGE = "college", "大专"
    BACHELOR = "bachelor", "本科"
    POSTGRADUATE = "postgraduate", "研究生"


class PoliticalStatus(models.TextChoices):
    CPC = "cpc", "中共党员"
    CYL = "cyl", "共青团员"
    DEMOCRATIC = "democratic", "民主党派"
    MASSES = "masses", "群众"


class Person(SealedIdNumber):
    """The ID number is never stored in clear: ciphertext, keyed hash for lookup, masked copy for lists."""

    # name, phone and name_initials are searched by their start: one prefix index each (Meta.indexes).
    name = models.CharField("姓名", max_length=50)
    # Pinyin initials, surname read as a surname (单雄信 → sxx): search by "zsf" finds 张三丰.
    name_initials = models.CharField("姓名拼音首字母", max_length=50, blank=True)
    # The full pinyin reading (names.sort_key): lists sorted by name follow it, not character codes.
    name_sort = models.CharField("姓名拼音", max_length=200, db_index=True, blank=True)
    id_number_hash = models.CharField(max_length=64, unique=True)  # one person per ID number
    # Keyed hash of the ID number's last four characters (pii.last4_index): the roster search by them.
    id_number_last4_hash = models.CharField(max_length=64, db_index=True, blank=True)
    sex = models.CharField("性别", max_length=1, choices=Sex.choices)
    birth_date = models.DateField("出生日期")
    phone = models.CharField("手机号", max_length=20, blank=True)
    # Optional links are indexed only where set (Meta.indexes, migration 0011): an import sets none of them.
    hukou_division = models.ForeignKey(
        "orgs.Division",
        verbose_name="户籍地",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    hukou_address = models.CharField("户籍地址", max_length=200, blank=True)
    is_migrant = models.BooleanField("农民工", default=False)
    education = models.CharField("学历", max_length=16, choices=Education.choices, blank=True)
    skill_level = models.CharField("技能等级", max_length=30, blank=True)
    political_status = models.CharField("政治面貌", max_length=12, choices=PoliticalStatus.choices, blank=True)
    employment_form = models.CharField(
        "就业形态", max_length=12, choices=EmploymentForm.choices, default=EmploymentForm.STANDARD
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # The list filter by employment form: new employment forms are a few in a thousand, found by index.
        # The prefix indexes answer LIKE 'x%' and equality on PostgreSQL (varchar_pattern_ops; SQLite ignores
        # the class): one index each instead of Django's two (migration 0009 says which were dropped, and why).
        indexes = [
            models.Index(fields=["employment_form"], name="members_person_form_idx"),
            models.Index(fields=["name"], name="members_person_name_pfx", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["phone"], name="members_person_phone_pfx", opclasses=["varchar_pattern_ops"]),
            models.Index(
                fields=["name_initials"], name="members_person_initials_pfx", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(
                fields=["hukou_division"],
                name="members_person_hukou_idx",
                condition=models.Q(hukou_division__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def audit_label(self) -> str:
        return pii.mask_name(self.name)

    @property
    def age_today(self) -> int:
        from django.utils import timezone

        today = timezone.localdate()
        born = self.birth_date
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))

    def set_name(self, name: str) -> None:
        from unionhall.members.names import initials, sort_key

        self.name = name
        self.name_initials = initials(name)
        self.name_sort = sort_key(name)

    ID_NUMBER_COLUMNS = (*SealedIdNumber.ID_NUMBER_COLUMNS, "id_number_last4_hash")

    @classmethod
    def sealed_id_number(cls, id_number: str, digest: str = "") -> tuple[str, ...]:
        return (*super().sealed_id_number(id_number, digest), pii.last4_index(id_number))


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", "在会"
    RETAINED = "retained", "保留会籍"
    TRANSFERRED = "transferred", "转出"
    LEFT = "left", "退会"
    REMOVED = "removed", "除名"


OPEN_STATUSES = (MembershipStatus.ACTIVE, MembershipStatus.RETAINED)


def member_number(person_id: int) -> str:
    """A person keeps one member number for life, across transfers: it is made from their record's id."""
    return f"GH{person_id:010d}"


class Membership(models.Model):
    """One spell of a person in one grassroots union. A transfer closes one and opens the next."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    # no index of its own: the (org, status) index serves every lookup by union and the foreign key
    org = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="memberships", db_index=False)
    employer = models.ForeignKey(
        "orgs.Employer", null=True, blank=True, on_delete=models.SET_NULL, related_name="memberships", db_index=False
    )
    member_no = models.CharField("会员编号", max_length=32, db_index=True)
    joined_on = models.DateField("入会日期")
    status = models.CharField("状态", max_length=12, choices=MembershipStatus.choices, default=MembershipStatus.ACTIVE)
    ended_on = models.DateField("终止日期", null=True, blank=True)
    end_reason = models.CharField("终止原因", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The person's name_initials, beside the union: a search by initials then reads only the searcher's own
    # unions' rows (docs/performance.md, issue 15). Database triggers (migrations 0009, 0016) keep it equal to
    # the person's on every write, whichever path makes it, as they keep MemberTally. A bulk writer may pass
    # the person's initials it computed (the roster import, seed_city): PostgreSQL then checks them once per
    # statement instead of looking each row's person up, and corrects any that differ.
    name_initials = models.CharField(
        "姓名拼音首字母", max_length=50, blank=True, default="", db_default="", editable=False
    )

    class Meta:
        constraints = [
            # One open membership per person: transfer closes one and opens the next in one step.
            models.UniqueConstraint(
                fields=["person"], condition=models.Q(status__in=["active", "retained"]), name="one_open_membership"
            ),
            models.UniqueConstraint(
                fields=["member_no"],
                condition=models.Q(status__in=["active", "retained"]),
                name="open_member_no_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["org", "status"]),
            models.Index(fields=["joined_on"]),
            models.Index(
                fields=["employer"], name="members_mship_employer_idx", condition=models.Q(employer__isnull=False)
            ),
            # Open members per employer (三同步's 同步入会), counted from the index alone.
            models.Index(
                fields=["employer"],
                condition=models.Q(status__in=["active", "retained"]),
                name="members_open_by_employer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_no} {self.person}"

    def audit_label(self) -> str:
        return f"{pii.mask_member_no(self.member_no)} {pii.mask_name(self.person.name)}"


class MembershipEvent(models.Model):
    """The history of a person's membership, one row per change, shown on the member page."""

    class Kind(models.TextChoices):
        JOIN = "join", "入会"
        TRANSFER = "transfer", "会员关系接转"
        RETAIN = "retain", "保留会籍"
        RESTORE = "restore", "恢复在会"
        LEAVE = "leave", "退会"
        REMOVE = "remove", "除名"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="membership_events")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    on = models.DateField("日期")
    from_org = models.ForeignKey(
        "orgs.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    to_org = models.ForeignKey("orgs.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(max_length=200, blank=True)
    actor_name = models.CharField(max_length=150, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        # a join has no union of origin: only transfers are indexed by it
        indexes = [
            models.Index(
                fields=["from_org"], name="members_event_from_org_idx", condition=models.Q(from_org__isnull=False)
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on}"


class MemberTally(models.Model):
    """Open memberships (在会 and 保留会籍) per union, and how many of them are in a new employment form.

    Coverage rolls these up the tree instead of counting a million memberships on every look. Database
    triggers (migration 0003) keep the rows exact on every write to memberships and persons, whichever
    path makes it — a service, a bulk COPY, a seed, a hand-run SQL fix — and in the same transaction,
    so a rolled-back join leaves no trace. Nothing in Python writes here.
    """

    org = models.OneToOneField("orgs.OrgUnit", primary_key=True, on_delete=models.CASCADE, related_name="+")
    members = models.IntegerField(default=0)
    platform_members = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(members__gte=0, platform_members__gte=0, platform_members__lte=models.F("members")),
                name="member_tally_within_bounds",
            )
        ]

    def __str__(self) -> str:
        return f"{self.org_id}: {self.members}"


class TransferRequest(models.Model):
    """会员关系接转 across subtrees: a union asks for a member whose open membership lies outside its reach.

    Nothing of the person changes while it is pending. The sending union (or a federation above both)
    approves it, or the worker confirms it on /me/; then the membership moves in one step. Within one user's
    reach a transfer needs no request (members.services.member_transfer).
    """

    class Status(models.TextChoices):
        PENDING = "pending", "待原工会同意"
        APPROVED = "approved", "原工会已同意"
        CONFIRMED = "confirmed", "职工本人已确认"
        REJECTED = "rejected", "原工会不同意"
        CANCELLED = "cancelled", "已撤回"
        LAPSED = "lapsed", "已失效"

    class Source(models.TextChoices):
        FORM = "form", "入会登记"
        IMPORT = "import", "名册导入"
        API = "api", "接口"
        PORTAL = "portal", "网上入会申请"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="transfer_requests")
    from_membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="transfer_requests")
    from_org = models.ForeignKey(
        "orgs.OrgUnit", verbose_name="转出工会", on_delete=models.PROTECT, related_name="transfers_out"
    )
    to_org = models.ForeignKey(
        "orgs.OrgUnit", verbose_name="转入工会", on_delete=models.PROTECT, related_name="transfers_in"
    )
    employer = models.ForeignKey("orgs.Employer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    source = models.CharField("来源", max_length=8, choices=Source.choices)
    source_ref = models.CharField("来源说明", max_length=200, blank=True)  # "导入#12 名册.xlsx", an application code
    note = models.CharField("说明", max_length=200, blank=True)
    requested_by = user_link()
    requested_by_name = models.CharField(max_length=150, blank=True)
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = user_link()
    decided_by_name = models.CharField(max_length=150, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField("原因", max_length=200, blank=True)
    membership = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="接转后的会籍"
    )

    class Meta:
        verbose_name = "会员关系接转申请"
        constraints = [
            # A union asks once; a repeated import or form says "already asked" instead of a second request.
            models.UniqueConstraint(
                fields=["person", "to_org"], condition=models.Q(status="pending"), name="one_pending_transfer_per_union"
            )
        ]
        indexes = [models.Index(fields=["status", "requested_at"])]

    def __str__(self) -> str:
        return f"接转申请 #{self.pk}"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING
