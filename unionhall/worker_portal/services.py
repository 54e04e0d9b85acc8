"""Writes of the worker's side: logging in with a one-time code sent to their phone, applying for help,
asking for rights protection, and reading a card's verification code. Each is one audited business action.

Login (PRODUCT.md §3.14). A code is 6 digits from `secrets`, valid CODE_TTL, kept as a keyed hash, sent
through the SMS backend (notifications/sms.py). Requests are limited per phone at one client address (one a
minute, CODES_PER_PHONE_PER_HOUR an hour), per phone from anywhere (CODES_PER_PHONE_ANYWHERE_PER_HOUR) and
per address; a request cancels only the earlier codes asked for from the same address, so a stranger asking
for codes elsewhere neither uses up a worker's codes nor cancels the one on its way to them.
Checking a code first claims an attempt (core/attempts.py), so parallel guesses cannot pass the limits:
five wrong codes within 15 minutes lock the phone at the address they came from for 15 minutes (a good
code resets the count); the phone alone locks only after PHONE_FAILURE_LIMIT wrong codes an hour from
anywhere, so nobody can lock a worker out from another address with five guesses; and one address may send
CODE_FAILURES_PER_ADDRESS_PER_HOUR wrong codes an hour across all phones. The same policy as passwords.

Who may log in this way: only a user whose sole role is Role.WORKER — a staff account never logs in with
a weaker factor than its password — or, on first login, the Person of the member register whose phone
this is and who holds an open membership: their worker account is made then, with a worker grant at their
union and a WorkerProfile tying it to the Person. A phone shared by two such persons or accounts logs in
nobody (the union corrects the register). Whether a number is known is never told: the answer to a
request is the same, and the code is sent only to a worker's phone.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from unionhall.accounts.models import User
from unionhall.assistance import services as assistance_services
from unionhall.assistance.models import EvidenceKind, FileSource, HardshipFile
from unionhall.cards import services as card_services
from unionhall.cards.models import AssistanceCard, CardStatus
from unionhall.core import attempts, pii, request_context
from unionhall.core.actors import Actor, SystemActor
from unionhall.core.attempts import Rule
from unionhall.core.audit import audited
from unionhall.core.errors import Conflict, DomainError, NotFound, ValidationError
from unionhall.core.money import parse_yuan
from unionhall.core.normalize import clean_text, compact
from unionhall.documents import uploads
from unionhall.members import transfers
from unionhall.members.lifecycle import open_membership
from unionhall.members.models import OPEN_STATUSES, Membership, Person, TransferRequest
from unionhall.notifications import sms
from unionhall.orgs import access
from unionhall.orgs.access import Cap, roles_of
from unionhall.orgs.models import Grant, Role
from unionhall.orgs.selectors import city_root
from unionhall.rights import services as rights_services
from unionhall.rights.models import Case, CaseSource
from unionhall.worker_portal import selectors
from unionhall.worker_portal.models import LinkedBy, LoginCode, WorkerProfile

# The actor of the login page: nobody is logged in yet. The client address goes into the event.
WORKER_LOGIN = SystemActor("职工登录")

CODE_LENGTH = 6
CODE_TTL = timedelta(minutes=5)
RESEND_AFTER = timedelta(seconds=60)
CODES_PER_PHONE_PER_HOUR = 5  # at one address
CODES_PER_PHONE_ANYWHERE_PER_HOUR = 20
CODES_PER_ADDRESS_PER_HOUR = 30
PHONE_FAILURE_LIMIT = 50
CODE_FAILURES_PER_ADDRESS_PER_HOUR = 30
PHONE_AT_ADDRESS, PHONE_ANYWHERE = attempts.secret_rules("login_code.phone", anywhere=PHONE_FAILURE_LIMIT)
ADDRESS = Rule(
    "login_code.address",
    CODE_FAILURES_PER_ADDRESS_PER_HOUR,
    timedelta(hours=1),
    timedelta(hours=1),
    reset_on_success=False,
)
MOBILE = re.compile(r"^1[3-9]\d{9}$")


class RateLimited(DomainError, code="rate_limited", status=429, message="获取验证码过于频繁，请稍后再试。"):
    """Codes asked for too often, for this phone or from this address."""


class PhoneLocked(
    DomainError,
    code="locked",
    status=429,
    message="验证码连续输错 5 次，该手机号在当前网络已锁定 15 分钟，请稍后再试。",
):
    """Too many wrong codes for this phone from this address."""


REFUSALS = {
    PHONE_AT_ADDRESS.name: PhoneLocked.message,
    PHONE_ANYWHERE.name: "该手机号验证码错误次数过多，已锁定 1 小时，请稍后再试或联系所在工会。",
    ADDRESS.name: "此网络验证码错误次数过多，请一小时后再试。",
}


class WrongCode(ValidationError):
    """A wrong, expired or used code; counted towards the lock after the audited block rolls back."""


def clean_phone(raw: str) -> str:
    phone = compact(raw or "").replace("-", "")
    if phone.startswith("+86"):
        phone = phone[3:]
    if not MOBILE.match(phone):
        raise ValidationError(field_errors={"phone": ["请填写 11 位手机号码。"]})
    return phone


def _hash(phone: str, code: str) -> str:
    return pii.blind_index(f"worker-login:{phone}:{code}")


# --- who a phone number belongs to ------------------------------------------------------------------


@dataclass(frozen=True)
class PhoneOwner:
    user: User | None  # an existing worker account
    person: Person | None  # the register's person, to link (or already linked)


def _worker_only(user: User) -> bool:
    return roles_of(user) == {Role.WORKER}


def _register_person(phone: str) -> Person | None:
    """The one person of the member register with an open membership and this phone, or None."""
    persons = list(Person.objects.filter(phone=phone, memberships__status__in=OPEN_STATUSES).distinct()[:2])
    return persons[0] if len(persons) == 1 else None


def phone_owner(phone: str) -> PhoneOwner | None:
    """The one worker this phone belongs to, or None (unknown, staff, or ambiguous).

    A linked worker account logs in only with the phone it verified (`User.phone`, set when the code first
    proved it): a later change of the register's phone — by the worker's union, or by anyone — never
    re-points an existing account. The register's phone opens a first login only for a person no account is
    linked to yet; that phone was written by the person's own union (members.services lets nobody else
    overwrite it), which is the union's confirmation of whose phone it is."""
    users = [u for u in User.objects.filter(phone=phone, is_active=True) if _worker_only(u)]
    if len(users) > 1:
        return None
    if users:
        user = users[0]
        linked = WorkerProfile.objects.filter(user=user).select_related("person").first()
        if linked is not None:
            return PhoneOwner(user, linked.person)
        person = _register_person(phone)
        if person is not None and WorkerProfile.objects.filter(person=person).exists():
            person = None  # that person already logs in with another account
        return PhoneOwner(user, person)
    person = _register_person(phone)
    if person is None or WorkerProfile.objects.filter(person=person).exists():
        return None  # a linked person logs in with the phone they verified, not with a new register phone
    return PhoneOwner(None, person)


# --- request a code ---------------------------------------------------------------------------------


def _limits(phone: str) -> list[tuple[Rule, str]]:
    """The counters a code check for this phone claims; without a client address (a command) only the
    phone's own."""
    address = request_context.client_address.get()
    if not address:
        return [(PHONE_AT_ADDRESS, f"{phone}|-"), (PHONE_ANYWHERE, phone)]
    return [(PHONE_AT_ADDRESS, f"{phone}|{address}"), (PHONE_ANYWHERE, phone), (ADDRESS, address)]


def _locked(phone: str) -> PhoneLocked | None:
    """The lock a new code could not get past: no code is sent to a phone locked for this address."""
    for rule, subject in _limits(phone):
        if attempts.locked_until(rule, subject) is not None:
            return PhoneLocked(REFUSALS[rule.name])
    return None


def login_code_request(*, actor: Actor, phone: str) -> LoginCode:
    """Send a 6-digit code to the phone if it is a worker's. The same answer either way."""
    with audited(actor=actor, action="login_code.request") as event:
        phone = clean_phone(phone)
        now = timezone.now()
        event.changes = {"phone": pii.mask_phone(phone)}
        locked = _locked(phone)
        if locked is not None:
            raise locked
        address = request_context.client_address.get()
        hour = LoginCode.objects.filter(phone=phone, created_at__gte=now - timedelta(hours=1))
        here = hour.filter(client_address=address)
        last = here.order_by("-created_at").first()
        if last is not None and now - last.created_at < RESEND_AFTER:
            wait = int((RESEND_AFTER - (now - last.created_at)).total_seconds()) + 1
            raise RateLimited(f"验证码已发送，请 {wait} 秒后再重新获取。")
        if here.count() >= CODES_PER_PHONE_PER_HOUR or hour.count() >= CODES_PER_PHONE_ANYWHERE_PER_HOUR:
            raise RateLimited("该手机号获取验证码次数过多，请一小时后再试。")
        if (
            address
            and LoginCode.objects.filter(client_address=address, created_at__gte=now - timedelta(hours=1)).count()
            >= CODES_PER_ADDRESS_PER_HOUR
        ):
            raise RateLimited("此网络获取验证码次数过多，请一小时后再试。")
        code = "".join(secrets.choice("0123456789") for _ in range(CODE_LENGTH))
        owner = phone_owner(phone)
        # Older codes asked for from this address stop working: only the latest one counts. Codes asked for
        # elsewhere stay valid, so nobody cancels the code on its way to the worker by asking for another.
        LoginCode.objects.filter(phone=phone, client_address=address, used_at__isnull=True).update(used_at=now)
        row = LoginCode.objects.create(
            phone=phone,
            code_hash=_hash(phone, code),
            created_at=now,
            expires_at=now + CODE_TTL,
            sent=owner is not None,
            client_address=address,
        )
        if owner is not None:
            sms.send(phone, f"【工会之家】您的登录验证码是 {code}，5 分钟内有效。请勿告诉他人。")
        event.target(row)
        event.changes["sent"] = row.sent
    return row


# --- verify it and log in ------------------------------------------------------------------------------


def _account_for(owner: PhoneOwner, phone: str) -> tuple[User, bool]:
    """The worker's account, made on first login; linked to the register's person when it can be."""
    user, created = owner.user, False
    person = owner.person
    if user is None:
        assert person is not None
        membership = open_membership(person)
        if membership is None:
            raise Conflict("您目前没有在会的会籍，请联系所在工会。")
        username = f"worker-{person.pk}"
        if User.objects.filter(username=username).exists():
            raise Conflict("账户信息冲突，请联系所在工会。")
        user = User(username=username, phone=phone, display_name=person.name)
        user.set_unusable_password()
        user.save()
        Grant.objects.create(user=user, role=Role.WORKER, org=membership.org)
        created = True
    if person is not None and not WorkerProfile.objects.filter(user=user).exists():
        try:
            with transaction.atomic():
                WorkerProfile.objects.create(user=user, person=person, linked_by=LinkedBy.PHONE_CODE)
        except IntegrityError:
            raise Conflict("该职工已关联其他账户，请联系所在工会。") from None
    return user, created


def _claim(phone: str) -> attempts.Claim:
    try:
        phone = clean_phone(phone)
    except ValidationError:
        return attempts.Claim()  # refused inside the service before any code is looked at
    return attempts.claim(*_limits(phone))


def login_code_verify(*, actor: Actor, phone: str, code: str) -> User:
    """The worker's account when the code is the latest one sent to the phone, unused and in time.

    The attempt is claimed before the audited block (which rolls back on refusal) so that it stays
    counted; a refused claim is this service's failure event like any other refusal."""
    claim = _claim(phone)
    try:
        with audited(actor=actor, action="login_code.verify") as event:
            phone = clean_phone(phone)
            event.changes = {"phone": pii.mask_phone(phone)}
            now = timezone.now()
            if claim.refused is not None:
                raise PhoneLocked(REFUSALS[claim.refused.name])
            typed = compact(code or "")
            # The code asked for from this address; from another (a phone whose network address changed
            # in between), the latest one asked for anywhere. One code is compared per claimed attempt.
            unused = LoginCode.objects.filter(phone=phone, used_at__isnull=True, expires_at__gt=now)
            address = request_context.client_address.get()
            latest = (
                unused.filter(client_address=address).order_by("-created_at").first()
                or unused.order_by("-created_at").first()
            )
            if (
                latest is None
                or latest.expires_at <= now
                or not secrets.compare_digest(latest.code_hash, _hash(phone, typed))
            ):
                raise WrongCode(
                    field_errors={"code": ["验证码不正确或已过期。连续输错 5 次，该手机号在当前网络将锁定 15 分钟。"]}
                )
            if LoginCode.objects.filter(pk=latest.pk, used_at__isnull=True).update(used_at=now) != 1:
                raise WrongCode(field_errors={"code": ["该验证码已使用，请重新获取。"]})
            owner = phone_owner(phone)
            if owner is None:
                raise Conflict("该手机号未对应唯一的在会职工，请联系所在工会核对登记的手机号。")
            user, created = _account_for(owner, phone)
            event.target(user)
            event.changes["created"] = created
    except WrongCode:
        claim.failed()
        raise
    except BaseException:
        claim.released()
        raise
    claim.succeeded()
    return user


# --- applying for help ----------------------------------------------------------------------------------

# The archives' service files for a union; on the worker's application it acts for the portal, while the
# audit event (this module's own) names the worker.
PORTAL_FILING = SystemActor("职工申请")


@dataclass
class Application:
    """What the worker typed on 申请帮扶."""

    causes: list[str]
    description: str
    monthly_income: str  # yuan, as typed
    household_size: str
    phone: str
    address: str
    evidence_kind: str = ""
    evidence: Any = None  # an uploaded file, optional


def hardship_application_submit(*, actor: Actor, data: Application) -> HardshipFile:
    """A worker applies for help: a draft archive (source 职工申请) at the union of their open membership,
    through the archives' own service, with the optional proof stored by the archives' upload check. The
    union then completes and submits it. One audit event, this one, for the whole action."""
    with audited(actor=actor, action="hardship_application.submit") as event:
        person = selectors.my_person_or_404(actor)
        membership = open_membership(person)
        if membership is None:
            raise Conflict("您目前没有在会的会籍，无法在线申请帮扶，请联系所在工会。")
        event.org = membership.org
        errors: dict[str, list[str]] = {}
        if not (data.description or "").strip():
            errors["description"] = ["请简要说明家庭困难情况。"]
        elif len(data.description) > 2000:
            errors["description"] = ["困难情况说明不超过 2000 字。"]
        if not (data.phone or "").strip():
            errors["phone"] = ["请填写联系电话，工会将通过它联系您。"]
        if data.evidence is not None and data.evidence_kind not in EvidenceKind.values:
            errors["evidence_kind"] = ["请选择材料类型。"]
        income_fen, size = 0, 1
        if not str(data.monthly_income or "").strip():
            errors["monthly_income"] = ["请填写家庭月收入，没有收入请填 0。"]
        else:
            try:
                income_fen = parse_yuan(data.monthly_income, field="monthly_income", allow_zero=True)
            except ValidationError as e:
                errors |= e.field_errors
        try:
            size = int(compact(str(data.household_size or "")))
        except ValueError:
            errors["household_size"] = ["请填写家庭人口（1 至 30 人）。"]
        fields: dict[str, Any] = {
            "causes": data.causes,
            "description": (data.description or "").strip(),
            "monthly_income_fen": income_fen,
            "household_size": size,
            "phone": data.phone,
            "address": data.address,
        }
        try:
            file = assistance_services.hardship_file_create(
                actor=PORTAL_FILING,
                org=membership.org,
                name=person.name,
                id_number=person.reveal_id_number(),
                source=FileSource.PORTAL,
                applicant=actor,
                **fields,
            )
        except ValidationError as e:
            found = {("monthly_income" if k == "monthly_income_fen" else k): v for k, v in e.field_errors.items()}
            raise ValidationError(field_errors=found | errors) from None
        if errors:
            raise ValidationError(field_errors=errors)
        if data.evidence is not None:
            try:
                assistance_services.evidence_upload(
                    actor=PORTAL_FILING, file=file, kind=data.evidence_kind, upload=data.evidence
                )
            except ValidationError as e:
                raise ValidationError(field_errors={"evidence": e.field_errors.get("upload") or [e.message]}) from None
        event.target(file, org=membership.org)
        event.changes = {
            "no": file.no,
            "source": FileSource.PORTAL,
            "causes": file.causes,
            "household_size": file.household_size,
            "evidence": data.evidence is not None,
        }
    return file


# --- asking for rights protection (申请维权) ----------------------------------------------------------------


@dataclass
class CaseRequest:
    """What the worker typed on 申请维权."""

    category: str
    summary: str
    employer: str  # the employer's name (or credit code), as typed
    phone: str
    facts: str = ""
    worker_count: str = "1"
    attachment: Any = None  # an uploaded file, optional


# The intake's field names → the form's.
_REQUEST_FIELDS = {"contact_phone": "phone", "employer_text": "employer"}


def case_request_submit(*, actor: Actor, data: CaseRequest) -> Case:
    """A worker asks for rights protection: a case (source 职工网上申请) about their own Person, taken in at
    the union of their open membership — or at the city federation when they have none — through the
    cases' own service, which routes it to the union covering the employer and tells its handlers. The
    employer the membership names is linked when the worker kept it; a typed name that matches one
    registered employer is linked by the intake. The optional file is checked before anything is written and
    stored with the case by the intake, or nothing is. One audit event, this one, for the whole action."""
    with audited(actor=actor, action="case_request.submit") as event:
        person = selectors.my_person_or_404(actor)
        membership = open_membership(person)
        intake_org = membership.org if membership is not None else city_root()
        event.org = intake_org
        typed = clean_text(data.employer)
        known = selectors.known_employer(membership)
        employer = known if known is not None and typed in (known.name, known.uscc) else None
        intake = rights_services.CaseIntake(
            category=data.category,
            summary=data.summary,
            contact_name=person.name,
            source=CaseSource.PORTAL,
            employer=employer,
            employer_text=typed,
            contact_phone=data.phone,
            worker_count=data.worker_count or "1",
            facts=data.facts,
            person=person,
        )
        errors: dict[str, list[str]] = {}
        try:
            rights_services.clean_intake(intake)
        except ValidationError as e:
            errors = {_REQUEST_FIELDS.get(k, k): v for k, v in e.field_errors.items()}
        if not typed:
            errors["employer"] = ["请填写您所在的用人单位（公司）名称。"]
        if not compact(data.phone or ""):
            errors["phone"] = ["请填写联系电话，工会将通过它与您联系。"]
        if data.attachment is not None:
            try:
                uploads.check(data.attachment)
            except ValidationError as e:
                errors["attachment"] = e.field_errors.get("upload") or [e.message]
        if errors:
            raise ValidationError(field_errors=errors)
        case = rights_services.case_create(
            actor=PORTAL_FILING, intake_org=intake_org, data=intake, applicant=actor, upload=data.attachment
        )
        attachment = case.attachments.first() if data.attachment is not None else None
        event.target(case, org=case.org)
        event.changes = {
            "no": case.no,
            "source": CaseSource.PORTAL,
            "category": case.category,
            "org": case.org_id,
            "intake_org": intake_org.pk,
            "employer": case.employer_id,
            "attachment": attachment.pk if attachment is not None else None,
        }
    return case


# --- reading a card's code -------------------------------------------------------------------------------


def card_code_reveal(*, actor: Actor, card: AssistanceCard) -> str:
    """The holder reads their own card's verification code (to show at the counter); every read audited."""
    with audited(actor=actor, action="card_code.reveal", org=card.org, obj=card) as event:
        profile = selectors.profile_for(actor)
        if profile is None or card.file.person_id != profile.person_id:
            raise NotFound()
        if card.status != CardStatus.ACTIVE:
            raise Conflict(f"该卡{card.get_status_display()}，不能使用，无需出示验证码。")
        code = card_services.reveal_code(card)
        event.changes = {"card": card.number[-4:]}
    return code


# --- confirming a transfer (会员关系接转) ------------------------------------------------------------------


def _my_request(actor: Actor, request: TransferRequest) -> TransferRequest:
    profile = selectors.profile_for(actor)
    if profile is None or request.person_id != profile.person_id:
        raise NotFound()
    return request


def transfer_request_confirm(*, actor: Actor, request: TransferRequest) -> TransferRequest:
    """The worker confirms that a union asking for them may take them in: the membership moves now."""
    with audited(actor=actor, action="transfer_request.confirm", org=request.to_org, obj=request) as event:
        _my_request(actor, request)
        return transfers.complete(request, actor=actor, status=TransferRequest.Status.CONFIRMED, event=event)


def transfer_request_decline(*, actor: Actor, request: TransferRequest) -> TransferRequest:
    """The worker says no: the request ends and nothing moves."""
    with audited(actor=actor, action="transfer_request.decline", org=request.to_org, obj=request) as event:
        _my_request(actor, request)
        request = transfers.locked(request)
        if not request.is_pending:
            raise Conflict(f"该接转申请{request.get_status_display()}，无需再办理。")
        transfers.decide(request, TransferRequest.Status.REJECTED, actor, reason="职工本人不同意接转")
        event.changes = {"status": ["pending", "rejected"], "by": "worker"}
    return request


def worker_phone_rebind(*, actor: Actor, membership: Membership) -> User:
    """The member's own union confirms that the worker now logs in with the phone of the register (a new
    number, a lost phone): the one way a staff member moves a worker's login to another phone."""
    with audited(actor=actor, action="worker_phone.rebind", org=membership.org, obj=membership) as event:
        access.require(actor, Cap.MEMBER_EDIT, membership.org, obj=membership)
        if membership.status not in OPEN_STATUSES:
            raise Conflict("该会籍已终止，职工的登录手机号由其现所在工会确认。")
        person = membership.person
        profile = WorkerProfile.objects.filter(person=person).select_related("user").first()
        if profile is None:
            raise Conflict("该职工还没有职工端账户，首次登录时以登记的手机号验证即可。")
        phone = clean_phone(person.phone)
        user = profile.user
        if user.phone == phone:
            raise Conflict("职工端登录手机号已是登记的手机号，无需更改。")
        if User.objects.filter(phone=phone, is_active=True).exclude(pk=user.pk).exists():
            raise Conflict("该手机号已用于其他账户，请核实登记的手机号。")
        old = user.phone
        user.phone = phone
        user.save(update_fields=["phone"])
        event.changes = {"phone": [pii.mask_phone(old), pii.mask_phone(phone)] if old else pii.mask_phone(phone)}
    return user
