"""Field types of the API's parameters and bodies.

`Yuan`: an amount the row holds in fen, answered in yuan as a string with two decimals ("1200.50"): read
from the row's `..._fen` attribute named by the field's alias.

`IsoDate`: a date as the OpenAPI document says (`format: date`, YYYY-MM-DD). Pydantic alone also takes a
number, or a string of digits, as seconds since 1970: `?date_to=0` filtered by 1970-01-01 and
`"joined_on": 0` would have recorded a member as joined then. Those answer 422 now, like any other
parameter of the wrong shape.

No `from __future__ import annotations` here: django-ninja reads the annotations at import time.
"""

import re
from datetime import date
from typing import Annotated, Any

from pydantic import BeforeValidator

from unionhall.core.money import yuan

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value: Any) -> Any:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
        raise ValueError("日期请写成 YYYY-MM-DD，例如 2024-03-01。")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date)]


def _yuan(value: Any) -> Any:
    return yuan(value) if isinstance(value, int) and not isinstance(value, bool) else value


Yuan = Annotated[str, BeforeValidator(_yuan)]

# The largest id a database row can have (a signed 64-bit key): an id filter bounded by it answers 422 past
# it, where SQLite would fail (500) on the comparison.
MAX_ID = 2**63 - 1
