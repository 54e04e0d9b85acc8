"""Persons (real name, keyed by resident ID number) and their memberships in grassroots unions.

The foundation holds the data shape; roster import, joining and transfer services come with the
members module (issue 3).
"""

from __future__ import annotations

from django.db import models

from unionhall.core import pii


class Sex(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"


class EmploymentForm(models.TextChoices):
    STANDARD = "standard", "标准劳动关系"
    DISPATCHED = "dispatched", "劳务派遣"
    PLATFORM = "platform", "新就业形态"


class Person(models.Model):
    """The ID number is never stored in clear: ciphertext, keyed hash for lookup, masked copy for lists."""

    name = models.CharField("姓名", max_length=50, db_index=True)
    id_number_enc = models.TextField("身份证号（密文）")
    id_number_hash = models.CharField(max_length=64, unique=True)
    id_number_masked = models.CharField("身份证号", max_length=18)
    sex = models.CharField("性别", max_length=1, choices=Sex.choices)
    birth_date = models.DateField("出生日期")
    phone = models.CharField("手机号", max_length=20, blank=True, db_index=True)
    hukou_division = models.ForeignKey(
        "orgs.Division", verbose_name="户籍地", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_migrant = models.BooleanField("农民工", default=False)
    employment_form = models.CharField(
        "就业形态", max_length=12, choices=EmploymentForm.choices, default=EmploymentForm.STANDARD
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.name

    def set_id_number(self, id_number: str) -> None:
        self.id_number_enc = pii.encrypt(id_number)
        self.id_number_hash = pii.blind_index(id_number)
        self.id_number_masked = pii.mask_id_number(id_number)

    def reveal_id_number(self) -> str:
        """Only services that check the unmask permission and log the view may call this."""
        return pii.decrypt(self.id_number_enc)


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", "在会"
    RETAINED = "retained", "保留会籍"
    TRANSFERRED = "transferred", "转出"
    LEFT = "left", "退会"
    REMOVED = "removed", "除名"


OPEN_STATUSES = (MembershipStatus.ACTIVE, MembershipStatus.RETAINED)


class Membership(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    org = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="memberships")
    employer = models.ForeignKey(
        "orgs.Employer", null=True, blank=True, on_delete=models.SET_NULL, related_name="memberships"
    )
    member_no = models.CharField("会员编号", max_length=32, unique=True)
    joined_on = models.DateField("入会日期")
    status = models.CharField("状态", max_length=12, choices=MembershipStatus.choices, default=MembershipStatus.ACTIVE)
    ended_on = models.DateField("终止日期", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            # One open membership per person: transfer closes one and opens the next in one step.
            models.UniqueConstraint(
                fields=["person"], condition=models.Q(status__in=["active", "retained"]), name="one_open_membership"
            )
        ]
        indexes = [models.Index(fields=["org", "status"])]

    def __str__(self) -> str:
        return f"{self.member_no} {self.person}"
