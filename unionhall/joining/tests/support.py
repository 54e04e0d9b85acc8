"""What the joining tests share: valid ID numbers and applications made through the service."""

from __future__ import annotations

from typing import Any

from stdnum.cn import ric

from conftest import City
from unionhall.joining import services
from unionhall.joining.models import JoinApplication


def resident_id(body: str) -> str:
    """A valid 18-character ID from its first 17 (stdnum wants the check position present)."""
    return body + ric.calc_check_digit(body + "0")


WANG = resident_id("32050819900307123")  # 王小明, born 1990-03-07
LI = resident_id("32050819851120224")  # 李芳
ZHAO = resident_id("11010519920101003")


def submit(
    city: City, *, name: str = "王小明", id_number: str = WANG, phone: str = "13912345678", **extra: Any
) -> JoinApplication:
    """An application from a worker of 东方机械有限公司 (E1, covered by U1) unless told otherwise."""
    data = services.ApplicationData(
        name=name,
        id_number=id_number,
        phone=phone,
        employer_text=extra.pop("employer_text", ""),
        employer=extra.pop("employer", city.e1),
        area=extra.pop("area", None),
    )
    assert not extra, extra
    return services.join_application_submit(actor=services.PORTAL, data=data)
