"""Writes of innovation studios (劳模和工匠人才创新工作室, issue 17 §5): registering and editing a studio with its
members, linking the submissions and patents it produced, the yearly review by the federation above with its
evidence, the evidence's download, and the studio's life (studio_workflow.py: revoke, restore). Each is one
business action inside `audited`: permission through the scope rule, every field error at once, then the
write.

Who: a studio is registered and kept (members, results) by who holds `innovation.edit` over its union; it is
reviewed, revoked and restored by the federation above its union (`studio_workflow.require_above`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from unionhall.core.actors import Actor, user_of
from unionhall.core.audit import audited
from unionhall.core.errors import Conflict, ValidationError
from unionhall.documents import uploads
from unionhall.innovation import studio_workflow
from unionhall.innovation.models import (
    Patent,
    Studio,
    StudioLevel,
    StudioMember,
    StudioPatent,
    StudioRating,
    StudioReview,
    StudioReviewEvidence,
    StudioStatus,
    StudioSubmission,
    Submission,
    SubmissionMember,
)
from unionhall.members.models import OPEN_STATUSES, Membership, Person
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import OrgUnit
from unionhall.workflow import kernel

MAX_MEMBERS = 60
MAX_LINKS = 50
FIRST_YEAR = 2000


def studio_problems(
    *,
    org: OrgUnit | None,
    name: str,
    level: str,
    lead: Person | None,
    lead_title: str,
    founded_on: date | None,
    members: Sequence[Person],
    studio: Studio | None = None,
) -> dict[str, list[str]]:
    """Every field error of a studio at once, without writing (the form shows them together). The lead and
    the members must be open members of the union or of a unit under it; the lead is always a member."""
    errors: dict[str, list[str]] = {}
    if org is None:
        errors["org"] = ["请选择工作室所属工会。"]
    text = name.strip()
    if not text:
        errors["name"] = ["请填写工作室名称。"]
    elif len(text) > 100:
        errors["name"] = ["工作室名称不超过 100 字。"]
    elif org is not None and _named(org, text).exclude(pk=studio.pk if studio else None).exists():
        errors["name"] = ["本工会已有同名的创新工作室。"]
    if level not in StudioLevel.values:
        errors["level"] = ["请选择工作室级别（市级、省级或全国）。"]
    if len(lead_title.strip()) > 100:
        errors["lead_title"] = ["领办人荣誉不超过 100 字。"]
    if founded_on is None:
        errors["founded_on"] = ["请填写命名日期。"]
    elif founded_on > timezone.localdate():
        errors["founded_on"] = ["命名日期不能晚于今天。"]
    elif founded_on.year < FIRST_YEAR:
        errors["founded_on"] = [f"命名日期不能早于 {FIRST_YEAR} 年。"]
    people = _with_lead(lead, members)
    if lead is None:
        errors["lead"] = ["请填写领办人（本工会在会会员）。"]
    if len({p.pk for p in members}) != len(members):
        errors["members"] = ["成员不能重复。"]
    elif len(people) > MAX_MEMBERS:
        errors["members"] = [f"工作室成员不超过 {MAX_MEMBERS} 人。"]
    elif org is not None and people:
        inside = set(
            Membership.objects.filter(
                person__in=people, status__in=OPEN_STATUSES, org__path__startswith=org.path
            ).values_list("person_id", flat=True)
        )
        if lead is not None and lead.pk not in inside:
            errors["lead"] = [f"领办人 {lead.name} 不是本工会（含下级）在会会员。"]
        outside = [p.name for p in members if p.pk not in inside and p.pk != getattr(lead, "pk", None)]
        if outside:
            errors["members"] = [f"不是本工会（含下级）在会会员：{'、'.join(outside)}。"]
    return errors


def _named(org: OrgUnit, name: str) -> Any:
    return Studio.objects.filter(org=org, name=name)


def _with_lead(lead: Person | None, members: Sequence[Person]) -> list[Person]:
    people = list(members)
    if lead is not None and lead.pk not in {p.pk for p in people}:
        people.insert(0, lead)
    return people


def studio_create(
    *,
    actor: Actor,
    org: OrgUnit | None,
    name: str,
    level: str,
    lead: Person | None,
    founded_on: date | None,
    members: Sequence[Person] = (),
    lead_title: str = "",
) -> Studio:
    """Register a studio at a union, with its lead (a member always) and members."""
    with audited(actor=actor, action="studio.create", org=org) as event:
        if org is not None:
            access.require(actor, Cap.INNOVATION_EDIT, org)
        errors = studio_problems(
            org=org, name=name, level=level, lead=lead, lead_title=lead_title, founded_on=founded_on, members=members
        )
        if errors:
            raise ValidationError(field_errors=errors)
        assert org is not None and lead is not None and founded_on is not None
        studio = Studio.objects.create(
            org=org,
            name=name.strip(),
            level=level,
            lead=lead,
            lead_title=lead_title.strip(),
            founded_on=founded_on,
            created_by=user_of(actor),
        )
        people = _with_lead(lead, members)
        StudioMember.objects.bulk_create(StudioMember(studio=studio, person=p) for p in people)
        event.target(studio, org=org)
        event.changes = {
            "name": studio.masked_name(),
            "level": level,
            "founded_on": str(founded_on),
            "members": len(people),
        }
    return studio


def _editable(studio: Studio) -> None:
    if studio.status != StudioStatus.ACTIVE:
        raise Conflict("该工作室已撤销命名，恢复命名后才能修改。")


def studio_update(
    *,
    actor: Actor,
    studio: Studio,
    name: str,
    level: str,
    lead: Person | None,
    founded_on: date | None,
    members: Sequence[Person],
    lead_title: str = "",
) -> Studio:
    """Change a studio's particulars and its members (the list given is the new list; the lead stays a member)."""
    with audited(actor=actor, action="studio.update", org=studio.org, obj=studio) as event:
        access.require(actor, Cap.INNOVATION_EDIT, studio.org, obj=studio)
        studio = Studio.objects.select_for_update(of=("self",)).select_related("org").get(pk=studio.pk)
        _editable(studio)
        errors = studio_problems(
            org=studio.org,
            name=name,
            level=level,
            lead=lead,
            lead_title=lead_title,
            founded_on=founded_on,
            members=members,
            studio=studio,
        )
        if errors:
            raise ValidationError(field_errors=errors)
        assert lead is not None and founded_on is not None
        new = {
            "name": name.strip(),
            "level": level,
            "lead_id": lead.pk,
            "lead_title": lead_title.strip(),
            "founded_on": founded_on,
        }
        changes: dict[str, Any] = {}
        before = studio.masked_name()
        for field, value in new.items():
            old = getattr(studio, field)
            if old != value:
                changes[field] = [str(old), str(value)]
                setattr(studio, field, value)
        if "name" in changes:  # a studio's name holds its lead's: masked in the trail
            changes["name"] = [before, studio.masked_name()]
        if changes:
            studio.save(update_fields=[f for f in new if f in changes])
        wanted = {p.pk for p in _with_lead(lead, members)}
        current = set(studio.members.values_list("person_id", flat=True))
        added, removed = wanted - current, current - wanted
        if removed:
            studio.members.filter(person_id__in=removed).delete()
        StudioMember.objects.bulk_create(StudioMember(studio=studio, person_id=pk) for pk in sorted(added))
        if added or removed:
            changes["members"] = {"added": len(added), "removed": len(removed), "now": len(wanted)}
        event.target(studio)
        event.changes = changes
    return studio


def _submission_problem(studio: Studio, submission: Submission, members: set[int]) -> str | None:
    if not submission.org.path.startswith(studio.org.path):
        return f"{submission.no} 不属于本工作室所属工会（含下级）。"
    team = set(SubmissionMember.objects.filter(submission=submission).values_list("person_id", flat=True))
    if not team & members:
        return f"{submission.no} 的成员中没有本工作室成员。"
    return None


def _patent_problem(studio: Studio, patent: Patent, members: set[int]) -> str | None:
    if not patent.org.path.startswith(studio.org.path):
        return f"{patent.number} 不属于本工作室所属工会（含下级）。"
    holders = {patent.person_id} if patent.person_id else set()
    if patent.submission_id:
        holders |= set(
            SubmissionMember.objects.filter(submission_id=patent.submission_id).values_list("person_id", flat=True)
        )
    if not holders & members:
        return f"{patent.number} 的发明人或关联成果成员中没有本工作室成员。"
    return None


def studio_results_link(
    *, actor: Actor, studio: Studio, submissions: Sequence[Submission] = (), patents: Sequence[Patent] = ()
) -> Studio:
    """Link submissions and patents the studio produced: each of its union's subtree, with one of the studio's
    members among its team (a patent: its inventor, or a member of its submission). Every refusal at once."""
    with audited(actor=actor, action="studio.results_link", org=studio.org, obj=studio) as event:
        access.require(actor, Cap.INNOVATION_EDIT, studio.org, obj=studio)
        _editable(studio)
        if not submissions and not patents:
            raise ValidationError(field_errors={"submissions": ["请填写要关联的创新成果编号或专利号。"]})
        if len(submissions) + len(patents) > MAX_LINKS:
            raise ValidationError(field_errors={"submissions": [f"一次最多关联 {MAX_LINKS} 项。"]})
        members = set(studio.members.values_list("person_id", flat=True))
        linked_s = set(studio.submission_links.values_list("submission_id", flat=True))
        linked_p = set(studio.patent_links.values_list("patent_id", flat=True))
        errors: dict[str, list[str]] = {}
        for s in submissions:
            problem = f"{s.no} 已关联本工作室。" if s.pk in linked_s else _submission_problem(studio, s, members)
            if problem:
                errors.setdefault("submissions", []).append(problem)
        for p in patents:
            problem = f"{p.number} 已关联本工作室。" if p.pk in linked_p else _patent_problem(studio, p, members)
            if problem:
                errors.setdefault("patents", []).append(problem)
        if errors:
            raise ValidationError(field_errors=errors)
        user = user_of(actor)
        StudioSubmission.objects.bulk_create(
            StudioSubmission(studio=studio, submission=s, linked_by=user) for s in submissions
        )
        StudioPatent.objects.bulk_create(StudioPatent(studio=studio, patent=p, linked_by=user) for p in patents)
        event.target(studio)
        event.changes = {"submissions": [s.no for s in submissions], "patents": [p.number for p in patents]}
    return studio


def studio_result_unlink(
    *, actor: Actor, studio: Studio, submission: Submission | None = None, patent: Patent | None = None
) -> Studio:
    """Take a linked submission or patent off the studio (linked by mistake)."""
    with audited(actor=actor, action="studio.result_unlink", org=studio.org, obj=studio) as event:
        access.require(actor, Cap.INNOVATION_EDIT, studio.org, obj=studio)
        _editable(studio)
        if submission is not None:
            gone, _ = StudioSubmission.objects.filter(studio=studio, submission=submission).delete()
            what = submission.no
        elif patent is not None:
            gone, _ = StudioPatent.objects.filter(studio=studio, patent=patent).delete()
            what = patent.number
        else:
            gone, what = 0, ""
        if not gone:
            raise Conflict("该成果未关联本工作室。")
        event.target(studio)
        event.changes = {"unlinked": what}
    return studio


def review_problems(
    *, studio: Studio, year: int | None, rating: str, comment: str, upload: Any
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    this_year = timezone.localdate().year
    if year is None:
        errors["year"] = ["请填写考评年度。"]
    elif year > this_year:
        errors["year"] = ["不能考评尚未到来的年度。"]
    elif year < studio.founded_on.year:
        errors["year"] = [f"工作室 {studio.founded_on.year} 年命名，不能考评此前的年度。"]
    else:
        done = StudioReview.objects.filter(studio=studio, year=year).first()
        if done is not None:
            errors["year"] = [f"该工作室 {year} 年度已考评（{done.get_rating_display()}），每年只考评一次。"]
    if rating not in StudioRating.values:
        errors["rating"] = ["请选择考评结果（优秀、合格或不合格）。"]
    text = comment.strip()
    if not text:
        errors["comment"] = ["请填写考评意见。"]
    elif len(text) > 2000:
        errors["comment"] = ["考评意见不超过 2000 字。"]
    if upload is None:
        errors["upload"] = ["请上传考评材料（考评表、工作总结等）。"]
    else:
        try:
            uploads.check(upload)
        except ValidationError as e:
            errors["upload"] = e.field_errors.get("upload") or [e.message]
    return errors


def two_failed_years_in_a_row(years_failed: set[int]) -> bool:
    return any(y - 1 in years_failed for y in years_failed)


def studio_review_record(
    *, actor: Actor, studio: Studio, year: int | None, rating: str, comment: str, upload: Any
) -> StudioReview:
    """The federation above records the studio's review of a year, once (a constraint holds it under a race),
    with its evidence; two 不合格 years in a row flag the studio."""
    with audited(actor=actor, action="studio.review", org=studio.org, obj=studio) as event:
        above = studio_workflow.require_above(actor, studio)
        studio = Studio.objects.select_for_update(of=("self",)).select_related("org").get(pk=studio.pk)
        if studio.status != StudioStatus.ACTIVE:
            raise Conflict("该工作室已撤销命名，不再考评。")
        errors = review_problems(studio=studio, year=year, rating=rating, comment=comment, upload=upload)
        if errors:
            raise ValidationError(field_errors=errors)
        assert year is not None
        try:
            with transaction.atomic():
                review = StudioReview.objects.create(
                    studio=studio,
                    year=year,
                    rating=rating,
                    comment=comment.strip(),
                    reviewer_org=above,
                    recorded_by=user_of(actor),
                )
        except IntegrityError:
            raise ValidationError(field_errors={"year": [f"该工作室 {year} 年度已考评，每年只考评一次。"]}) from None
        evidence = StudioReviewEvidence(review=review)
        uploads.store(evidence, upload, uploaded_by=actor)
        failed = set(studio.reviews.filter(rating=StudioRating.FAIL).values_list("year", flat=True))
        flagged = two_failed_years_in_a_row(failed)
        if flagged != studio.flagged:
            studio.flagged = flagged
            studio.save(update_fields=["flagged"])
        event.target(studio)
        event.changes = {"year": year, "rating": rating, "evidence": evidence.pk, "flagged": flagged}
    return review


def studio_review_evidence_download(*, actor: Actor, file: StudioReviewEvidence) -> Any:
    studio = file.review.studio
    with audited(actor=actor, action="studio.review_evidence_download", org=studio.org, obj=file) as event:
        access.require(actor, Cap.INNOVATION_VIEW, studio.org, obj=studio)
        handle = uploads.open_stored(file)
        event.changes = {"studio": studio.masked_name(), "year": file.review.year, "name": file.name}
    return handle


def studio_revoke(*, actor: Actor, studio: Studio, reason: str) -> Studio:
    result: Studio = kernel.run(studio_workflow.TABLE, "revoke", actor=actor, obj=studio, reason=reason)
    return result


def studio_restore(*, actor: Actor, studio: Studio, reason: str) -> Studio:
    result: Studio = kernel.run(studio_workflow.TABLE, "restore", actor=actor, obj=studio, reason=reason)
    return result
