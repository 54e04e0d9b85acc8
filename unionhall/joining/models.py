"""Online joining (网上入会): a worker's application, reviewed by the union it was routed to.

The resident ID number is kept exactly as a Person keeps it: ciphertext, keyed hash, masked copy — never
in clear. The application answers to `org` for scope: the proposed union, or the territory unit that
places it when no union could be proposed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from unionhall.core import pii
from unionhall.core.pii_fields import SealedIdNumber


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", "待审核"
    # Approved here, but the worker's union lies outside the approver's reach: a transfer request waits for
    # that union (or the worker) to agree (members.transfer_services); its decision ends this application.
    WAITING = "waiting", "待原工会同意接转"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "未获批准"
    WITHDRAWN = "withdrawn", "已撤回"


class ApplicationKind(models.TextChoices):
    JOIN = "join", "入会"
    TRANSFER = "transfer", "会员关系接转"


class JoinApplication(SealedIdNumber):
    code = models.CharField("参考编号", max_length=12, unique=True)
    kind = models.CharField("类型", max_length=10, choices=ApplicationKind.choices, default=ApplicationKind.JOIN)
    status = models.CharField(
        "状态", max_length=10, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    name = models.CharField("姓名", max_length=50)
    phone = models.CharField("手机号", max_length=20, db_index=True)
    employer = models.ForeignKey(
        "orgs.Employer", verbose_name="工作单位", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What the worker typed; kept also when it matched no employer in the register.
    employer_text = models.CharField("填写的工作单位", max_length=200)
    proposed_union = models.ForeignKey(
        "orgs.OrgUnit", verbose_name="建议工会", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    org = models.ForeignKey(
        "orgs.OrgUnit", verbose_name="受理单位", on_delete=models.PROTECT, related_name="join_applications"
    )
    # The open membership elsewhere when the application was made (a transfer request).
    from_membership = models.ForeignKey(
        "members.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The membership the approval opened: its union and member number are what the worker sees.
    membership = models.ForeignKey(
        "members.Membership", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    client_address = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField("提交时间", auto_now_add=True, db_index=True)
    decided_at = models.DateTimeField("办理时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by_name = models.CharField("办理人", max_length=150, blank=True)
    reason = models.CharField("原因", max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # One pending application per person: a second one waits for the first to be decided.
            models.UniqueConstraint(
                fields=["id_number_hash"], condition=models.Q(status="submitted"), name="one_pending_join_application"
            ),
        ]
        indexes = [models.Index(fields=["org", "status"])]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def audit_label(self) -> str:
        return f"{self.code} {pii.mask_name(self.name)}"

    @property
    def is_open(self) -> bool:
        return self.status == ApplicationStatus.SUBMITTED
