"""A roster import written in bulk (COPY on PostgreSQL, bulk_create on SQLite): the member tally kept by the
database's triggers stays equal to a recount, an import that fails while writing leaves nothing behind, and
a committed job lets its rows go at once."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from unionhall.core import bulk
from unionhall.imports import pipeline, services
from unionhall.imports.models import ImportJob, JobStatus
from unionhall.imports.tests.support import SYSTEM, id_number, imported, roster, validated
from unionhall.members.models import Membership, MembershipEvent, Person
from unionhall.tests.city import City
from unionhall.tests.factories import join
from unionhall.tests.tally import recount, tally

HEADERS = ["姓名", "身份证号码", "手机号码", "入会日期", "用工形式"]


def _rows(count: int) -> list[list[Any]]:
    """`count` new members, every third on a platform (外卖骑手), so both counts of the tally move."""
    return [
        [f"王{i:03d}", id_number("19900101", f"{i:03d}"), "", "2024-1-1", "外卖骑手" if i % 3 == 0 else "合同工"]
        for i in range(count)
    ]


def test_a_bulk_roster_import_keeps_the_tally_exact(city: City, tmp_path: Path) -> None:
    here = join(city.u1, "李已在", id_number("19800101", "001")[:17], employment_form="platform")
    elsewhere = join(city.u3, "赵别处", id_number("19800101", "002")[:17])
    rows = [
        *_rows(300),
        ["李已在", here.person.reveal_id_number(), "", "", "合同工"],  # here already: no longer on a platform
        ["赵别处", elsewhere.person.reveal_id_number(), "", "", "外卖骑手"],  # moved here, now on a platform
    ]
    imported(roster(tmp_path, rows, headers=HEADERS), org=city.u1, transfer_all=True)
    assert tally() == recount() == {city.u1.pk: (302, 101)}


def test_an_import_that_fails_while_writing_writes_nothing(
    city: City, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Persons and memberships are already written when the history rows fail: the whole commit goes."""
    join(city.u1, "李已在", id_number("19800101", "001")[:17], employment_form="platform")
    before = (tally(), Person.objects.count(), Membership.objects.count(), MembershipEvent.objects.count())
    written: list[str] = []
    insert_rows = bulk.insert_rows

    def failing(model: Any, *args: Any, **kwargs: Any) -> list[int]:
        if model is MembershipEvent:
            raise RuntimeError("disk full")
        written.append(model.__name__)
        return insert_rows(model, *args, **kwargs)

    monkeypatch.setattr(bulk, "insert_rows", failing)
    with pytest.raises(RuntimeError):
        imported(roster(tmp_path, _rows(50), headers=HEADERS), org=city.u1)
    assert written == ["Person", "Membership"]
    assert (tally(), Person.objects.count(), Membership.objects.count(), MembershipEvent.objects.count()) == before
    assert tally() == recount()
    assert not ImportJob.objects.filter(status=JobStatus.COMMITTED).exists()


@pytest.fixture
def no_cyclic_collector() -> Iterator[None]:
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def test_a_committed_job_lets_its_rows_and_their_validation_go_at_once(
    city: City, tmp_path: Path, no_cyclic_collector: None
) -> None:
    """Without the cyclic collector: the job sits in a reference cycle, and a command's 100,000 rows would
    otherwise wait for it (0.9 s of CPU at the command's exit)."""
    job = validated(roster(tmp_path, _rows(20), headers=HEADERS), org=city.u1)
    validation = pipeline.check(job, actor=SYSTEM)
    held = weakref.ref(validation)
    del validation
    assert held() is not None  # kept for the commit in this process
    services.import_job_commit(actor=SYSTEM, job=job, background=False)
    assert job.status == JobStatus.COMMITTED
    assert held() is None
