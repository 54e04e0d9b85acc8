"""The history line: what every life's own history table keeps of a step besides the step itself.

A domain's history model (an archive's `FileEvent`, a case's `CaseEvent`) inherits `HistoryLine`, adds its
foreign key to the record, the step's name and the statuses (their lengths follow the record's status
field), and writes its lines through `HistoryLine.by(actor)`, so every line names its actor the same way.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from unionhall.core.actors import Actor, user_of


class HistoryLine(models.Model):
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The name at the time, kept when the account is gone (a system step: the task's name).
    actor_name = models.CharField(max_length=150, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["id"]

    @staticmethod
    def by(actor: Actor) -> dict[str, Any]:
        """The actor columns of a new line: the user behind the actor and its name."""
        name = actor.get_username() if hasattr(actor, "get_username") else str(actor)
        return {"actor": user_of(actor), "actor_name": name[:150]}
