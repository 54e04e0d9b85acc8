"""The demo's joint meetings: two meetings of 姑苏区 (政府与工会联席会议) acted by the district's cadre through
the services. The first was held some three months ago and recorded three resolutions — one for 人社局 now
overdue (given a past due date, as the supervision demo back-dates its tasks), one for 住建局 done with
evidence, one for 市场监管局 still in time; the second is planned for next week, so its agenda, read from the
data, already lists the overdue resolution beside the district's open orange and red risk reports."""

from __future__ import annotations

from datetime import timedelta

from unionhall.accounts.models import User
from unionhall.core.actors import SystemActor
from unionhall.meetings import services
from unionhall.meetings.models import Resolution
from unionhall.orgs.models import OrgUnit
from unionhall.supervision import services as task_services
from unionhall.supervision.models import Department, SupervisedTask
from unionhall.supervision.sweep import deadline_sweep
from unionhall.workcalendar import workdays

ATTENDEES = "\n".join(
    [
        "周立新 副主席 姑苏区总工会",
        "郑伟 劳动关系处科长 姑苏区人力资源和社会保障局",
        "冯敏 建筑市场监管处副处长 姑苏区住房和城乡建设局",
        "陈刚 治安支队副支队长 姑苏区公安局",
        "卫东 信用监管处科长 姑苏区市场监督管理局",
    ]
)


def seed_meetings() -> dict[str, int]:
    gusu = OrgUnit.objects.get(code="SZ-GS")
    cadre = User.objects.get(username="cadre_gusu")
    departments = {d.short_name: d for d in Department.objects.filter(org=gusu)}
    invited = [departments[name] for name in ("人社局", "住建局", "公安局", "市场监管局")]
    today = workdays.today()
    first = services.meeting_create(
        actor=cadre,
        org=gusu,
        title=f"{today.year}年姑苏区政府与工会第一次联席会议",
        date=today - timedelta(days=90),
        place="姑苏区政府三楼会议室",
        attendees=ATTENDEES,
        departments=invited,
    )
    services.meeting_hold(actor=cadre, meeting=first)
    services.minutes_record(
        actor=cadre,
        meeting=first,
        minutes="会议通报了上半年全区劳动关系形势，研究了欠薪治理和新建工地农民工工资专用账户工作，"
        "明确由区人社局牵头开展清欠专项行动，区住建局负责核查在建工地专用账户，区市场监管局协助推动"
        "规模以上未建会企业建会。",
    )

    def resolved(title: str, short: str, days: int) -> Resolution:
        return services.resolution_record(
            actor=cadre, meeting=first, title=title, department=departments[short], due_on=today + timedelta(days=days)
        )

    late = resolved("开展欠薪专项清查，对欠薪企业限期整改", "人社局", 30)
    _back_date(late, started_days_ago=88, due_days_ago=28)
    task_services.task_progress(actor=cadre, task=late.task, text="已排查企业 46 家，3 家仍在整改中。")  # type: ignore[arg-type]
    done = resolved("核查在建工地农民工工资专用账户开设情况", "住建局", 30)
    task_services.task_close(actor=cadre, task=done.task, evidence="全区在建工地均已开设专用账户。")  # type: ignore[arg-type]
    resolved("推动规模以上未建会企业建会", "市场监管局", 60)
    services.meeting_create(
        actor=cadre,
        org=gusu,
        title=f"{today.year}年姑苏区政府与工会第二次联席会议",
        date=today + timedelta(days=6),
        place="姑苏区政府三楼会议室",
        attendees=ATTENDEES,
        departments=invited,
    )
    swept = deadline_sweep(actor=SystemActor("manage.py seed_demo"))
    return {"meetings": 2, "resolutions": 3, "resolutions_overdue": swept.overdue}


def _back_date(resolution: Resolution, *, started_days_ago: int, due_days_ago: int) -> None:
    """A resolution given at the first meeting whose due date has passed (demo data, not a history)."""
    today = workdays.today()
    start, due = today - timedelta(days=started_days_ago), today - timedelta(days=due_days_ago)
    remind = max(start, workdays.subtract_working_days(due, 3))
    assert resolution.task is not None
    SupervisedTask.objects.filter(pk=resolution.task.pk).update(starts_on=start, due_on=due, remind_on=remind)
    Resolution.objects.filter(pk=resolution.pk).update(due_on=due)
    resolution.refresh_from_db()
