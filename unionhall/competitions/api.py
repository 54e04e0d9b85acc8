"""/api/v1/competitions/: labour competitions in reach, registering one with its indicators, its participants,
stages and indicators (the lists that find the ids the writes take; while in preparation indicators are added,
changed (PATCH) and removed (DELETE) and stages added), cancelling one with a reason, results entered by a
participant's union, verified or returned with a reason by the organizer (the ranking is recomputed on
verification), a returned result entered again (PUT or POST on the result), and the ranking
`[{participant, score, rank}]` of the whole competition or of one stage. Each write is the service the pages
call (services.py), so the kernel's steps, the refusals and the audit are the same. Scoped like the pages: a competition out of sight answers 404,
exactly like a missing one.

No `from __future__ import annotations` here: django-ninja reads the annotations at import time.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from unionhall.api.routes import listed
from unionhall.competitions import ranking, selectors, services
from unionhall.competitions.models import (
    Competition,
    Direction,
    Indicator,
    Kind,
    Method,
    Participant,
    Result,
    Stage,
)
from unionhall.core.errors import NotFound, ValidationError
from unionhall.orgs.access import Cap
from unionhall.orgs.models import OrgUnit

router = Router(tags=["劳动竞赛"])


class CompetitionIndicatorIn(Schema):
    code: str = Field(max_length=20, description="指标代码，竞赛内唯一")
    name: str = Field(max_length=50, description="指标名称")
    # Numbers in, read exactly from their decimal text (services._decimal): a schema-valid body is never a 422.
    weight: float = Field(description="权重；各指标权重之和为 100，最多两位小数")
    target: float = Field(description="目标值（大于 0），最多四位小数")
    unit: str = Field("", max_length=20, description="计量单位")
    direction: Direction = Field(Direction.HIGHER, description="higher 越高越好 · lower 越低越好")
    method: Method = Field(Method.RATIO, description="ratio 完成率计分（封顶）· rank 名次计分 · threshold 达标计分")
    cap_percent: int = Field(120, description="完成率封顶（%），100 至 200")


class CompetitionIn(Schema):
    org: int = Field(description="主办单位（总工会或基层工会）的 id")
    title: str = Field(max_length=100, description="竞赛名称")
    kind: Kind = Field(Kind.KEY_PROJECT, description="竞赛类型")
    starts_on: date
    ends_on: date
    indicators: list[CompetitionIndicatorIn] = Field(default_factory=list, description="竞赛指标")


class CompetitionOut(Schema):
    id: int
    org: int = Field(description="主办单位的 id", validation_alias="org_id")
    org_name: str
    title: str
    kind: str
    starts_on: date
    ends_on: date
    status: str = Field(description="draft 筹备中 · running 进行中 · finished 已结束 · cancelled 已取消")

    @staticmethod
    def resolve_org_name(obj: Competition) -> str:
        return obj.org.name


class CompetitionIndicatorOut(Schema):
    id: int
    code: str
    name: str
    weight: Decimal
    target: Decimal
    unit: str
    direction: str
    method: str
    cap_percent: int


class CompetitionStageOut(Schema):
    id: int
    number: int
    name: str
    starts_on: date
    ends_on: date


class CompetitionParticipantIn(Schema):
    org: int = Field(description="参赛单位的 id")
    team: str = Field("", max_length=50, description="班组名称（可不填）")


class CompetitionParticipantOut(Schema):
    id: int
    org: int = Field(description="参赛单位的 id", validation_alias="org_id")
    org_name: str
    team: str

    @staticmethod
    def resolve_org_name(obj: Participant) -> str:
        return obj.org.name


class CompetitionResultIn(Schema):
    participant: int = Field(description="参赛单位（参赛记录）的 id")
    indicator: int = Field(description="指标的 id")
    period: int = Field(description="阶段的 id")
    value: float = Field(description="截至阶段末的累计数值（不小于 0，最多 4 位小数）")


class CompetitionResultOut(Schema):
    id: int
    participant: int = Field(description="参赛单位（参赛记录）的 id", validation_alias="participant_id")
    indicator: int = Field(description="指标的 id", validation_alias="indicator_id")
    period: int = Field(description="阶段的 id", validation_alias="stage_id")
    value: Decimal
    status: str = Field(description="entered 待核定 · verified 已核定 · returned 已退回")
    return_reason: str


class CompetitionRankingOut(Schema):
    participant: int = Field(description="参赛单位（参赛记录）的 id")
    participant_name: str
    score: Decimal
    rank: int


class CompetitionRankingQuery(Schema):
    period: int | None = Field(None, description="阶段的 id；不填为全程排名（各指标最近一个阶段的核定值）")


class CompetitionIndicatorPatch(Schema):
    """The fields of an indicator to change; those left out stay as they are."""

    code: str | None = Field(None, max_length=20, description="指标代码，竞赛内唯一")
    name: str | None = Field(None, max_length=50, description="指标名称")
    weight: float | None = Field(None, description="权重；各指标权重之和不超过 100，最多两位小数")
    target: float | None = Field(None, description="目标值（大于 0），最多四位小数")
    unit: str | None = Field(None, max_length=20, description="计量单位")
    direction: Direction | None = Field(None, description="higher 越高越好 · lower 越低越好")
    method: Method | None = Field(None, description="ratio 完成率计分（封顶）· rank 名次计分 · threshold 达标计分")
    cap_percent: int | None = Field(None, description="完成率封顶（%），100 至 200")


class CompetitionStageIn(Schema):
    name: str = Field(max_length=50, description="阶段名称，如 第一季度")
    starts_on: date
    ends_on: date


class CompetitionReasonIn(Schema):
    reason: str = Field(max_length=500, description="理由")


class CompetitionValueIn(Schema):
    value: float = Field(description="重新填报的数值（不小于 0，最多 4 位小数）")


class CompetitionFinishIn(Schema):
    commendation: str = Field(max_length=2000, description="表彰决定")
    commended_top: int = Field(0, description="表彰前几名（0 为不按名次）")


def _fresh[M: Model](row: M) -> M:
    """The row as stored: decimals with their column's places (a value typed 85 answers "85.0000")."""
    row.refresh_from_db()
    return row


def _competition(request: HttpRequest, competition_id: int) -> Competition:
    return selectors.competition_for_user_or_404(request.user, competition_id)


@router.get("/competitions/", response=list[CompetitionOut], summary="劳动竞赛列表（主办、协办或参加的）")
@listed(Cap.COMPETITION_VIEW)
def competition_list(request: HttpRequest) -> QuerySet[Competition]:
    return selectors.competitions_for(request.user).select_related("org")


@router.post("/competitions/", response={201: CompetitionOut}, summary="登记劳动竞赛（含指标；筹备中）")
def competition_create(request: HttpRequest, payload: CompetitionIn) -> Status:
    unit = OrgUnit.objects.filter(pk=payload.org).first()
    if unit is None:
        raise NotFound()
    made = services.competition_create(
        actor=request.user,
        org=unit,
        title=payload.title,
        kind=payload.kind,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        indicators=[i.model_dump() for i in payload.indicators],
    )
    return Status(201, made)


@router.post("/competitions/{competition_id}/start", response=CompetitionOut, summary="开赛")
def competition_start(request: HttpRequest, competition_id: int) -> Competition:
    return services.competition_start(actor=request.user, competition=_competition(request, competition_id))


@router.post("/competitions/{competition_id}/finish", response=CompetitionOut, summary="结束竞赛并表彰（最终排名冻结）")
def competition_finish(request: HttpRequest, competition_id: int, payload: CompetitionFinishIn) -> Competition:
    return services.competition_finish(
        actor=request.user,
        competition=_competition(request, competition_id),
        commendation=payload.commendation,
        commended_top=payload.commended_top,
    )


@router.get("/competitions/{competition_id}/indicators/", response=list[CompetitionIndicatorOut], summary="竞赛指标")
@listed()
def competition_indicator_list(request: HttpRequest, competition_id: int) -> QuerySet[Any]:
    return _competition(request, competition_id).indicators.all()


@router.post(
    "/competitions/{competition_id}/indicators",
    response={201: CompetitionIndicatorOut},
    summary="添加竞赛指标（筹备中）",
)
def competition_indicator_add(request: HttpRequest, competition_id: int, payload: CompetitionIndicatorIn) -> Status:
    made = services.competition_indicator_add(
        actor=request.user, competition=_competition(request, competition_id), **payload.model_dump()
    )
    return Status(201, _fresh(made))


def _indicator(request: HttpRequest, competition_id: int, indicator_id: int) -> Indicator:
    found = _competition(request, competition_id).indicators.select_related("competition__org").filter(pk=indicator_id)
    indicator = found.first()
    if indicator is None:
        raise NotFound()
    return indicator


@router.patch(
    "/competitions/{competition_id}/indicators/{indicator_id}",
    response=CompetitionIndicatorOut,
    summary="修改竞赛指标（筹备中；只改所给字段）",
)
def competition_indicator_edit(
    request: HttpRequest, competition_id: int, indicator_id: int, payload: CompetitionIndicatorPatch
) -> Indicator:
    changed = services.competition_indicator_edit(
        actor=request.user,
        indicator=_indicator(request, competition_id, indicator_id),
        **payload.model_dump(exclude_unset=True, exclude_none=True),
    )
    return _fresh(changed)


@router.delete(
    "/competitions/{competition_id}/indicators/{indicator_id}",
    response={204: None},
    summary="删除竞赛指标（筹备中）",
)
def competition_indicator_remove(request: HttpRequest, competition_id: int, indicator_id: int) -> Status:
    services.competition_indicator_remove(
        actor=request.user, indicator=_indicator(request, competition_id, indicator_id)
    )
    return Status(204, None)


@router.post(
    "/competitions/{competition_id}/stages", response={201: CompetitionStageOut}, summary="添加竞赛阶段（筹备中）"
)
def competition_stage_add(request: HttpRequest, competition_id: int, payload: CompetitionStageIn) -> Status:
    made = services.competition_stage_add(
        actor=request.user,
        competition=_competition(request, competition_id),
        name=payload.name,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
    )
    return Status(201, made)


@router.post("/competitions/{competition_id}/cancel", response=CompetitionOut, summary="取消竞赛（须说明理由）")
def competition_cancel(request: HttpRequest, competition_id: int, payload: CompetitionReasonIn) -> Competition:
    return services.competition_cancel(
        actor=request.user, competition=_competition(request, competition_id), reason=payload.reason
    )


@router.get("/competitions/{competition_id}/stages/", response=list[CompetitionStageOut], summary="竞赛阶段")
@listed()
def competition_stage_list(request: HttpRequest, competition_id: int) -> QuerySet[Stage]:
    return _competition(request, competition_id).stages.all()


@router.get(
    "/competitions/{competition_id}/participants/", response=list[CompetitionParticipantOut], summary="参赛单位"
)
@listed()
def competition_participant_list(request: HttpRequest, competition_id: int) -> QuerySet[Participant]:
    return _competition(request, competition_id).participants.select_related("org")


@router.post(
    "/competitions/{competition_id}/participants", response={201: CompetitionParticipantOut}, summary="登记参赛单位"
)
def competition_participant_add(request: HttpRequest, competition_id: int, payload: CompetitionParticipantIn) -> Status:
    competition = _competition(request, competition_id)
    unit = OrgUnit.objects.filter(pk=payload.org).first()
    if unit is None:
        raise ValidationError(field_errors={"org": ["没有这个单位。"]})
    made = services.competition_participant_add(
        actor=request.user, competition=competition, org=unit, team=payload.team
    )
    return Status(201, made)


@router.get("/competitions/{competition_id}/results/", response=list[CompetitionResultOut], summary="竞赛成绩")
@listed()
def competition_result_list(request: HttpRequest, competition_id: int) -> QuerySet[Result]:
    return _competition(request, competition_id).results.order_by("stage__number", "participant_id", "indicator_id")


@router.post(
    "/competitions/{competition_id}/results", response={201: CompetitionResultOut}, summary="填报成绩（参赛单位）"
)
def competition_result_enter(request: HttpRequest, competition_id: int, payload: CompetitionResultIn) -> Status:
    competition = _competition(request, competition_id)
    try:
        made = services.competition_result_enter(
            actor=request.user,
            competition=competition,
            participant=competition.participants.select_related("org").filter(pk=payload.participant).first(),
            indicator=competition.indicators.filter(pk=payload.indicator).first(),
            stage=competition.stages.filter(pk=payload.period).first(),
            value=payload.value,
        )
    except ValidationError as error:  # the API calls a stage a period
        error.field_errors = {("period" if k == "stage" else k): v for k, v in error.field_errors.items()}
        raise
    return Status(201, made)


@router.post(
    "/competitions/{competition_id}/results/{result_id}/verify",
    response=CompetitionResultOut,
    summary="核定成绩（主办单位；排名随即更新）",
)
def competition_result_verify(request: HttpRequest, competition_id: int, result_id: int) -> Result:
    competition = _competition(request, competition_id)
    return services.competition_result_verify(
        actor=request.user, result=selectors.result_of_or_404(competition, result_id)
    )


@router.post(
    "/competitions/{competition_id}/results/{result_id}/return",
    response=CompetitionResultOut,
    summary="退回成绩（主办单位；须说明理由，参赛单位可重新填报）",
)
def competition_result_return(
    request: HttpRequest, competition_id: int, result_id: int, payload: CompetitionReasonIn
) -> Result:
    competition = _competition(request, competition_id)
    return services.competition_result_return(
        actor=request.user, result=selectors.result_of_or_404(competition, result_id), reason=payload.reason
    )


def _reenter(request: HttpRequest, competition_id: int, result_id: int, payload: CompetitionValueIn) -> Result:
    competition = _competition(request, competition_id)
    done = services.competition_result_reenter(
        actor=request.user, result=selectors.result_of_or_404(competition, result_id), value=payload.value
    )
    return _fresh(done)


@router.put(
    "/competitions/{competition_id}/results/{result_id}",
    response=CompetitionResultOut,
    summary="重新填报退回的（或待核定的）成绩（参赛单位）",
)
def competition_result_reenter(
    request: HttpRequest, competition_id: int, result_id: int, payload: CompetitionValueIn
) -> Result:
    return _reenter(request, competition_id, result_id, payload)


@router.post(
    "/competitions/{competition_id}/results/{result_id}",
    response=CompetitionResultOut,
    summary="重新填报成绩（同 PUT，供只能发 POST 的客户端）",
)
def competition_result_reenter_post(
    request: HttpRequest, competition_id: int, result_id: int, payload: CompetitionValueIn
) -> Result:
    return _reenter(request, competition_id, result_id, payload)


@router.get(
    "/competitions/{competition_id}/ranking", response=list[CompetitionRankingOut], summary="排名（全程或某一阶段）"
)
def competition_ranking(
    request: HttpRequest, competition_id: int, filters: Query[CompetitionRankingQuery]
) -> list[dict[str, Any]]:
    competition = _competition(request, competition_id)
    stage = None
    if filters.period is not None:
        stage = competition.stages.filter(pk=filters.period).first()
        if stage is None:
            raise NotFound()
    return [
        {"participant": s.participant_id, "participant_name": s.participant.label, "score": s.score, "rank": s.rank}
        for s in ranking.table(competition, stage)
    ]
