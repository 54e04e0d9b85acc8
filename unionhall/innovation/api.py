"""/api/v1/innovation/submissions/: the submissions in reach, filing one for members of a union (answered with
the similar earlier submissions found and their scores), and one submission. Scoped like the pages: a
submission of another district answers 404, exactly like a missing one.

No `from __future__ import annotations` here: django-ninja reads the annotations at import time.
"""

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from unionhall.api.fields import MAX_ID
from unionhall.api.routes import listed
from unionhall.core.errors import NotFound, ValidationError
from unionhall.innovation import selectors, services
from unionhall.innovation.models import Channel, Submission
from unionhall.members.models import Person
from unionhall.orgs.access import Cap
from unionhall.orgs.models import OrgUnit

router = Router(tags=["职工创新"])


class SimilarOut(Schema):
    id: int = Field(description="相似的已申报成果的 id")
    score: Decimal = Field(description="相似度，0—1")


class SubmissionOut(Schema):
    id: int
    no: str
    org: int = Field(description="所属基层工会的 id", validation_alias="org_id")
    kind: str = Field(description="类别代码，见申报接口")
    title: str
    content: str
    status: str = Field(
        description="submitted 已申报 · forwarded 已推荐 · under_review 评审中 · adopted 已采纳 · not_adopted 未采纳 · implemented 已实施"
        " · benefit_verified 创效已核定 · rewarded 已奖励"
    )
    members: list[int] = Field(description="成员（人员）的 id，负责人在前")
    flagged: bool = Field(description="疑似重复：与已申报成果的相似度达到阈值")
    similar: list[SimilarOut]
    filed_at: datetime

    @staticmethod
    def resolve_members(obj: Submission) -> list[int]:
        return [m.person_id for m in obj.members.all()]

    @staticmethod
    def resolve_similar(obj: Submission) -> list[dict[str, Any]]:
        return [{"id": s.other_id, "score": s.score} for s in obj.similar.all()]


class SubmissionIn(Schema):
    org: int = Field(ge=1, le=MAX_ID, description="所属基层工会的 id")
    kind: str = Field(
        description="rationalization 合理化建议 · breakthrough 技术攻关 · innovation 技术革新 · new_product 新产品开发"
        " · operating_method 先进操作法 · small_invention 小发明 · small_creation 小创造 · small_innovation 小革新"
        " · small_design 小设计 · small_suggestion 小建议"
    )
    title: str = Field(max_length=100)
    content: str = Field(max_length=5000)
    members: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(
        description="成员（人员）的 id，第一位为负责人；须为该工会在会会员", min_length=1, max_length=30
    )


class FiledOut(Schema):
    id: int
    similar: list[SimilarOut] = Field(description="最相似的已申报成果，相似度从高到低")


def _rows(qs: QuerySet[Submission]) -> QuerySet[Submission]:
    return qs.select_related("org").prefetch_related("members", "similar")


@router.get("/innovation/submissions/", response=list[SubmissionOut], summary="创新成果列表（权限范围内）")
@listed(Cap.INNOVATION_VIEW)
def submission_list(request: HttpRequest) -> QuerySet[Submission]:
    return _rows(selectors.submissions_for(request.user)).order_by("-id")


@router.post("/innovation/submissions/", response={201: FiledOut}, summary="申报创新成果（返回相似的已申报成果）")
def submission_create(request: HttpRequest, payload: SubmissionIn) -> Status:
    unit = OrgUnit.objects.filter(pk=payload.org).first()
    if unit is None:
        raise NotFound()
    people = {p.pk: p for p in Person.objects.filter(pk__in=payload.members)}
    missing = [pk for pk in payload.members if pk not in people]
    if missing:
        raise ValidationError(field_errors={"members": [f"没有这些人员：{'、'.join(map(str, missing))}。"]})
    submission = services.submission_file(
        actor=request.user,
        org=unit,
        kind=payload.kind,
        title=payload.title,
        content=payload.content,
        members=[people[pk] for pk in payload.members],
        channel=Channel.API,
    )
    return Status(
        201, {"id": submission.pk, "similar": [{"id": s.other_id, "score": s.score} for s in submission.similar.all()]}
    )


@router.get("/innovation/submissions/{submission_id}", response=SubmissionOut, summary="创新成果")
def submission_detail(request: HttpRequest, submission_id: int) -> Submission:
    found: Submission = _rows(selectors.submissions_for(request.user)).filter(pk=submission_id).first()  # type: ignore[assignment]
    if found is None:
        raise NotFound()
    return found
