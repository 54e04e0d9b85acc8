"""Builder of the supervised task's life for the generic walk of every workflow table
(unionhall/workflow/tests): a task about T1 given to 东区 人社局, in the status asked for; the district's
cadre acts, with what each step needs (a note, evidence, a reason)."""

from __future__ import annotations

from typing import Any

from unionhall.supervision.tests.support import departments, task
from unionhall.tests.city import City
from unionhall.tests.workflow import Setup
from unionhall.workflow.kernel import Transition

PARAMS = {"progress": {"text": "已约谈企业负责人"}, "close": {"evidence": "工资已足额发放"}}


def a_task(c: City, status: str, t: Transition) -> Setup:
    made = task(c, department=departments(c).rs, status=status)
    return Setup(obj=made, actor=c.users["cadre_d1"], params=PARAMS.get(t.name, {}))


BUILDERS: dict[str, Any] = {"supervised_task": a_task}
