"""Where a case goes and who is above it (分级负责、归口办理、属地管理, PRODUCT.md §3.4).

- `handling_org`: the union covering the employer — its own grassroots union when it has one, else the
  federation of the territory it is registered in; with no employer on record, the unit that took the
  request in.
- `upper_federation` (orgs/selectors.py, the tree's one rule): the federation an overdue case escalates to
  and that acknowledges a risk report — the nearest federation above the unit (the root answers for itself).
- `home_place_units`: for a migrant worker (农民工), the federations of the place of household
  registration (户籍地) in this tree, nearest first: who to share a two-way case with (双向维权). Empty
  when the home place lies outside the city, which is then recorded as an external partner union.
"""

from __future__ import annotations

from unionhall.members.models import Person
from unionhall.orgs.models import Employer, OrgLevel, OrgStatus, OrgUnit
from unionhall.orgs.selectors import upper_federation

__all__ = ["handling_org", "home_place_units", "upper_federation"]


def handling_org(employer: Employer | None, intake: OrgUnit) -> OrgUnit:
    if employer is None:
        return intake
    union = employer.union
    if union is not None and union.status == OrgStatus.ACTIVE:
        return union
    return employer.org


def _division_chain(code: str) -> list[str]:
    """A 12-digit division code and the codes above it: 村 → 乡镇 → 县区 → 市 → 省 (2023 code layout)."""
    cuts = (12, 9, 6, 4, 2)
    return [code[:n].ljust(12, "0") for n in cuts if code[:n].ljust(12, "0") != "0" * 12]


def home_place_units(person: Person | None) -> list[OrgUnit]:
    if person is None or person.hukou_division_id is None:
        return []
    chain = list(dict.fromkeys(_division_chain(person.hukou_division_id)))
    # Territorial federations only: an industry union carries its city's division code but is no home place.
    territorial = (OrgLevel.CITY, OrgLevel.DISTRICT, OrgLevel.TOWN)
    units = OrgUnit.objects.filter(division_id__in=chain, level__in=territorial, status=OrgStatus.ACTIVE)
    rank = {code: i for i, code in enumerate(chain)}
    return sorted(units, key=lambda u: (rank[u.division_id], u.path))
