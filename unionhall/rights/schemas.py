"""The shapes of /api/v1/rights/: cases and risk reports out (read from the model through resolvers, so the
paginated lists and the single answers share one definition), and the request bodies in.

Request bodies keep their text fields optional: a missing summary or category then comes back with the
service's Chinese message next to the field (`{"code": "invalid", "fields": {…}}`), together with every
other mistake, instead of as a bare schema error.

No `from __future__ import annotations` here: django-ninja reads the annotations at import time.
"""

from datetime import date, datetime
from typing import Any

from django.utils import timezone
from ninja import Field, Schema

from unionhall.api.fields import Yuan
from unionhall.rights import workflow
from unionhall.rights.models import Case, CaseShare, RiskReport, RiskStatus

# --- out ---------------------------------------------------------------------------------------------


class OrgRef(Schema):
    id: int
    name: str


class EmployerRef(Schema):
    id: int
    name: str


class UserRef(Schema):
    id: int
    name: str = Field(description="姓名（未填姓名时为登录名）")

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return str(getattr(obj, "display_name", "") or obj.get_username())


class ShareOut(Schema):
    id: int = Field(description="协办记录 id（取消市外协作工会时用）")
    org: OrgRef | None = Field(None, description="协办工会；市外协作工会为 null")
    partner_name: str = Field("", description="市外协作工会名称")
    partner_contact: str = Field("", description="市外协作工会联系人及电话")
    shared_at: datetime


def _live_shares(case: Case) -> list[CaseShare]:
    prefetched = getattr(case, "live_shares", None)
    if prefetched is not None:
        return list(prefetched)
    return list(case.shares.filter(revoked_at__isnull=True).select_related("org"))


class CaseOut(Schema):
    id: int
    no: str = Field(description="案件编号")
    status: str = Field(description="received/in_progress/mediating/closed/withdrawn")
    category: str = Field(description="wage_arrears/contract/social_insurance/injury/dismissal/hours/…")
    complexity: str = Field(description="general/difficult/special")
    org: OrgRef = Field(description="承办工会（用人单位所在地的工会）")
    employer: EmployerRef | None = Field(None, description="登记在册的用人单位；未登记时为 null")
    employer_text: str = Field(description="填写的用人单位名称")
    summary: str
    received_at: datetime
    due_at: datetime = Field(description="办理期限")
    overdue: bool = Field(description="未办结且已过办理期限")
    handler: UserRef | None = Field(None, description="承办人")
    shared_with: list[ShareOut] = Field(description="正在协办的工会（双向维权）与市外协作工会")
    wages_recovered: Yuan = Field(alias="wages_recovered_fen", description="追回工资（元，两位小数的字符串）")
    wages_recovered_fen: int = Field(description="追回工资（分）")
    satisfaction: int | None = Field(None, description="职工评价 1–5 星")
    closed_at: datetime | None = None

    @staticmethod
    def resolve_overdue(obj: Case) -> bool:
        return obj.status in workflow.OPEN and obj.due_at < timezone.now()

    @staticmethod
    def resolve_shared_with(obj: Case) -> list[CaseShare]:
        return _live_shares(obj)


class EventOut(Schema):
    kind: str = Field(description="create/accept/transfer/share/unshare/note/mediation/close/…")
    from_status: str
    to_status: str
    note: str
    org: int | None = Field(None, alias="org_id")
    actor: str = Field(alias="actor_name")
    at: datetime


class MediationOut(Schema):
    held_on: date
    mediator: str
    parties: str
    result: str = Field(description="agreed/partial/failed/ongoing")
    agreement: str
    amount: Yuan = Field(alias="amount_fen", description="协议金额（元）")


class CaseDetailOut(CaseOut):
    source: str = Field(description="portal/hotline/walk_in/union")
    intake_org: OrgRef | None = Field(None, description="受理登记单位")
    person: int | None = Field(None, alias="person_id", description="职工（人员 id）")
    contact_name: str
    contact_phone: str
    worker_count: int
    facts: str
    remind_at: datetime | None = None
    escalated_at: datetime | None = Field(None, description="超期督办时间")
    escalated_to: OrgRef | None = Field(None, description="督办单位")
    legal_aid: bool = Field(description="已转介法律援助")
    outcome: str = Field(description="办理结果")
    satisfaction_note: str
    actions: list[str] = Field(description="当前用户此刻可办理的环节（transition 的 name）")
    mediations: list[MediationOut]
    events: list[EventOut] = Field(description="办理经过")

    @staticmethod
    def resolve_actions(obj: Case, context: Any) -> list[str]:
        request = (context or {}).get("request")
        if request is None:
            return []
        return [t.name for t in workflow.available(request.user, obj)]

    @staticmethod
    def resolve_mediations(obj: Case) -> list[Any]:
        return list(obj.mediations.all())

    @staticmethod
    def resolve_events(obj: Case) -> list[Any]:
        return list(obj.events.all())


class RiskOut(Schema):
    id: int
    no: str = Field(description="预警编号")
    org: OrgRef = Field(description="报告工会")
    employer: EmployerRef | None = None
    kind: str = Field(description="arrears/layoff/relocation/closure/petition/stoppage/other")
    level: str = Field(description="blue/yellow/orange/red")
    status: str = Field(description="reported/acknowledged/following/closed")
    affected_count: int
    amount: Yuan = Field(alias="amount_fen", description="涉及金额（元）")
    amount_fen: int
    description: str
    reported_at: datetime
    ack_due_at: datetime = Field(description="上级签收期限")
    ack_overdue: bool = Field(description="未签收且已过签收期限")
    acknowledged_at: datetime | None = None
    acknowledged_late: bool = Field(description="签收晚于期限")
    closed_at: datetime | None = None

    @staticmethod
    def resolve_ack_overdue(obj: RiskReport) -> bool:
        return obj.status == RiskStatus.REPORTED and obj.ack_due_at < timezone.now()

    @staticmethod
    def resolve_acknowledged_late(obj: RiskReport) -> bool:
        return obj.acknowledged_at is not None and obj.acknowledged_at > obj.ack_due_at


class FollowUpOut(Schema):
    note: str
    at: datetime


class RiskDetailOut(RiskOut):
    reported_by: UserRef | None = None
    acknowledged_by: UserRef | None = None
    resolution: str = Field(description="处置结果")
    follow_ups: list[FollowUpOut] = Field(description="跟踪处置记录")

    @staticmethod
    def resolve_follow_ups(obj: RiskReport) -> list[Any]:
        return list(obj.follow_ups.all())


# --- in ----------------------------------------------------------------------------------------------


class CaseIn(Schema):
    org: int = Field(description="受理登记单位 id（须有维权办理权限）；案件按属地转至覆盖用人单位的工会")
    category: str = Field("", description="诉求类别（必填）：wage_arrears/contract/social_insurance/…")
    complexity: str = Field("general", description="general/difficult/special")
    employer: int | None = Field(None, description="用人单位 id；未登记的单位改填 employer_text")
    employer_text: str = Field("", description="用人单位名称或统一社会信用代码（无 employer 时必填）")
    summary: str = Field("", description="诉求摘要（必填，不超过 200 字）")
    facts: str = Field("", description="事实与诉求")
    contact_name: str = Field("", description="联系人；关联了职工（person）时默认为其姓名，否则必填")
    contact_phone: str = Field("", description="联系电话；关联了职工时默认为其手机号")
    worker_count: int = Field(1, description="涉及人数")
    source: str = Field("union", description="portal/hotline/walk_in/union")
    person: int | None = Field(None, description="职工（人员 id，须在会员权限范围内）")


class ShareIn(Schema):
    org: int | None = Field(None, description="协办工会 id（可在全市任何位置，如职工户籍地工会）")
    partner_name: str = Field("", description="市外协作工会名称（不填 org 时）")
    partner_contact: str = Field("", description="市外协作工会联系人及电话")


class UnshareIn(Schema):
    org: int | None = Field(None, description="结束协办的工会 id")
    share: int | None = Field(None, description="或：协办记录 id（市外协作工会）")


class TransferIn(Schema):
    org: int = Field(description="转至的工会 id（全市任何在用的工会）")
    reason: str = Field("", description="转办理由（必填）")


class CloseIn(Schema):
    outcome: str = Field("", description="办理结果（必填）")
    wages_recovered: str | None = Field(None, description='追回工资（元），如 "3000.00"')
    wages_recovered_fen: int | None = Field(None, description="或：追回工资（分）")


class TransitionIn(Schema):
    name: str = Field(description="办理环节：accept/start_mediation/end_mediation/withdraw/reopen（办结请用 close）")
    reason: str = Field("", description="理由（end_mediation、withdraw、reopen 必填）")


class RiskIn(Schema):
    org: int = Field(description="报告工会 id（须有预警报告权限）")
    kind: str = Field("", description="arrears/layoff/relocation/closure/petition/stoppage/other")
    level: str = Field("", description="blue/yellow/orange/red")
    description: str = Field("", description="情况说明（必填）")
    employer: int | None = Field(None, description="用人单位 id")
    affected_count: int = Field(0, description="涉及人数")
    amount: str = Field("0", description="涉及金额（元）")
