"""Writes of the hardship archives (一户一档): filing and correcting an archive, its household, evidence,
home visits and notice objections, every workflow transition (workflow.TRANSITIONS), the category's manual
override, the city's standards, and each reveal of a sensitive field.

Each public function with an `actor` is one business action: it checks permission through access.py,
validates, writes inside a transaction and records exactly one audit event (on refusal, one failure event).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone

from unionhall.assistance import workflow
from unionhall.assistance.models import (
    ACCIDENT_CAUSES,
    AssistanceSettings,
    EvidenceFile,
    EvidenceKind,
    FileStatus,
    HardshipCategory,
    HardshipCause,
    HardshipFile,
    HomeVisit,
    HouseholdMember,
    NoticeObjection,
    Relation,
    VisitKind,
)
from unionhall.core.actors import Actor, user_of
from unionhall.core.audit import audited, changed_fields
from unionhall.core.errors import Conflict, ValidationError
from unionhall.core.normalize import PhoneError, clean_text, compact, normalize_phone
from unionhall.core.pii import blind_index
from unionhall.core.rows import only_editable, save_numbered, set_checked
from unionhall.documents import uploads
from unionhall.members import idnumber
from unionhall.members.lifecycle import MEMBER_LEVELS
from unionhall.members.models import EmploymentForm, Person
from unionhall.members.services import PersonData, clean_person
from unionhall.notices import objections
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import Employer, OrgStatus, OrgUnit
from unionhall.orgs.selectors import require_at_city_root
from unionhall.workflow import kernel

_CAUSES = frozenset(HardshipCause.values)
_CATEGORIES = frozenset(HardshipCategory.values)
# What the grassroots union types about a household; `hardship_file_update` accepts only these.
FILE_FIELDS = (
    "phone",
    "address",
    "employer",
    "causes",
    "description",
    "monthly_income_fen",
    "household_size",
    "bank_name",
    "bank_account",
)
SETTINGS_FIELDS = (
    "dibao_fen",
    "relative_multiple",
    "notice_days",
    "review_interval_days",
    "follow_up_days",
    "reminder_days",
    "dual_approval_fen",
)
# Archives of a person that block filing another: everything but a rejected one (an exited household
# comes back through 返困 on its own archive).
_BLOCKING = frozenset(FileStatus.values) - {FileStatus.REJECTED}


def _today() -> date:
    return timezone.localdate()


def _words(text: str | None) -> str:
    """A reason as typed, spaces collapsed (Chinese punctuation kept, unlike clean_text's NFKC)."""
    return " ".join((text or "").split())


# --- category --------------------------------------------------------------------------------------


def compute_category(
    monthly_income_fen: int, household_size: int, causes: list[str], cfg: AssistanceSettings | None = None
) -> str:
    """The category the city's standards give: per-capita monthly income (floor of household income / size)
    below 低保 → 深度困难; below 低保 × relative_multiple → 相对困难; otherwise 意外致困 when a cause is sudden
    (因灾, 意外事故); otherwise 未达困难标准. "Below" is strict: exactly on a line is the better category."""
    cfg = cfg or AssistanceSettings.current()
    per_capita = monthly_income_fen // max(household_size, 1)
    if per_capita < cfg.dibao_fen:
        return HardshipCategory.DEEP
    if per_capita < Decimal(cfg.dibao_fen) * cfg.relative_multiple:
        return HardshipCategory.RELATIVE
    if any(c in ACCIDENT_CAUSES for c in causes):
        return HardshipCategory.ACCIDENT
    return HardshipCategory.NONE


def _apply_category(file: HardshipFile, cfg: AssistanceSettings) -> None:
    """Recompute after a change of income, size or causes; a manual override (with its reason) stays."""
    file.computed_category = compute_category(file.monthly_income_fen, file.household_size, file.causes, cfg)
    if not file.category_override_reason:
        file.category = file.computed_category


# --- validation ------------------------------------------------------------------------------------


def _file_values(values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The archive's fields cleaned, and every fault found among them (each field checked only if given)."""
    errors: dict[str, list[str]] = {}
    out: dict[str, Any] = {}
    if "phone" in values:
        try:
            out["phone"] = normalize_phone(values["phone"] or "")
        except PhoneError as e:
            errors["phone"] = [str(e)]
    if "address" in values:
        address = clean_text(values["address"] or "")
        if len(address) > 200:
            errors["address"] = ["家庭住址过长（最多 200 字）。"]
        out["address"] = address
    if "employer" in values:
        employer = values["employer"]
        if employer is not None and not isinstance(employer, Employer):
            errors["employer"] = ["工作单位不正确。"]
        out["employer"] = employer
    if "causes" in values:
        causes = list(dict.fromkeys(values["causes"] or []))
        if not causes:
            errors["causes"] = ["请至少选择一项致困原因。"]
        elif set(causes) - _CAUSES:
            errors["causes"] = ["致困原因不正确。"]
        out["causes"] = causes
    if "description" in values:
        out["description"] = (values["description"] or "").strip()
    if "monthly_income_fen" in values:
        income = values["monthly_income_fen"]
        if not isinstance(income, int) or isinstance(income, bool) or not 0 <= income <= 100_000_000:
            errors["monthly_income_fen"] = ["家庭月收入须为 0 至 100 万元之间的金额。"]
        out["monthly_income_fen"] = income
    if "household_size" in values:
        size = values["household_size"]
        if not isinstance(size, int) or isinstance(size, bool) or not 1 <= size <= 30:
            errors["household_size"] = ["家庭人口须为 1 至 30 人。"]
        out["household_size"] = size
    if "bank_name" in values:
        bank_name = clean_text(values["bank_name"] or "")
        if len(bank_name) > 60:
            errors["bank_name"] = ["开户银行名称过长。"]
        out["bank_name"] = bank_name
    if "bank_account" in values:
        account = compact(values["bank_account"] or "")
        if account and not (account.isdigit() and 12 <= len(account) <= 30):
            errors["bank_account"] = ["银行卡号应为 12 至 30 位数字。"]
        out["bank_account"] = account
    return out, errors


def _clean_file_fields(values: dict[str, Any]) -> dict[str, Any]:
    out, errors = _file_values(values)
    if errors:
        raise ValidationError(field_errors=errors)
    return out


def _org_problems(org: OrgUnit) -> dict[str, list[str]]:
    if org.level not in MEMBER_LEVELS:
        return {"org": ["困难职工档案由基层工会（分工会）建立。"]}
    if org.status != OrgStatus.ACTIVE:
        return {"org": ["该工会已合并或撤销。"]}
    return {}


def _override_problems(category: str | None, reason: str, computed: str | None) -> dict[str, list[str]]:
    """What `_override` would refuse; with the computed category unknown (its inputs are wrong), only the
    category itself and the reason's length are checked."""
    reason = _words(reason)
    if not category or category == computed:
        return {}
    if category not in _CATEGORIES:
        return {"category": ["困难类别不正确。"]}
    if not reason and computed is not None:
        return {"category_override_reason": ["人工认定困难类别须填写理由。"]}
    if len(reason) > 300:
        return {"category_override_reason": ["理由过长（最多 300 字）。"]}
    return {}


def archive_problems(
    *,
    org: OrgUnit | None = None,
    name: str | None = None,
    id_number: str | None = None,
    category: str | None = None,
    category_override_reason: str = "",
    current: HardshipFile | None = None,
    **fields: Any,
) -> dict[str, list[str]]:
    """Every fault of an archive's values at once, writing nothing: the filing union, the worker's name and
    resident ID, each field (phone by the roster's rule, income, causes, bank account…) and the manual
    category. Only what is given is checked, so a page passes what its form could parse and shows these
    beside the form's own errors; the services refuse with all of them in one ValidationError.
    `current` is the archive being corrected: its income, size and causes stand in for those not given."""
    errors: dict[str, list[str]] = {}
    if org is not None:
        errors |= _org_problems(org)
    if name is not None and not clean_text(name):
        errors["name"] = ["请填写姓名。"]
    if id_number is not None:
        try:
            idnumber.parse(id_number)
        except idnumber.IdNumberError as e:
            errors["id_number"] = [str(e)]
    values, field_errors = _file_values(fields)
    errors |= field_errors
    basis: dict[str, Any] = {"monthly_income_fen": 0, "household_size": 1, "causes": []}
    if current is not None:
        basis = {k: getattr(current, k) for k in basis}
    basis |= {k: values[k] for k in basis if k in values}
    computed = None
    if not set(basis) & set(field_errors) and (current is not None or set(basis) <= set(values)):
        computed = compute_category(basis["monthly_income_fen"], basis["household_size"], basis["causes"])
    errors |= _override_problems(category, category_override_reason, computed)
    return errors


def _person_for(name: str, id_number: str) -> tuple[Person, bool]:
    """The person with this resident ID (by blind index), or a new one built the way members.services
    builds one. Returns (person, created)."""
    clean = clean_person(PersonData(name=name, id_number=id_number))
    existing = Person.objects.filter(id_number_hash=clean.digest).first()
    if existing is not None:
        return existing, False
    person = Person(sex=clean.resident_id.sex, birth_date=clean.resident_id.birth_date)
    person.employment_form = EmploymentForm.STANDARD
    person.set_name(clean.values["name"])
    person.set_id_number(clean.resident_id.number)
    person.save()
    return person, True


def _assign(file: HardshipFile, values: dict[str, Any]) -> None:
    for name, value in values.items():
        if name == "bank_account":
            file.set_bank_account(value)
        else:
            setattr(file, name, value)


# Encrypted at rest, so the audit trail says only that they changed.
_UNSHOWN = frozenset({"bank_account", "monthly_income_fen", "description"})


def _plain_changes(file: HardshipFile, values: dict[str, Any]) -> dict[str, Any]:
    """Changes for the audit trail; the bank account, the income and the description never in clear."""
    shown = {k: v for k, v in values.items() if k not in _UNSHOWN}
    diff: dict[str, Any] = changed_fields(file, shown)
    for name in ("monthly_income_fen", "description"):
        if name in values and values[name] != getattr(file, name):
            diff[name] = "changed"
    if "bank_account" in values and values["bank_account"] != file.reveal_bank_account():
        diff["bank_account"] = "changed"
    return diff


def _override(file: HardshipFile, category: str | None, reason: str) -> None:
    reason = _words(reason)
    if not category or category == file.computed_category:
        file.category = file.computed_category
        file.category_override_reason = ""
        return
    if category not in _CATEGORIES:
        raise ValidationError(field_errors={"category": ["困难类别不正确。"]})
    if not reason:
        raise ValidationError(field_errors={"category_override_reason": ["人工认定困难类别须填写理由。"]})
    if len(reason) > 300:
        raise ValidationError(field_errors={"category_override_reason": ["理由过长（最多 300 字）。"]})
    file.category = category
    file.category_override_reason = reason


# --- the archive -----------------------------------------------------------------------------------


def hardship_file_create(
    *,
    actor: Actor,
    org: OrgUnit,
    name: str,
    id_number: str,
    category: str | None = None,
    category_override_reason: str = "",
    source: str = "staff",
    applicant: Any = None,
    **fields: Any,
) -> HardshipFile:
    """A grassroots union files a new archive (a draft). The worker is found by resident ID (blind index) or
    added as a person; a person with an archive still open gets a Conflict naming it.

    `applicant` is the worker's own login when the worker applied through the portal (the portal files on
    their behalf as a system actor): the archive and its history then name the worker, not the portal."""
    with audited(actor=actor, action="hardship_file.create", org=org) as event:
        access.require(actor, Cap.ASSISTANCE_EDIT, org)
        unknown = set(fields) - set(FILE_FIELDS)
        if unknown:
            raise ValidationError(f"不可填写的字段：{', '.join(sorted(unknown))}")
        fields = {"causes": [], "household_size": 1, "monthly_income_fen": 0, **fields}
        errors = archive_problems(
            org=org,
            name=name or "",
            id_number=id_number,
            category=category,
            category_override_reason=category_override_reason,
            **fields,
        )
        if errors:
            raise ValidationError(field_errors=errors)
        values = _clean_file_fields(fields)
        digest = blind_index(idnumber.normalize(id_number))
        open_file = HardshipFile.objects.filter(person__id_number_hash=digest, status__in=_BLOCKING).first()
        if open_file is not None:
            raise Conflict(f"该职工已有困难档案（{open_file.no}，{open_file.get_status_display()}），不能重复建档。")
        person, created = _person_for(name, id_number)
        cfg = AssistanceSettings.current()
        file = HardshipFile(org=org, person=person, source=source)
        filer = applicant if getattr(applicant, "pk", None) else actor
        file.created_by = user_of(filer)
        _assign(file, values)
        _apply_category(file, cfg)
        _override(file, category, category_override_reason)
        save_numbered(file, "KN", 7)
        workflow.FileEvent.objects.create(
            file=file,
            transition="create",
            to_status=file.status,
            actor=file.created_by,
            actor_name=str(getattr(filer, "username", filer))[:150],
        )
        event.target(file)
        event.changes = {
            "no": file.no,
            "person": person.pk,
            "person_created": created,
            "category": file.category,
            "computed_category": file.computed_category,
        }
    return file


def hardship_file_update(
    *, actor: Actor, file: HardshipFile, category: str | None = None, category_override_reason: str = "", **fields: Any
) -> HardshipFile:
    """Correct what the archive says; only while it is a draft or returned for re-verification (返困)."""
    with audited(actor=actor, action="hardship_file.update", org=file.org, obj=file) as event:
        access.require(actor, Cap.ASSISTANCE_EDIT, file.org, obj=file)
        file = HardshipFile.objects.select_for_update().get(pk=file.pk)
        if file.status not in workflow.EDITABLE:
            raise Conflict(f"档案状态为「{file.get_status_display()}」，不能修改；草稿或返困待核的档案方可修改。")
        only_editable(fields, FILE_FIELDS)
        errors = archive_problems(
            category=category, category_override_reason=category_override_reason, current=file, **fields
        )
        if errors:
            raise ValidationError(field_errors=errors)
        values = _clean_file_fields(fields)
        event.changes = _plain_changes(file, values)
        old_category = file.category
        _assign(file, values)
        _apply_category(file, AssistanceSettings.current())
        if category is not None:  # None: the category stays as it was (computed, or overridden with a reason)
            _override(file, category, category_override_reason)
        if file.category != old_category:
            event.changes["category"] = [old_category, file.category]
        file.save()
    return file


def hardship_file_set_category(*, actor: Actor, file: HardshipFile, category: str, reason: str) -> HardshipFile:
    """A verifier's manual category (人工认定): a category other than the computed one needs a reason; the
    computed category given back clears the override."""
    with audited(actor=actor, action="hardship_file.set_category", org=file.org, obj=file) as event:
        access.require(actor, Cap.ASSISTANCE_VERIFY, file.org, obj=file)
        file = HardshipFile.objects.select_for_update().get(pk=file.pk)
        if file.status in (FileStatus.REJECTED, FileStatus.EXITED):
            raise Conflict(f"档案状态为「{file.get_status_display()}」，不能调整困难类别。")
        old = (file.category, file.category_override_reason)
        _override(file, category, reason)
        event.changes = {
            "category": [old[0], file.category],
            "computed_category": file.computed_category,
            "reason": [old[1], file.category_override_reason],
        }
        file.save(update_fields=["category", "category_override_reason", "updated_at"])
    return file


def _transition(*, actor: Actor, file: HardshipFile, name: str, reason: str = "") -> HardshipFile:
    """Take the step of workflow.TABLE called `name` through the workflow kernel's one runner: role, state,
    reason and the step's guard checked, a FileEvent appended, one audit event "hardship_file.<name>"."""
    return kernel.run(workflow.TABLE, name, actor=actor, obj=file, reason=reason)


def hardship_file_submit(*, actor: Actor, file: HardshipFile) -> HardshipFile:
    """draft → submitted (grassroots)."""
    return _transition(actor=actor, file=file, name="submit")


def hardship_file_send_back(*, actor: Actor, file: HardshipFile, reason: str) -> HardshipFile:
    """submitted → draft, with the reason (verifier)."""
    return _transition(actor=actor, file=file, name="send_back", reason=reason)


def hardship_file_verify(*, actor: Actor, file: HardshipFile) -> HardshipFile:
    """submitted → verified: 入户核查 confirmed by a verification visit recorded since submission."""
    return _transition(actor=actor, file=file, name="verify")


def hardship_file_reject(*, actor: Actor, file: HardshipFile, reason: str) -> HardshipFile:
    """submitted / verified / notice → rejected, with the reason (verifier)."""
    return _transition(actor=actor, file=file, name="reject", reason=reason)


def hardship_file_start_notice(*, actor: Actor, file: HardshipFile) -> HardshipFile:
    """verified → notice for AssistanceSettings.notice_days calendar days from today (unionhall/notices)."""
    return _transition(actor=actor, file=file, name="start_notice")


def hardship_file_approve(*, actor: Actor, file: HardshipFile) -> HardshipFile:
    """notice → approved, once the notice is over (today > notice_ends_on) with no open or upheld objection."""
    return _transition(actor=actor, file=file, name="approve")


def hardship_file_review(*, actor: Actor, file: HardshipFile) -> HardshipFile:
    """年审: approved stays approved, verified_on moves to the new review visit's day."""
    return _transition(actor=actor, file=file, name="review")


def hardship_file_exit(*, actor: Actor, file: HardshipFile, reason: str) -> HardshipFile:
    """解困脱困: approved → exited today, with the reason."""
    return _transition(actor=actor, file=file, name="exit", reason=reason)


def hardship_file_follow_up(*, actor: Actor, file: HardshipFile) -> HardshipFile:
    """The follow-up visit after exit is done: followed_up_on set from the visit."""
    return _transition(actor=actor, file=file, name="follow_up")


def hardship_file_return(*, actor: Actor, file: HardshipFile, reason: str) -> HardshipFile:
    """返困: exited → returned, with the reason; the archive may then be corrected and resubmitted."""
    return _transition(actor=actor, file=file, name="return", reason=reason)


def hardship_file_resubmit(*, actor: Actor, file: HardshipFile) -> HardshipFile:
    """returned → submitted."""
    return _transition(actor=actor, file=file, name="resubmit")


# --- household, evidence, visits, objections -------------------------------------------------------


def _editable(file: HardshipFile) -> HardshipFile:
    file = HardshipFile.objects.select_for_update().get(pk=file.pk)
    if file.status not in workflow.EDITABLE:
        raise Conflict(f"档案状态为「{file.get_status_display()}」，不能修改家庭成员。")
    return file


def household_member_add(
    *,
    actor: Actor,
    file: HardshipFile,
    name: str,
    relation: str,
    birth_year: int | None = None,
    occupation: str = "",
    monthly_income_fen: int = 0,
    health: str = "",
) -> HouseholdMember:
    with audited(actor=actor, action="household_member.add", org=file.org, obj=file) as event:
        access.require(actor, Cap.ASSISTANCE_EDIT, file.org, obj=file)
        file = _editable(file)
        errors: dict[str, list[str]] = {}
        name = clean_text(name or "")
        if not name or len(name) > 50:
            errors["name"] = ["请填写姓名（最多 50 字）。"]
        if relation not in Relation.values:
            errors["relation"] = ["请选择与职工的关系。"]
        if birth_year is not None and not 1900 <= birth_year <= _today().year:
            errors["birth_year"] = ["出生年份不正确。"]
        if not isinstance(monthly_income_fen, int) or not 0 <= monthly_income_fen <= 100_000_000:
            errors["monthly_income_fen"] = ["月收入须为 0 至 100 万元之间的金额。"]
        if errors:
            raise ValidationError(field_errors=errors)
        member = HouseholdMember(
            file=file,
            name=name,
            relation=relation,
            birth_year=birth_year,
            occupation=clean_text(occupation or "")[:60],
            monthly_income_fen=monthly_income_fen,
        )
        member.set_health(health or "")
        member.save()
        event.target(member, org=file.org)
        event.changes = {"file": file.no, "relation": relation, "has_health_note": member.has_health_note}
    return member


def household_member_remove(*, actor: Actor, member: HouseholdMember) -> None:
    file = member.file
    with audited(actor=actor, action="household_member.remove", org=file.org, obj=member) as event:
        access.require(actor, Cap.ASSISTANCE_EDIT, file.org, obj=file)
        _editable(file)
        event.changes = {"file": file.no, "name": member.name, "relation": member.relation}
        member.delete()


def evidence_upload(*, actor: Actor, file: HardshipFile, kind: str, upload: Any) -> EvidenceFile:
    """Store a proof after checking its size and real content type (uploads.check)."""
    with audited(actor=actor, action="evidence.upload", org=file.org, obj=file) as event:
        access.require(actor, Cap.ASSISTANCE_EDIT, file.org, obj=file)
        if file.status == FileStatus.REJECTED:
            raise Conflict("未通过的档案不能再上传材料。")
        if kind not in EvidenceKind.values:
            raise ValidationError(field_errors={"kind": ["请选择材料类型。"]})
        evidence = uploads.store(EvidenceFile(file=file, kind=kind), upload, uploaded_by=actor)
        event.target(evidence, org=file.org)
        event.changes = {"file": file.no, "kind": kind, "size": evidence.size, "sha256": evidence.sha256}
    return evidence


def evidence_download(*, actor: Actor, evidence: EvidenceFile) -> Any:
    """The stored content, opened for download; each download is recorded (proofs hold health and income)."""
    file = evidence.file
    with audited(actor=actor, action="evidence.download", org=file.org, obj=evidence) as event:
        access.require(actor, Cap.ASSISTANCE_VIEW, file.org, obj=evidence)
        handle = uploads.open_stored(evidence)
        event.changes = {"file": file.no, "sha256": evidence.sha256}
    return handle


# Who records which visit: 入户核查 and 年审 are the verifiers' (upper federations); the grassroots union
# records its follow-up visits after exit and its care visits.
VISIT_CAPS = {
    VisitKind.VERIFICATION: Cap.ASSISTANCE_VERIFY,
    VisitKind.REVIEW: Cap.ASSISTANCE_VERIFY,
    VisitKind.FOLLOW_UP: Cap.ASSISTANCE_EDIT,
    VisitKind.CARE: Cap.ASSISTANCE_EDIT,
}


def home_visit_record(
    *,
    actor: Actor,
    file: HardshipFile,
    kind: str,
    visited_on: date,
    visitors: str,
    findings: str,
    confirmed: bool = True,
) -> HomeVisit:
    with audited(actor=actor, action="home_visit.record", org=file.org, obj=file) as event:
        cap = VISIT_CAPS.get(kind, Cap.ASSISTANCE_EDIT)  # type: ignore[call-overload]
        access.require(actor, cap, file.org, obj=file)
        errors: dict[str, list[str]] = {}
        if kind not in VISIT_CAPS:
            errors["kind"] = ["请选择走访类型。"]
        if not isinstance(visited_on, date):
            errors["visited_on"] = ["请填写走访日期。"]
        elif visited_on > _today():
            errors["visited_on"] = ["走访日期不能晚于今天。"]
        visitors = clean_text(visitors or "")
        if not visitors or len(visitors) > 120:
            errors["visitors"] = ["请填写走访人（最多 120 字）。"]
        findings = (findings or "").strip()
        if not findings:
            errors["findings"] = ["请填写核查情况。"]
        if errors:
            raise ValidationError(field_errors=errors)
        if file.status == FileStatus.REJECTED:
            raise Conflict("未通过的档案不再登记走访。")
        visit = HomeVisit.objects.create(
            file=file,
            kind=kind,
            visited_on=visited_on,
            visitors=visitors,
            findings=findings,
            confirmed=bool(confirmed),
            recorded_by=user_of(actor),
        )
        event.target(visit, org=file.org)
        event.changes = {"file": file.no, "kind": kind, "visited_on": str(visited_on), "confirmed": bool(confirmed)}
    return visit


def objection_record(
    *, actor: Actor, file: HardshipFile, content: str, received_on: date | None = None
) -> NoticeObjection:
    """An objection received during the public notice; it blocks approval until resolved."""
    with audited(actor=actor, action="objection.record", org=file.org, obj=file) as event:
        access.require(actor, Cap.ASSISTANCE_EDIT, file.org, obj=file)
        objection = objections.objection_add(
            NoticeObjection,
            in_notice=file.status == FileStatus.NOTICE,
            noun="档案",
            content=content,
            received_on=received_on,
            today=_today(),
            recorded_by=user_of(actor),
            file=file,
        )
        event.target(objection, org=file.org)
        event.changes = {"file": file.no, "received_on": str(objection.received_on)}
    return objection


def objection_resolve(*, actor: Actor, objection: NoticeObjection, upheld: bool, resolution: str) -> NoticeObjection:
    """The verifier's finding: an upheld objection means the archive is then rejected, not approved."""
    file = objection.file
    with audited(actor=actor, action="objection.resolve", org=file.org, obj=objection) as event:
        access.require(actor, Cap.ASSISTANCE_VERIFY, file.org, obj=objection)
        objection = objections.objection_settle(objection, upheld=upheld, resolution=resolution, today=_today())
        event.changes = {"file": file.no, "upheld": objection.upheld}
    return objection


# --- sensitive fields ------------------------------------------------------------------------------


def hardship_file_bank_account_reveal(*, actor: Actor, file: HardshipFile) -> str:
    """The bank account in clear, for a user holding assistance.sensitive; each reveal is an audit event.
    Called inside another audited service (a payment), it is part of that service's one event."""
    with audited(actor=actor, action="hardship_file.bank_account_reveal", org=file.org, obj=file):
        access.require(actor, Cap.ASSISTANCE_SENSITIVE, file.org, obj=file)
        return file.reveal_bank_account()


def household_member_health_reveal(*, actor: Actor, member: HouseholdMember) -> str:
    file = member.file
    with audited(actor=actor, action="household_member.health_reveal", org=file.org, obj=member):
        access.require(actor, Cap.ASSISTANCE_SENSITIVE, file.org, obj=member)
        return member.reveal_health()


@dataclass(frozen=True)
class Payee:
    name: str
    bank_name: str
    account: str  # in clear
    account_masked: str


def payee(file: HardshipFile) -> Payee:
    """Where money for this household goes: the worker's own bank card. For a payment service only, called
    inside its own audited action after it checked its capability; refuses an archive not approved or
    without an account. Not audited on its own (the payment's event records it)."""
    if file.status != FileStatus.APPROVED:
        raise Conflict(f"档案「{file.no}」状态为「{file.get_status_display()}」，已建档的困难职工方可发放。")
    account = file.reveal_bank_account()
    if not account:
        raise Conflict(f"档案「{file.no}」未登记银行卡号，无法发放。")
    return Payee(
        name=file.person.name, bank_name=file.bank_name, account=account, account_masked=file.bank_account_masked
    )


# --- the city's standards --------------------------------------------------------------------------


def _clean_settings(values: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}

    def whole(name: str, low: int, high: int, message: str) -> None:
        v = values.get(name)
        if not isinstance(v, int) or isinstance(v, bool) or not low <= v <= high:
            errors[name] = [message]

    whole("dibao_fen", 1, 10_000_000, "低保标准须为 0.01 至 10 万元之间的金额。")
    whole("notice_days", 1, 60, "公示天数须为 1 至 60 天。")
    whole("review_interval_days", 30, 1_095, "年审周期须为 30 至 1095 天。")
    whole("follow_up_days", 1, 1_095, "回访期限须为 1 至 1095 天。")
    whole("reminder_days", 0, 365, "提醒天数须为 0 至 365 天。")
    whole("dual_approval_fen", 0, 1_000_000_000, "两人审批起点金额不正确。")
    try:
        multiple = Decimal(str(values.get("relative_multiple")))
    except (InvalidOperation, ValueError):
        multiple = Decimal(0)
    if not Decimal("1.00") <= multiple <= Decimal("5.00"):
        errors["relative_multiple"] = ["相对困难线须为低保标准的 1 至 5 倍。"]
    else:
        values["relative_multiple"] = multiple.quantize(Decimal("0.01"))
    if errors:
        raise ValidationError(field_errors=errors)
    return values


def assistance_settings_update(*, actor: Actor, **fields: Any) -> AssistanceSettings:
    """The city's standards (低保, relative line, notice days, review and follow-up periods); only who
    configures programmes at the root. Archives already filed keep their category until next edited."""
    with audited(actor=actor, action="assistance_settings.update") as event:
        require_at_city_root(actor, Cap.PROGRAMME_CONFIG, event)
        only_editable(fields, SETTINGS_FIELDS)
        pk = AssistanceSettings.current().pk
        cfg = AssistanceSettings.objects.select_for_update().get(pk=pk)
        event.target(cfg)
        event.changes = set_checked(cfg, fields, SETTINGS_FIELDS, _clean_settings)
        cfg.save()
    return cfg
