"""Member rosters out to Excel: streamed in constant memory, ID numbers and phones masked unless the caller may
and asks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

from django.db.models import QuerySet

from unionhall.core import pii
from unionhall.core.excel import safe_cell_text, write_records
from unionhall.members.models import EmploymentForm, Membership, MembershipStatus, Sex

HEADERS = [
    "会员编号",
    "姓名",
    "性别",
    "出生日期",
    "身份证号",
    "手机号",
    "所属工会",
    "工会编码",
    "工作单位",
    "入会日期",
    "会籍状态",
    "就业形态",
    "农民工",
]
COLUMNS = (
    "member_no",
    "person__name",
    "person__sex",
    "person__birth_date",
    # the ID column: the masked copy, or the ciphertext when the export is unmasked (never both: it is long)
    "person__id_number_masked",
    "person__phone",
    "org__name",
    "org__code",
    "employer__name",
    "joined_on",
    "status",
    "person__employment_form",
    "person__is_migrant",
)
SEX = dict(Sex.choices)
STATUS = dict(MembershipStatus.choices)
FORM = dict(EmploymentForm.choices)


def _records(qs: QuerySet[Membership], unmasked: bool) -> Iterator[dict[str, Any]]:
    # values_list + iterator: one server-side cursor, no model instances, memory flat however many rows.
    # Only free text typed by people (names, phones) can start a formula; codes and dates cannot.
    text = safe_cell_text
    (no, name, sex, born, id_col, phone, org, code, employer, joined, status, form, migrant) = HEADERS
    columns = list(COLUMNS)
    if unmasked:
        columns[4] = "person__id_number_enc"
    for (
        member_no,
        person,
        sex_value,
        birth,
        id_value,
        phone_value,
        org_name,
        org_code,
        employer_name,
        joined_on,
        status_value,
        form_value,
        is_migrant,
    ) in qs.values_list(*columns).iterator(chunk_size=10000):
        yield {
            no: member_no,
            name: text(person),
            sex: SEX.get(sex_value, sex_value),
            born: birth,
            id_col: pii.decrypt(id_value) if unmasked else id_value,
            phone: text(phone_value) if unmasked else pii.mask_phone(phone_value),
            org: text(org_name),
            code: org_code,
            employer: text(employer_name or ""),
            joined: joined_on,
            status: STATUS.get(status_value, status_value),
            form: FORM.get(form_value, form_value),
            migrant: "是" if is_migrant else "否",
        }


def export_members(qs: QuerySet[Membership], *, unmasked: bool, target: str | None = None) -> IO[bytes]:
    # The list's own sort when the reader chose one (the kit's `sort` put it there), else by union.
    ordered = (
        qs if qs.query.order_by and "org__path" not in qs.query.order_by else qs.order_by("org__path", "member_no")
    )
    records = _records(ordered, unmasked)
    return write_records(HEADERS, records, sheet="会员", target=target)
