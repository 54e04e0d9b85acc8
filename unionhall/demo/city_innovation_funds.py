"""The city's innovation reward money at scale (seed_city): the innovation reward fund, this year's budget at
the city with an allocation to each district, and the city's grade lines of the 奖励办法 — the same as the
demo's (demo/innovation.py, seed_innovation_money), through the services, since it is a handful of rows. With
these a reward proposed for one of the city's submissions (city_innovation.py) is approved and paid from its
district's budget."""

from __future__ import annotations

from typing import Any

from unionhall.demo.city_cast import Cast
from unionhall.demo.innovation import seed_innovation_money
from unionhall.orgs.models import OrgLevel, OrgUnit


def seed_city_innovation_money(cast: Cast) -> dict[str, Any]:
    districts = list(OrgUnit.objects.filter(level=OrgLevel.DISTRICT).order_by("path"))
    return seed_innovation_money(admin=cast.admin, districts=districts, year=cast.today.year)
