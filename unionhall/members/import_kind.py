"""The member roster as an import kind: its columns and their synonyms, how a row is checked (by
members.services.clean_person, the one rule for a person) and committed (members.services.roster_commit).
Registered with the imports app from MembersConfig.ready; the imports app knows nothing else of members.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from django.utils import timezone

from unionhall.core.actors import Actor
from unionhall.core.bulk import where_in
from unionhall.core.errors import ValidationError
from unionhall.core.normalize import clean_text, compact, parse_date
from unionhall.core.pii import mask_id_number, mask_phone
from unionhall.imports import kinds
from unionhall.imports.kinds import CellError, Committed, Context, Field, Kind, Progress
from unionhall.imports.mapping import choice_reader, yes_no
from unionhall.imports.models import ImportJob
from unionhall.imports.validation import CellGetter, Validation, cell_getter, cell_text, data_rows
from unionhall.members.lifecycle import MEMBER_LEVELS
from unionhall.members.models import OPEN_STATUSES, Education, EmploymentForm, Membership, Person, PoliticalStatus
from unionhall.members.services import PersonData, RosterRow, clean_person, roster_commit
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import OrgUnit

MEMBERS = "members"

# Checked in order: the first choice one of whose words occurs in the cell decides (大专 before 大学).
_EMPLOYMENT = (
    (EmploymentForm.DISPATCHED, ("派遣",)),
    (EmploymentForm.PLATFORM, ("新就业", "平台", "快递", "外卖", "骑手", "网约车", "货车司机", "网络主播")),
    (EmploymentForm.STANDARD, ("标准", "合同", "全日制", "正式", "在编", "固定")),
)
_EDUCATION = (
    (Education.POSTGRADUATE, ("博士", "硕士", "研究生")),
    (Education.COLLEGE, ("大专", "专科", "高职")),
    (Education.BACHELOR, ("本科", "学士", "大学")),
    (Education.SENIOR, ("高中", "中专", "技校", "职高", "中技", "技工", "中等专业", "中职")),
    (Education.JUNIOR, ("初中",)),
    (Education.PRIMARY, ("小学", "文盲")),
)
_POLITICAL = (
    (PoliticalStatus.CPC, ("预备党员", "党员")),
    (PoliticalStatus.CYL, ("团员",)),
    (PoliticalStatus.DEMOCRATIC, ("民革", "民盟", "民建", "民进", "农工", "致公", "九三", "台盟", "民主党派")),
    (PoliticalStatus.MASSES, ("无党派", "群众")),
)

employment_form = choice_reader("就业形态", EmploymentForm, _EMPLOYMENT)
education = choice_reader("学历", Education, _EDUCATION, order=list(reversed(Education.values)))
political_status = choice_reader("政治面貌", PoliticalStatus, _POLITICAL)


def _migrant(text: str) -> bool | None:
    return yes_no(text, "是否农民工")


def _masked_id(text: str) -> str:
    return mask_id_number(compact(text).upper())


def _masked_phone(text: str) -> str:
    return mask_phone(compact(text))


FIELDS: tuple[Field, ...] = (
    Field("name", "姓名", ("姓名", "名字", "职工姓名", "会员姓名", "员工姓名", "name"), required=True),
    Field(
        "id_number",
        "身份证号",
        ("身份证号", "身份证号码", "公民身份号码", "证件号码", "身份证", "居民身份证号码", "身份证件号码", "idnumber"),
        required=True,
        mask=_masked_id,
    ),
    Field(
        "phone",
        "手机号码",
        ("手机", "手机号", "手机号码", "联系电话", "电话", "电话号码", "联系方式", "移动电话"),
        mask=_masked_phone,
    ),
    Field("joined_on", "入会日期", ("入会日期", "入会时间", "加入工会日期", "加入工会时间", "入会年月")),
    Field(
        "employment_form",
        "就业形态",
        ("就业形态", "用工形式", "用工方式", "用工类型", "就业方式"),
        normalize=employment_form,
    ),
    Field("is_migrant", "是否农民工", ("是否农民工", "农民工"), normalize=_migrant),
    Field("education", "学历", ("学历", "文化程度", "最高学历"), normalize=education),
    Field("political_status", "政治面貌", ("政治面貌",), normalize=political_status),
    Field("skill_level", "技能等级", ("技能等级", "职业技能等级", "技术等级")),
    Field("hukou_address", "户籍地", ("户籍地", "户籍地址", "户籍所在地", "户口所在地")),
    Field("sex", "性别（仅核对）", ("性别",), note="与身份证号不符时提示", in_template=False),
    Field(
        "birth_date",
        "出生日期（仅核对）",
        ("出生日期", "出生年月日", "生日"),
        note="与身份证号不符时提示",
        in_template=False,
    ),
)


def validate_roster(
    result: Validation, body: Sequence[Sequence[Any]], first_row: int, progress: Progress | None, context: Context
) -> None:
    """Each row by clean_person (the one rule for a person), duplicate ID numbers within the file, then
    who is new, a member here already, or a member of another union."""
    digests: list[str] = []  # the keyed hash of each valid row's ID number, in the order of result.valid
    _rows(result, body, first_row, progress, digests)
    _classify(result, context.org, context.actor, digests)


def _rows(
    result: Validation, body: Sequence[Sequence[Any]], first_row: int, progress: Progress | None, digests: list[str]
) -> None:
    # Runs for every row of rosters of 100,000: what depends only on the columns is worked out once.
    columns = result.columns
    get = cell_getter(columns)
    has = columns.__contains__
    absent = 1 << 30  # the index of a column the file does not have: never < len(row)
    i_name, i_id, i_phone = (columns.get(k, absent) for k in ("name", "id_number", "phone"))
    i_skill, i_hukou = (columns.get(k, absent) for k in ("skill_level", "hukou_address"))
    i_migrant, i_joined = (columns.get(k, absent) for k in ("is_migrant", "joined_on"))
    choices = [
        (key, parse, columns[key])
        for key, parse in (
            ("employment_form", employment_form),
            ("education", education),
            ("political_status", political_status),
        )
        if key in columns
    ]
    identity_columns = has("sex") or has("birth_date")
    today = timezone.localdate()
    seen: dict[str, int] = {}
    for number, raw in data_rows(result, body, first_row, progress):
        errors: dict[str, list[str]] = {}
        extra: dict[str, Any] = {}
        width = len(raw)
        for key, parse, index in choices:
            try:
                value = parse(_text(raw[index]) if index < width else "")
            except CellError as error:
                errors[key] = [str(error)]
            else:
                if value:
                    extra[key] = value
        if i_migrant != absent:
            try:
                migrant = yes_no(_text(raw[i_migrant]) if i_migrant < width else "", "是否农民工")
            except CellError as error:
                errors["is_migrant"] = [str(error)]
            else:
                if migrant is not None:
                    extra["is_migrant"] = migrant
        raw_id: Any = raw[i_id] if i_id < width else ""
        if type(raw_id) in (float, int) and abs(raw_id) >= 1e15:
            errors["id_number"] = ["身份证号被 Excel 存成了数字，末几位已经丢失：请把该列设为「文本」格式后重新填写。"]
            raw_id = ""
        person = PersonData(
            name=_text(raw[i_name]) if i_name < width else "",
            id_number=_text(raw_id),
            phone=_text(raw[i_phone]) if i_phone < width else "",
            skill_level=_text(raw[i_skill]) if i_skill < width else "",
            hukou_address=_text(raw[i_hukou]) if i_hukou < width else "",
            **extra,
        )
        clean = None
        try:
            clean = clean_person(person, today=today)
        except ValidationError as error:
            for key, msgs in error.field_errors.items():
                errors.setdefault(key, []).extend(msgs)
        joined_on = None
        if i_joined != absent:
            try:
                joined_on = parse_date(raw[i_joined] if i_joined < width else "")
            except ValueError as error:
                errors["joined_on"] = [str(error)]
            else:
                if joined_on is not None and joined_on > today:
                    errors["joined_on"] = ["入会日期晚于今天。"]
                elif joined_on is not None and clean is not None and joined_on < clean.resident_id.birth_date:
                    errors["joined_on"] = ["入会日期早于出生日期。"]
        warnings = list(person.warnings)
        if clean is not None:
            if identity_columns:
                warnings.extend(_identity_checks(raw, get, has, clean.resident_id.sex, clean.resident_id.birth_date))
            earlier = seen.get(clean.digest)
            if earlier is not None:
                errors.setdefault("id_number", []).append(f"与第 {earlier} 行的身份证号重复，本行不导入。")
                result.counts["duplicates"] += 1
            elif not errors:
                seen[clean.digest] = number
        result.note(number, errors, warnings)
        if not errors and clean is not None:
            result.valid.append(RosterRow(row=number, person=person, joined_on=joined_on, clean=clean))
            digests.append(clean.digest)


def _text(value: Any) -> str:
    return value if type(value) is str else cell_text(value)


_SEX = {"男": "M", "女": "F", "m": "M", "f": "F", "male": "M", "female": "F"}


def _identity_checks(
    raw: Sequence[Any], get: CellGetter, has: Callable[[str], bool], sex: str, born: date
) -> list[str]:
    """Sex and birth date columns, when the file has them, are only compared with the ID number."""
    notes = []
    if has("sex"):
        text = compact(cell_text(get(raw, "sex"))).lower()
        if text and _SEX.get(text, text) != sex:
            notes.append(f"性别「{text}」与身份证号不符，以身份证号为准（{'男' if sex == 'M' else '女'}）。")
    if has("birth_date"):
        value = get(raw, "birth_date")
        try:
            stated = parse_date(value)
        except ValueError:
            stated = None
        if stated is not None and stated != born:
            notes.append(f"出生日期 {stated.isoformat()} 与身份证号不符，以身份证号为准（{born.isoformat()}）。")
    return notes


def _classify(result: Validation, org: OrgUnit, actor: Actor | None, digests: list[str]) -> None:
    """New persons, members here already, and members of another union (offer a transfer). A union
    outside the importer's sight is not named: the row says "其他工会", and a transfer there is a request."""
    person_ids: dict[str, int] = {}
    for persons in where_in(Person.objects.all(), "id_number_hash", digests):
        person_ids.update(persons.values_list("id_number_hash", "id"))
    open_at: dict[int, tuple[int, str]] = {}
    seen = access.reach(actor, Cap.MEMBER_VIEW)
    memberships = Membership.objects.filter(status__in=OPEN_STATUSES)
    for open_ones in where_in(memberships, "person_id", list(person_ids.values())):
        for person_id, org_id, org_name, path in open_ones.values_list("person_id", "org_id", "org__name", "org__path"):
            open_at[person_id] = (org_id, org_name if seen.covers(path) else "")
    for row, digest in zip(result.valid, digests, strict=True):
        found = person_ids.get(digest)
        membership = open_at.get(found) if found is not None else None
        if membership is None:
            result.counts["new"] += 1
        elif membership[0] == org.pk:
            result.counts["here"] += 1
        else:
            result.counts["elsewhere"] += 1
            report = result.report(row.row)
            report.elsewhere = membership[1] or "其他工会"
            if membership[1]:
                report.warnings.append(f"已是「{membership[1]}」的会员：可选择接转到本工会，否则本行不导入。")
            else:
                report.warnings.append(
                    "已是其他工会的会员：可选择申请接转（原工会同意或职工确认后生效），否则本行不导入。"
                )
            result.elsewhere_rows.append(
                {"row": row.row, "name": clean_text(row.person.name), "org": membership[1] or "其他工会"}
            )


def commit_roster(actor: Actor, job: ImportJob, result: Validation, source: str) -> Committed:
    """Through roster_commit; members elsewhere go in only when the job asks to transfer them."""
    chosen = set(job.transfer_rows)
    rows: list[RosterRow] = result.valid
    for row in rows:
        row.transfer = job.transfer_all or row.row in chosen
    members = roster_commit(actor=actor, org=job.org, rows=rows, source=source)
    not_in = {
        row: f"已是{_named(_org_of(result, row))}的会员，未导入；如需接转，请勾选「接转到本工会」后重新导入。"
        for row, _ in members.elsewhere
    }
    not_in |= dict.fromkeys(members.requested, "已是其他工会的会员：已申请接转，待原工会同意或职工本人确认后生效。")
    outcome = members.as_dict()
    outcome["added"] = members.created + members.transferred
    return Committed(outcome=outcome, not_in=not_in)


def _named(org: str) -> str:
    return "其他工会" if org == "其他工会" else f"「{org}」"


def _org_of(result: Validation, row: int) -> str:
    report = result.reports.get(row)
    return report.elsewhere if report is not None and report.elsewhere else "其他工会"


def left_out(job: ImportJob, result: Validation | None) -> int:
    """Members of other unions the commit would leave out (not asked to be transferred)."""
    if job.transfer_all:
        return 0
    chosen = set(job.transfer_rows)
    if result is None:
        return int(job.counts.get("elsewhere", 0)) - sum(1 for e in job.elsewhere if e["row"] in chosen)
    return sum(1 for r in result.reports.values() if r.elsewhere and not r.errors and r.row not in chosen)


ROSTER = Kind(
    key=MEMBERS,
    label="会员花名册",
    fields=FIELDS,
    capability=Cap.MEMBER_EDIT,
    view_capability=Cap.MEMBER_VIEW,
    validate=validate_roster,
    commit=commit_roster,
    counts=(("new", "新会员"), ("here", "已在本会"), ("elsewhere", "其他工会会员")),
    added_label="新增会员",
    target_levels=tuple(MEMBER_LEVELS),
    target_refusal="会员花名册须导入到基层工会或分工会。",
    transfers=True,
    left_out=left_out,
    help="会员花名册导入到基层工会或分工会。",
    order=10,
)


def register() -> None:
    kinds.register(ROSTER)
