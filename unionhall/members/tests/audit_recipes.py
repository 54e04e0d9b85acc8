"""Audit recipes of the members services (see unionhall/tests/audit_support.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from unionhall.members import services as member_services
from unionhall.members import transfer_services
from unionhall.tests.audit_support import SYSTEM, Recipe
from unionhall.tests.city import City

ZHANG = "110105199001010010"  # a valid resident ID number


def _member(c: City) -> Any:
    return member_services.member_join(
        actor=SYSTEM, org=c.u1, person=member_services.PersonData(name="张三", id_number=ZHANG)
    )


def _on_member(fn: Callable[[City, Any], Any], *, prepare: Callable[[Any], Any] | None = None) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        membership = _member(c)
        if prepare is not None:
            prepare(membership)
        return lambda: fn(c, membership)

    return recipe


def _retained(membership: Any) -> None:
    member_services.member_retain(actor=SYSTEM, membership=membership, reason="退休")


RECIPES: dict[str, tuple[Recipe, Recipe | None]] = {
    "unionhall.members.services.member_join": (
        lambda c: lambda: _member(c),
        lambda c: (
            lambda: member_services.member_join(
                actor=c.users["outsider"], org=c.u1, person=member_services.PersonData(name="张三", id_number=ZHANG)
            )
        ),
    ),
    "unionhall.members.services.member_transfer": (
        _on_member(
            lambda c, m: member_services.member_transfer(actor=c.users["city_admin"], membership=m, to_org=c.u3)
        ),
        _on_member(lambda c, m: member_services.member_transfer(actor=c.users["chair_u1"], membership=m, to_org=c.u3)),
    ),
    "unionhall.members.services.member_retain": (
        _on_member(lambda c, m: member_services.member_retain(actor=c.users["chair_u1"], membership=m, reason="退休")),
        _on_member(
            lambda c, m: member_services.member_retain(actor=c.users["reviewer_d1"], membership=m, reason="退休")
        ),
    ),
    "unionhall.members.services.member_restore": (
        _on_member(
            lambda c, m: member_services.member_restore(actor=c.users["chair_u1"], membership=m), prepare=_retained
        ),
        _on_member(lambda c, m: member_services.member_restore(actor=c.users["chair_u1"], membership=m)),
    ),
    "unionhall.members.services.member_leave": (
        _on_member(
            lambda c, m: member_services.member_leave(actor=c.users["chair_u1"], membership=m, reason="本人申请")
        ),
        _on_member(lambda c, m: member_services.member_leave(actor=c.users["chair_u1"], membership=m, reason="")),
    ),
    "unionhall.members.services.member_remove": (
        _on_member(lambda c, m: member_services.member_remove(actor=c.users["cadre_d1"], membership=m, reason="违纪")),
        _on_member(lambda c, m: member_services.member_remove(actor=c.users["chair_u3"], membership=m, reason="违纪")),
    ),
    "unionhall.members.services.person_update": (
        _on_member(
            lambda c, m: member_services.person_update(actor=c.users["chair_u1"], membership=m, phone="13912345678")
        ),
        _on_member(lambda c, m: member_services.person_update(actor=c.users["chair_u1"], membership=m, phone="12x")),
    ),
    "unionhall.members.services.member_id_reveal": (
        _on_member(lambda c, m: member_services.member_id_reveal(actor=c.users["chair_u1"], membership=m)),
        _on_member(lambda c, m: member_services.member_id_reveal(actor=c.users["reviewer_d1"], membership=m)),
    ),
    "unionhall.members.services.roster_commit": (
        lambda c: (
            lambda: member_services.roster_commit(
                actor=c.users["chair_u1"],
                org=c.u1,
                rows=[
                    member_services.RosterRow(row=2, person=member_services.PersonData(name="李四", id_number=ZHANG))
                ],
            )
        ),
        lambda c: (
            lambda: member_services.roster_commit(
                actor=c.users["info_u1"],
                org=c.u1,
                rows=[
                    member_services.RosterRow(row=2, person=member_services.PersonData(name="李四", id_number=ZHANG))
                ],
            )
        ),
    ),
}


# --- transfers across subtrees: U3 (D2) asks for 张三 of U1 ---------------------------------------------


def _request_for(c: City) -> Any:
    from unionhall.members import transfers

    return transfers.open_request(membership=_member(c), to_org=c.u3, actor=c.users["chair_u3"], source="form")


def _on_request(fn: Callable[[City, Any], Any]) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        request = _request_for(c)
        return lambda: fn(c, request)

    return recipe


def _ask(actor: str) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        _member(c)
        person = member_services.PersonData(name="张三", id_number=ZHANG)
        return lambda: transfer_services.transfer_request_create(actor=c.users[actor], to_org=c.u3, person=person)

    return recipe


RECIPES.update(
    {
        # chair_u3 asks; chair_u1, who cannot even see U3, is refused
        "unionhall.members.transfer_services.transfer_request_create": (_ask("chair_u3"), _ask("chair_u1")),
        "unionhall.members.transfer_services.transfer_request_approve": (
            _on_request(lambda c, r: transfer_services.transfer_request_approve(actor=c.users["chair_u1"], request=r)),
            _on_request(lambda c, r: transfer_services.transfer_request_approve(actor=c.users["chair_u3"], request=r)),
        ),
        "unionhall.members.transfer_services.transfer_request_reject": (
            _on_request(
                lambda c, r: transfer_services.transfer_request_reject(
                    actor=c.users["chair_u1"], request=r, reason="本人未调动"
                )
            ),
            _on_request(
                lambda c, r: transfer_services.transfer_request_reject(actor=c.users["chair_u1"], request=r, reason="")
            ),
        ),
        "unionhall.members.transfer_services.transfer_request_cancel": (
            _on_request(lambda c, r: transfer_services.transfer_request_cancel(actor=c.users["chair_u3"], request=r)),
            _on_request(lambda c, r: transfer_services.transfer_request_cancel(actor=c.users["chair_u1"], request=r)),
        ),
    }
)
