"""Models and fields shared by every app: the audit trail, rows written once, the user who did something."""

from __future__ import annotations

from typing import Any, ClassVar, NoReturn

from django.conf import settings
from django.db import models


def user_link(verbose_name: str | None = None, *, related_name: str = "+") -> models.ForeignKey[Any, Any]:
    """A user named on a row (who created, decided or recorded it, who answers for it): optional, since a
    system step has none, and emptied when the account is deleted, so the row outlives it (the name, where
    kept, stays)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name=related_name,
    )


class AppendOnly(models.Model):
    """A row written once and never changed (an audit event, a ledger entry): saving it again is refused with
    the model's own words. Its table's trigger refuses an UPDATE in SQL as well."""

    edit_refusal: ClassVar[str]

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise RuntimeError(self.edit_refusal)
        super().save(*args, **kwargs)


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise RuntimeError("审计记录不可修改。")

    def delete(self) -> NoReturn:
        raise RuntimeError("审计记录不可删除。")


class AuditEvent(AppendOnly):
    """One thing somebody did or tried to do. Append-only: the application never edits or deletes one.

    A database trigger (see migration 0002) refuses UPDATE on every engine and DELETE on PostgreSQL.
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    # DO_NOTHING without a database constraint: deleting a user or unit must not touch (and so be
    # refused by) the append-only trail, which keeps the id and the name as they were.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
    )
    actor_name = models.CharField(max_length=150, blank=True)
    # The org unit the action concerns; its path is copied so scoping survives a later move of the unit.
    org = models.ForeignKey(
        "orgs.OrgUnit", null=True, blank=True, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False
    )
    org_path = models.CharField(max_length=255, blank=True, db_index=True)
    action = models.CharField(max_length=80, db_index=True)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=255, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    client_address = models.CharField(max_length=64, blank=True)
    via = models.CharField(max_length=16, blank=True)
    success = models.BooleanField(default=True)
    reason = models.CharField(max_length=500, blank=True)

    objects = AuditEventQuerySet.as_manager()
    edit_refusal = "审计记录不可修改。"

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["org_path", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action}"

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise RuntimeError("审计记录不可删除。")


class AttemptCounter(models.Model):
    """Guesses (passwords, login codes, card codes) counted per subject by `core/attempts.py`.

    `key` is the rule's name and a keyed hash of the subject (an account, a phone, an address, a card), so
    the table holds no phone number or address. Rows are claimed by conditional UPDATEs, never read first.
    """

    key = models.CharField(max_length=120, unique=True)
    attempts = models.PositiveIntegerField(default=0)
    window_start = models.DateTimeField()
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "尝试次数计数"
        indexes = [models.Index(fields=["window_start"])]  # for purging stale rows

    def __str__(self) -> str:
        return f"{self.key[:40]} {self.attempts}"


class ChangeCounter(models.Model):
    """How many times the tables of a topic (members, units, grants, …) have been written: database triggers
    count every statement, so a figure cached under the topics' counts is never served after a change
    (`core/versions.py`).

    One row per topic and PostgreSQL backend (the connection's process id): a transaction only ever updates
    its own backend's rows, so two writers never wait for each other or deadlock on a counter; a topic's count
    is the sum of its rows. Rows of backends that have gone are folded into backend 0 now and then.
    """

    topic = models.CharField(max_length=40)
    backend = models.IntegerField(default=0)
    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "数据变更计数"
        constraints = [models.UniqueConstraint(fields=["topic", "backend"], name="change_counter_per_backend")]

    def __str__(self) -> str:
        return f"{self.topic}@{self.backend}: {self.value}"
