"""Recording and settling an objection through the shared helpers, on the hardship archive's table."""

from __future__ import annotations

from datetime import date

import pytest

from unionhall.assistance.models import FileStatus, NoticeObjection
from unionhall.core.errors import Conflict, ValidationError
from unionhall.notices.objections import objection_add, objection_settle
from unionhall.tests.city import City
from unionhall.tests.factories import hardship_file

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 9)


def _add(file: object, **kw: object) -> NoticeObjection:
    values: dict[str, object] = {
        "in_notice": True,
        "noun": "候选人",
        "content": " 邻居反映另有收入。 ",
        "received_on": None,
        "today": TODAY,
        "recorded_by": None,
        "file": file,
    }
    return objection_add(NoticeObjection, **{**values, **kw})  # type: ignore[arg-type]


def test_an_objection_is_recorded_on_the_day_it_was_received(city: City) -> None:
    f = hardship_file(city.u1, status=FileStatus.NOTICE)
    today = _add(f)
    earlier = _add(f, received_on=date(2026, 3, 6))
    assert (today.received_on, today.content, earlier.received_on) == (TODAY, "邻居反映另有收入。", date(2026, 3, 6))
    assert list(f.objections.all()) == [today, earlier]


def test_an_objection_is_refused_outside_the_notice_without_words_or_from_the_future(city: City) -> None:
    f = hardship_file(city.u1, status=FileStatus.NOTICE)
    with pytest.raises(Conflict, match="只有公示中的候选人可以登记异议。"):
        _add(f, in_notice=False)
    with pytest.raises(ValidationError) as empty:
        _add(f, content="  ")
    assert empty.value.field_errors == {"content": ["请填写异议内容。"]}
    with pytest.raises(ValidationError) as later:
        _add(f, received_on=date(2026, 3, 10))
    assert later.value.field_errors == {"received_on": ["收到日期不能晚于今天。"]}
    assert not NoticeObjection.objects.exists()


def test_an_objection_is_settled_once_with_a_finding(city: City) -> None:
    o = _add(hardship_file(city.u1, status=FileStatus.NOTICE))
    with pytest.raises(ValidationError):
        objection_settle(o, upheld=True, resolution=" ", today=TODAY)
    settled = objection_settle(o, upheld=True, resolution=" 属实 ", today=TODAY)
    assert (settled.upheld, settled.resolution, settled.resolved_on) == (True, "属实", TODAY)
    with pytest.raises(Conflict, match="该异议已处理"):
        objection_settle(o, upheld=False, resolution="不属实", today=TODAY)
    o.refresh_from_db()
    assert o.upheld is True
