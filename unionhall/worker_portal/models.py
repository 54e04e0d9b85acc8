"""Who a worker is, and how they log in with their phone.

`WorkerProfile` ties a login (a user holding Role.WORKER) to the Person of the member register: every
page of /me/ shows rows of that Person only. It is made when a worker first logs in with a one-time code
sent to the phone the register holds for them (the code proves the phone; the register proves the person).

`LoginCode` keeps a keyed hash of each code, never the code. Wrong codes are counted by the shared attempt
guard (core/attempts.py), per phone and address, per phone and per address.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from unionhall.core import pii


class LinkedBy(models.TextChoices):
    PHONE_CODE = "phone_code", "手机验证码"


class WorkerProfile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="worker_profile")
    # One login per person: a second account for the same person would split their history.
    person = models.OneToOneField("members.Person", on_delete=models.PROTECT, related_name="worker_profile")
    linked_by = models.CharField(max_length=12, choices=LinkedBy.choices, default=LinkedBy.PHONE_CODE)
    linked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "职工身份关联"

    def __str__(self) -> str:
        return f"{self.user} → {self.person}"

    def audit_label(self) -> str:
        return f"{self.user_id} → {pii.mask_name(self.person.name)}"


class LoginCode(models.Model):
    phone = models.CharField(max_length=20)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    # Sent only when the phone belongs to a worker; the row exists either way, so the rate limits and the
    # answers are the same for a registered and an unknown number.
    sent = models.BooleanField(default=False)
    client_address = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = "登录验证码"
        indexes = [
            models.Index(fields=["phone", "created_at"]),
            models.Index(fields=["client_address", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.phone[:3]}****{self.phone[-4:]} {self.created_at:%Y-%m-%d %H:%M}"
