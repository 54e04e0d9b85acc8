"""Member rosters out to Excel: streamed in constant memory, ID numbers masked unless the caller may and asks."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import IO, Any

from django.db.models import QuerySet

from unionhall.core import pii
from unionhall.core.excel import write_workbook
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
    "person__id_number_masked",
    "person__id_number_enc",
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


def _rows(qs: QuerySet[Membership], unmasked: bool) -> Iterator[Sequence[Any]]:
    # values_list + iterator: one server-side cursor, no model instances, memory flat however many rows.
    for (
        member_no,
        name,
        sex,
        born,
        masked,
        encrypted,
        phone,
        org_name,
        org_code,
        employer,
        joined,
        status,
        form,
        migrant,
    ) in qs.values_list(*COLUMNS).iterator(chunk_size=5000):
        yield (
            member_no,
            name,
            SEX.get(sex, sex),
            born,
            pii.decrypt(encrypted) if unmasked else masked,
            phone,
            org_name,
            org_code,
            employer or "",
            joined,
            STATUS.get(status, status),
            FORM.get(form, form),
            bool(migrant),
        )


def export_members(qs: QuerySet[Membership], *, unmasked: bool, target: str | None = None) -> IO[bytes]:
    return write_workbook(HEADERS, _rows(qs.order_by("org__path", "member_no"), unmasked), sheet="会员", target=target)
