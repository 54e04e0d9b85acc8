"""Seeding the default programmes through the same service the city admin's form uses."""

from __future__ import annotations

from unionhall.assistance.models import Programme
from unionhall.core.actors import Actor
from unionhall.programmes import services
from unionhall.programmes.defaults import DEFAULT_PROGRAMMES


def seed_programmes(*, actor: Actor) -> list[str]:
    """Create each default programme whose code is not there yet; return the codes created."""
    created = []
    for spec in DEFAULT_PROGRAMMES:
        if Programme.objects.filter(code=spec["code"]).exists():
            continue
        services.programme_save(actor=actor, fund=None, **spec)
        created.append(spec["code"])
    return created
