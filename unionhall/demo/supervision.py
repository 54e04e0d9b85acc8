"""The demo's supervised tasks and joint-meeting departments: the city's and 姑苏区's member departments with
their liaison contacts, 姑苏区人社局's liaison login (liaison_demo), and a few manual tasks acted by the demo
logins through the services — one overdue (given a past due date, as the rights demo back-dates its cases),
one done with evidence, one for a department, one for the town's cadre; then one deadline sweep."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from unionhall.accounts.models import User
from unionhall.core.actors import SystemActor
from unionhall.orgs.models import OrgUnit
from unionhall.supervision import services, sources
from unionhall.supervision.models import Department, Liaison, SupervisedTask
from unionhall.supervision.sweep import deadline_sweep
from unionhall.workcalendar import workdays

# (short name, full name after the place's name, the liaison's post)
DEPARTMENTS = [
    ("人社局", "人力资源和社会保障局", "劳动关系处科长"),
    ("住建局", "住房和城乡建设局", "建筑市场监管处副处长"),
    ("公安局", "公安局", "治安支队副支队长"),
    ("司法局", "司法局", "法律援助中心主任"),
    ("市场监管局", "市场监督管理局", "信用监管处科长"),
    ("财政局", "财政局", "社会保障处科员"),
    ("信访局", "信访局", "办信处科长"),
]
# A district's own departments: the same but finance, which the demo keeps at the city.
DISTRICT_DEPARTMENTS = [d for d in DEPARTMENTS if d[0] != "财政局"]
LIAISONS = ["郑伟", "冯敏", "陈刚", "褚丽", "卫东", "蒋华", "沈洁", "韩磊", "杨帆", "朱婷", "秦勇", "许静", "何平"]


def _department_rows(unit: OrgUnit, place: str, rows: list[tuple[str, str, str]], start: int) -> list[Department]:
    made = []
    for i, (short, full, post) in enumerate(rows):
        department = Department.objects.create(org=unit, name=f"{place}{full}", short_name=short)
        number = f"1391234{(start + i) % 10000:04d}"
        Liaison.objects.create(
            department=department, name=LIAISONS[(start + i) % len(LIAISONS)], post=post, phone=number
        )
        made.append(department)
    return made


def seed_supervision() -> dict[str, int]:
    city, gusu = OrgUnit.objects.get(code="SZ"), OrgUnit.objects.get(code="SZ-GS")
    _department_rows(city, "苏州市", DEPARTMENTS, 0)
    gusu_departments = {d.short_name: d for d in _department_rows(gusu, "姑苏区", DISTRICT_DEPARTMENTS, 20)}
    rs = gusu_departments["人社局"]
    liaison = link_demo_liaison()
    cadre = User.objects.get(username="cadre_gusu")
    town_cadre = User.objects.get(username="cadre_town")
    town = OrgUnit.objects.get(code="SZ-GS-01")
    manual = sources.Source(sources.MANUAL.code, None, "区总工会专题会议")

    def opened(title: str, **kw: Any) -> SupervisedTask:
        return services.task_open(actor=cadre, title=title, source=manual, **kw)

    late = opened("督促拖欠工资企业限期足额发放", org=town, department=rs, due_workdays=5, detail="涉及职工 32 人。")
    _back_date(late, days=20)
    services.task_progress(actor=liaison.user or cadre, task=late, text="已向企业下达劳动保障监察限期整改指令书。")
    done = opened(
        "核查新建工地农民工工资专用账户开设情况", org=gusu, department=gusu_departments["住建局"], due_workdays=10
    )
    services.task_close(actor=cadre, task=done, evidence="全区 12 个在建工地均已开设专用账户，抽查 3 个工地台账齐全。")
    opened("走访辖区快递网点，推动新就业形态劳动者入会", org=town, responsible_user=town_cadre, due_workdays=15)
    opened("联合开展欠薪线索排查", org=town, department=rs, due_workdays=5)
    swept = deadline_sweep(actor=SystemActor("manage.py seed_demo"))
    return {"departments": Department.objects.count(), "supervised_tasks": 4, "tasks_overdue": swept.overdue}


def link_demo_liaison() -> Liaison:
    """liaison_demo (granted at 姑苏区) is 姑苏区人社局's first liaison contact."""
    first = Liaison.objects.filter(department__org__code="SZ-GS", department__short_name="人社局").order_by("id")[0]
    Liaison.objects.filter(pk=first.pk).update(user=User.objects.get(username="liaison_demo"), name="郑伟")
    first.refresh_from_db()
    return first


def _back_date(task: SupervisedTask, *, days: int) -> None:
    """A task given `days` ago whose due date has passed (demo data, not a history)."""
    start = timezone.localdate() - timedelta(days=days)
    due = workdays.add_working_days(start, 5)
    remind: date = workdays.subtract_working_days(due, 3)
    SupervisedTask.objects.filter(pk=task.pk).update(starts_on=start, due_on=due, remind_on=max(start, remind))
    task.refresh_from_db()
