"""Writes of online joining: a worker submits or withdraws an application; a union approves or rejects it.

An application's life is a table of the workflow kernel (workflow.py), whose runner takes each step.
Approval opens the membership through the members module's own services — member_join, or
member_transfer for a person who is a member elsewhere — inside the approval's transaction. Services
nested in a service write no audit event of their own (core/audit.py), so one approval is one
`join_application.approve` event, whose changes name the membership and member number it produced.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from unionhall.core import request_context
from unionhall.core.actors import Actor
from unionhall.core.audit import audited
from unionhall.core.errors import Conflict, DomainError, NotFound, ValidationError
from unionhall.core.normalize import clean_text, normalize_phone
from unionhall.joining import selectors, workflow
from unionhall.joining.models import ApplicationKind, ApplicationStatus, JoinApplication
from unionhall.joining.workflow import PORTAL as PORTAL  # the public pages' actor, declared with the life
from unionhall.members.lifecycle import open_membership
from unionhall.members.models import Person, TransferRequest
from unionhall.members.services import CleanPerson, PersonData, clean_person
from unionhall.orgs.access import Cap
from unionhall.orgs.models import Employer, OrgUnit
from unionhall.workflow import kernel

S = ApplicationStatus

# Applications per 24 hours: per ID number, per phone number, per client address. The address limit is
# generous on purpose: a whole workshop joins from the factory's Wi-Fi after a union meeting.
DEFAULT_LIMITS = {"id_number": 3, "phone": 3, "address": 60}
MOBILE = re.compile(r"^1[3-9]\d{9}$")
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud over the phone


class RateLimited(
    DomainError, code="rate_limited", status=429, message="今天提交的申请过多，请明天再试；如有疑问请联系当地工会。"
):
    """Too many applications today for this ID number, phone or address."""


@dataclass
class ApplicationData:
    """What the worker typed on the join page."""

    name: str
    id_number: str
    phone: str
    employer_text: str
    employer: Employer | None = None  # picked from the search, or matched exactly by the view
    area: OrgUnit | None = None  # the district they work in, when the employer is not in the register


def limits() -> dict[str, int]:
    return DEFAULT_LIMITS | getattr(settings, "PORTAL_JOIN_LIMITS", {})


def _notify_staff(app: JoinApplication) -> None:
    """The union the application was routed to hears of it at once; the worker is waiting for an answer.
    No name or ID in the message: the list behind the link shows them to those who may see them."""
    from django.urls import reverse

    from unionhall.notifications.recipients import nearest_staff
    from unionhall.notifications.services import notify

    notify(
        nearest_staff(app.org, Cap.MEMBER_EDIT),
        kind="portal.join_application",
        title=f"新的网上{app.get_kind_display()}申请待审核",
        body=f"{app.org.name}收到一份职工网上申请，请及时审核。",
        url=reverse("joining:application", kwargs={"pk": app.pk}),
    )


def _actor_name(actor: Actor) -> str:
    return str(getattr(actor, "username", actor))[:150]


def _check_limits(*, digest: str, phone: str, address: str) -> None:
    since = timezone.now() - timedelta(hours=24)
    recent = JoinApplication.objects.filter(created_at__gte=since)
    caps = limits()
    if recent.filter(id_number_hash=digest).count() >= caps["id_number"]:
        raise RateLimited()
    if recent.filter(phone=phone).count() >= caps["phone"]:
        raise RateLimited()
    if address and recent.filter(client_address=address).count() >= caps["address"]:
        raise RateLimited("此网络今天提交的申请过多，请明天再试，或到工会现场办理。")


def _new_code() -> str:
    for _ in range(20):
        code = "RJ-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(5))
        if not JoinApplication.objects.filter(code=code).exists():
            return code
    raise Conflict("系统繁忙，请稍后再试。")  # 32^5 codes: only a nearly full space gets here


def application_problems(data: ApplicationData) -> tuple[dict[str, list[str]], CleanPerson | None]:
    """Every fault of a join application at once, writing nothing, and the person cleaned when the name,
    ID number and phone are right. The join page shows these beside its form's own errors."""
    errors: dict[str, list[str]] = {}
    clean = None
    try:
        clean = clean_person(PersonData(name=data.name, id_number=data.id_number, phone=data.phone))
    except ValidationError as e:
        errors.update(e.field_errors)
    if "phone" in errors:
        errors["phone"] = ["请填写 11 位手机号码。"]
    else:
        # A wrong name or ID number leaves no clean person; the phone itself passed the roster's rule.
        phone = clean.values["phone"] if clean is not None else normalize_phone(data.phone)
        if not phone:
            errors["phone"] = ["请填写手机号码，工会将通过它联系您。"]
        elif not MOBILE.match(phone):
            errors["phone"] = ["请填写 11 位手机号码。"]
    employer = data.employer
    employer_text = employer.name if employer is not None else clean_text(data.employer_text)
    if not employer_text:
        errors["employer_text"] = ["请填写工作单位，或输入名称后从列表中选择。"]
    elif len(employer_text) > 200:
        errors["employer_text"] = ["单位名称过长。"]
    if employer is None and data.area is None and "employer_text" not in errors:
        if selectors.employer_search(employer_text):
            errors["employer_text"] = ["请从输入框下方的列表中选择您的单位；列表中没有时，请选择工作所在区县。"]
        else:
            errors["area"] = ["单位名录中没有找到该单位，请选择工作所在区县，由区县总工会为您安排。"]
    return errors, clean


def join_application_submit(*, actor: Actor, data: ApplicationData) -> JoinApplication:
    """A worker applies to join. The system proposes the union; a member elsewhere makes it a transfer."""
    with audited(actor=actor, action="join_application.submit") as event:
        errors, clean = application_problems(data)
        if errors:
            raise ValidationError(field_errors=errors)
        employer = data.employer
        employer_text = employer.name if employer is not None else clean_text(data.employer_text)
        assert clean is not None
        phone = clean.values["phone"]
        address = request_context.client_address.get()
        _check_limits(digest=clean.digest, phone=phone, address=address)
        if JoinApplication.objects.filter(id_number_hash=clean.digest, status=S.SUBMITTED).exists():
            raise Conflict("该身份证号已有待审核的入会申请，请用提交后得到的参考编号查询进度。")
        proposal = selectors.union_proposal(employer, area=data.area)
        if proposal is None:
            raise Conflict("系统尚未建立工会组织，暂不能受理。")

        kind, current = ApplicationKind.JOIN, None
        person = Person.objects.filter(id_number_hash=clean.digest).first()
        if person is not None:
            current = open_membership(person)
        if current is not None:
            if proposal.union is not None and current.org_id == proposal.union.pk:
                # Name the union only to someone who also typed the member's own name.
                whose = f"「{current.org.name}」" if person and person.name == clean.values["name"] else "该工会"
                raise Conflict(f"您已是{whose}的会员，无需再申请入会。")
            kind = ApplicationKind.TRANSFER

        app = JoinApplication(
            code=_new_code(),
            kind=kind,
            name=clean.values["name"],
            phone=phone,
            employer=employer,
            employer_text=employer_text,
            proposed_union=proposal.union,
            org=proposal.org,
            from_membership=current,
            client_address=address[:64],
        )
        app.set_id_number(clean.resident_id.number)
        try:
            with transaction.atomic():
                app.save()
        except IntegrityError:
            # Two submissions of one person at once: the partial unique constraint lets one through.
            raise Conflict("该身份证号已有待审核的入会申请，请用提交后得到的参考编号查询进度。") from None
        _notify_staff(app)
        event.target(app, org=proposal.org)
        event.changes = {
            "kind": kind,
            "employer": employer.uscc if employer is not None else None,
            "proposed_union": proposal.union.code if proposal.union is not None else None,
            "org": proposal.org.code,
            "from_org": current.org.code if current is not None else None,
            "warnings": list(clean.resident_id.warnings),
        }
    return app


def join_application_approve(
    *, actor: Actor, application: JoinApplication, union: OrgUnit | None = None
) -> JoinApplication:
    """批准: open the membership in `union` (default: the proposed one) — a join, or a transfer when the
    person is, by now, a member elsewhere. The approver may pick any union in their member.edit reach."""
    return kernel.run(workflow.TABLE, "approve", actor=actor, obj=application, union=union)


def transfer_decided(request: TransferRequest) -> None:
    """A transfer request made by approving an application was decided: the application ends with it
    (registered in joining/hooks.py, called inside the deciding service's transaction)."""
    if request.source != TransferRequest.Source.PORTAL:
        return
    app = JoinApplication.objects.select_for_update().filter(code=request.source_ref, status=S.WAITING).first()
    if app is None:
        return
    done = request.membership_id is not None
    app.status = S.APPROVED if done else S.REJECTED
    app.membership_id = request.membership_id
    if not done:
        app.reason = f"原工会未同意接转（{request.get_status_display()}）。{request.reason}".strip()[:200]
    app.decided_at = timezone.now()
    app.decided_by = request.decided_by
    app.decided_by_name = request.decided_by_name
    app.save(update_fields=["status", "membership", "reason", "decided_at", "decided_by", "decided_by_name"])


def join_application_reject(*, actor: Actor, application: JoinApplication, reason: str) -> JoinApplication:
    """不予批准, always with a reason the worker will read on the status page."""
    return kernel.run(workflow.TABLE, "reject", actor=actor, obj=application, reason=reason)


def join_application_withdraw(*, actor: Actor, code: str, id_last4: str) -> JoinApplication:
    """The worker takes back a pending application, proving it is theirs by its code and the ID's last four."""
    with audited(actor=actor, action="join_application.withdraw") as event:
        found = selectors.application_for_worker(code, id_last4)
        if found is None:
            raise NotFound("参考编号或身份证号后四位不正确。")
        event.target(found, org=found.org)
        return kernel.run(workflow.TABLE, "withdraw", actor=actor, obj=found, event=event)
