"""Writes of worker innovation: filing a submission (by its union, or by the worker from /me/), the steps of
its life (workflow.py), recording a patent, downloading the evidence. Each is one business action inside
`audited`: permission through the scope rule, every field error at once, then the write.

Filing finds the most similar earlier submissions of the city (similarity.py) before the new text enters the
index, keeps them with their scores and flags the submission when the best reaches the threshold.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from unionhall.core.actors import Actor, user_of
from unionhall.core.audit import audited
from unionhall.core.errors import ValidationError
from unionhall.core.rows import save_numbered
from unionhall.documents import uploads
from unionhall.innovation import similarity, workflow
from unionhall.innovation.models import (
    BenefitEvidence,
    Channel,
    Kind,
    Patent,
    PatentKind,
    SimilarSubmission,
    Status,
    Submission,
    SubmissionMember,
)
from unionhall.members.lifecycle import open_membership
from unionhall.members.models import OPEN_STATUSES, Membership, Person
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import OrgLevel, OrgUnit
from unionhall.panels.models import Panel
from unionhall.workflow import kernel

MAX_MEMBERS = 30
MAX_EXPECTED_FEN = workflow.MAX_BENEFIT_FEN


def proposal_problems(
    *, kind: str, title: str, content: str, expected_benefit_fen: int | None = None
) -> dict[str, list[str]]:
    """The errors of what a proposal says (a worker's form on /me/ checks these alone)."""
    errors: dict[str, list[str]] = {}
    if kind not in Kind.values:
        errors["kind"] = ["请选择成果类别。"]
    if not title.strip():
        errors["title"] = ["请填写成果名称。"]
    elif len(title.strip()) > 100:
        errors["title"] = ["成果名称不超过 100 字。"]
    text = content.strip()
    if len(text) < 20:
        errors["content"] = ["请写明主要内容（现状、做法和效果），不少于 20 字。"]
    elif len(text) > 5000:
        errors["content"] = ["主要内容不超过 5000 字。"]
    if expected_benefit_fen is not None and not 0 <= expected_benefit_fen <= MAX_EXPECTED_FEN:
        errors["expected_benefit"] = ["预计年创效应为 0—100 亿元。"]
    return errors


def submission_problems(
    *,
    org: OrgUnit | None,
    kind: str,
    title: str,
    content: str,
    members: Sequence[Person],
    lead: Person | None = None,
    expected_benefit_fen: int | None = None,
) -> dict[str, list[str]]:
    """Every field error of a new submission at once, without writing (the form and the API show them
    together). Members must be open members of the union (or of a branch of it)."""
    errors = proposal_problems(kind=kind, title=title, content=content, expected_benefit_fen=expected_benefit_fen)
    if org is None:
        errors["org"] = ["请选择所属基层工会。"]
    elif org.level != OrgLevel.GRASSROOTS:
        errors["org"] = ["创新成果由基层工会申报，请选择基层工会。"]
    if not members:
        errors["members"] = ["请至少选择一名成员（本会会员）。"]
    elif len(members) > MAX_MEMBERS:
        errors["members"] = [f"团队成员不超过 {MAX_MEMBERS} 人。"]
    elif len({p.pk for p in members}) != len(members):
        errors["members"] = ["成员不能重复。"]
    elif org is not None and "org" not in errors:
        inside = set(
            Membership.objects.filter(
                person__in=members, status__in=OPEN_STATUSES, org__path__startswith=org.path
            ).values_list("person_id", flat=True)
        )
        outside = [p.name for p in members if p.pk not in inside]
        if outside:
            errors["members"] = [f"不是本工会在会会员：{'、'.join(outside)}。"]
    if lead is not None and lead.pk not in {p.pk for p in members}:
        errors["lead"] = ["负责人须是成员之一。"]
    return errors


def _file(
    *,
    actor: Actor,
    org: OrgUnit,
    kind: str,
    title: str,
    content: str,
    members: Sequence[Person],
    lead: Person | None,
    expected_benefit_fen: int | None,
    channel: str,
    event: Any,
) -> Submission:
    errors = submission_problems(
        org=org,
        kind=kind,
        title=title,
        content=content,
        members=members,
        lead=lead,
        expected_benefit_fen=expected_benefit_fen,
    )
    if errors:
        raise ValidationError(field_errors=errors)
    lead = lead or members[0]
    submission = Submission(
        org=org,
        kind=kind,
        title=title.strip(),
        content=content.strip(),
        expected_benefit_fen=expected_benefit_fen,
        channel=channel,
        filed_by=user_of(actor),
        # A worker's own proposal waits for the union's recommendation (forward); a union filing for its
        # members recommends it by filing.
        status=Status.SUBMITTED if channel == Channel.PORTAL else Status.FORWARDED,
    )
    save_numbered(submission, "CX", 7)
    SubmissionMember.objects.bulk_create(
        SubmissionMember(submission=submission, person=p, is_lead=p.pk == lead.pk) for p in members
    )
    found = similarity.similar_to(submission.title, submission.content, exclude=submission.pk)
    SimilarSubmission.objects.bulk_create(
        SimilarSubmission(submission=submission, other_id=m.id, score=m.decimal) for m in found
    )
    submission.similarity = found[0].decimal if found else 0
    submission.flagged = similarity.flagged(found)
    submission.save(update_fields=["similarity", "flagged"])
    similarity.index(submission.pk, submission.title, submission.content)
    event.target(submission, org=org)
    event.changes = {
        "no": submission.no,
        "kind": kind,
        "channel": channel,
        "members": len(members),
        "expected_benefit_fen": expected_benefit_fen,
        "similar": {str(m.id): str(m.decimal) for m in found},
        "flagged": submission.flagged,
    }
    return submission


def submission_file(
    *,
    actor: Actor,
    org: OrgUnit | None,
    kind: str,
    title: str,
    content: str,
    members: Sequence[Person],
    lead: Person | None = None,
    expected_benefit_fen: int | None = None,
    channel: str = Channel.UNION,
) -> Submission:
    """A union files a submission for its members (one, or a team with a lead: the first member unless named)."""
    with audited(actor=actor, action="submission.file", org=org) as event:
        if org is not None:
            access.require(actor, Cap.INNOVATION_EDIT, org)
        if org is None:
            raise ValidationError(field_errors={"org": ["请选择所属基层工会。"]})
        return _file(
            actor=actor,
            org=org,
            kind=kind,
            title=title,
            content=content,
            members=members,
            lead=lead,
            expected_benefit_fen=expected_benefit_fen,
            channel=channel,
            event=event,
        )


def submission_file_mine(
    *, actor: Actor, kind: str, title: str, content: str, expected_benefit_fen: int | None = None
) -> Submission:
    """A worker files their own proposal from /me/, at the union of their open membership, as its lead."""
    from unionhall.worker_portal.selectors import my_person_or_404

    with audited(actor=actor, action="submission.file") as event:
        person = my_person_or_404(actor)
        membership = open_membership(person)
        if membership is None:
            raise ValidationError("您目前没有在会的会籍，请先联系所在单位工会。")
        org = membership.org
        while org.level != OrgLevel.GRASSROOTS and org.get_parent() is not None:  # a branch's member
            org = org.get_parent()
        event.org = org
        return _file(
            actor=actor,
            org=org,
            kind=kind,
            title=title,
            content=content,
            members=[person],
            lead=person,
            expected_benefit_fen=expected_benefit_fen,
            channel=Channel.PORTAL,
            event=event,
        )


def submission_forward(*, actor: Actor, submission: Submission, reason: str = "") -> Submission:
    """The worker's union recommends their own proposal upward, to the federations that put it before a panel."""
    result: Submission = kernel.run(workflow.TABLE, "forward", actor=actor, obj=submission, reason=reason)
    return result


def submission_decline(*, actor: Actor, submission: Submission, reason: str) -> Submission:
    """The worker's union does not recommend their proposal (a reason the worker reads on /me/)."""
    result: Submission = kernel.run(workflow.TABLE, "decline", actor=actor, obj=submission, reason=reason)
    return result


def submission_review(*, actor: Actor, submission: Submission, panel: Panel | None) -> Submission:
    """Put the submission before a review panel (of innovation submissions, open, convened above its union)."""
    result: Submission = kernel.run(workflow.TABLE, "review", actor=actor, obj=submission, panel=panel)
    return result


def submission_adopt(*, actor: Actor, submission: Submission, reason: str = "") -> Submission:
    result: Submission = kernel.run(workflow.TABLE, "adopt", actor=actor, obj=submission, reason=reason)
    return result


def submission_reject(*, actor: Actor, submission: Submission, reason: str) -> Submission:
    result: Submission = kernel.run(workflow.TABLE, "reject", actor=actor, obj=submission, reason=reason)
    return result


def submission_implement(*, actor: Actor, submission: Submission, reason: str = "") -> Submission:
    result: Submission = kernel.run(workflow.TABLE, "implement", actor=actor, obj=submission, reason=reason)
    return result


def submission_verify_benefit(
    *, actor: Actor, submission: Submission, benefit_fen: int | None, upload: Any, reason: str = ""
) -> Submission:
    """The benefit a year, verified by the federation above, with its evidence (one upload, checked)."""
    result: Submission = kernel.run(
        workflow.TABLE,
        "verify_benefit",
        actor=actor,
        obj=submission,
        reason=reason,
        benefit_fen=benefit_fen,
        upload=upload,
    )
    return result


def submission_reward(*, actor: Actor, submission: Submission) -> Submission:
    """Marked rewarded by the rewards module once its payment is made (issue 17 §4; not built yet)."""
    result: Submission = kernel.run(workflow.TABLE, "reward", actor=actor, obj=submission)
    return result


def submission_evidence_download(*, actor: Actor, file: BenefitEvidence) -> Any:
    with audited(actor=actor, action="submission.evidence_download", org=file.submission.org, obj=file) as event:
        access.require(actor, Cap.INNOVATION_VIEW, file.submission.org, obj=file.submission)
        handle = uploads.open_stored(file)
        event.changes = {"submission": file.submission.no, "name": file.name}
    return handle


def patent_problems(
    *,
    org: OrgUnit | None,
    kind: str,
    number: str,
    title: str,
    filed_on: date | None,
    granted_on: date | None,
    holders: str,
    submission: Submission | None,
    person: Person | None,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if org is None:
        errors["org"] = ["请选择所属工会。"]
    if kind not in PatentKind.values:
        errors["kind"] = ["请选择专利类型。"]
    clean = number.strip().upper().replace(" ", "")
    if not 8 <= len(clean) <= 30:
        errors["number"] = ["请填写专利号（如 ZL202310123456.7）。"]
    elif Patent.objects.filter(number=clean).exists():
        errors["number"] = ["该专利号已登记。"]
    if not title.strip() or len(title.strip()) > 100:
        errors["title"] = ["请填写专利名称（不超过 100 字）。"]
    if filed_on is None:
        errors["filed_on"] = ["请填写申请日。"]
    if filed_on and granted_on and granted_on < filed_on:
        errors["granted_on"] = ["授权日不能早于申请日。"]
    if not holders.strip() or len(holders.strip()) > 200:
        errors["holders"] = ["请填写专利权人（不超过 200 字）。"]
    if submission is None and person is None:
        errors["submission"] = ["请关联创新成果或发明人（至少一项）。"]
    if submission is not None and org is not None and submission.org_id != org.pk:
        errors["submission"] = ["关联的创新成果不属于该工会。"]
    if (
        person is not None
        and org is not None
        and not Membership.objects.filter(person=person, org__path__startswith=org.path).exists()
    ):
        errors["person"] = ["发明人不是该工会会员。"]
    return errors


def patent_record(
    *,
    actor: Actor,
    org: OrgUnit | None,
    kind: str,
    number: str,
    title: str,
    filed_on: date | None,
    holders: str,
    granted_on: date | None = None,
    submission: Submission | None = None,
    person: Person | None = None,
) -> Patent:
    """Record a patent against a submission of the union or one of its members (or both)."""
    with audited(actor=actor, action="patent.record", org=org) as event:
        if org is not None:
            access.require(actor, Cap.INNOVATION_EDIT, org)
        errors = patent_problems(
            org=org,
            kind=kind,
            number=number,
            title=title,
            filed_on=filed_on,
            granted_on=granted_on,
            holders=holders,
            submission=submission,
            person=person,
        )
        if errors:
            raise ValidationError(field_errors=errors)
        assert org is not None and filed_on is not None
        patent = Patent.objects.create(
            org=org,
            kind=kind,
            number=number.strip().upper().replace(" ", ""),
            title=title.strip(),
            filed_on=filed_on,
            granted_on=granted_on,
            holders=holders.strip(),
            submission=submission,
            person=person,
            recorded_by=user_of(actor),
        )
        event.target(patent)
        event.changes = {"number": patent.number, "kind": kind, "submission": getattr(submission, "no", None)}
    return patent
