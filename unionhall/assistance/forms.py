"""Forms of the archive pages: they parse what was typed (amounts in yuan); assistance.services decides
what is valid and allowed, and its field errors are shown next to the fields (apply_domain_error)."""

from __future__ import annotations

from typing import Any

from django import forms

from unionhall.assistance.models import (
    EvidenceKind,
    FileStatus,
    HardshipCategory,
    HardshipCause,
    Relation,
    VisitKind,
)
from unionhall.core.errors import ValidationError
from unionhall.core.forms import DATE, Sectioned
from unionhall.core.money import parse_yuan
from unionhall.orgs.access import Cap
from unionhall.orgs.pickers import EmployerPickerField, UnitPickerField


class ArchiveFilterForm(forms.Form):
    q = forms.CharField(label="姓名/拼音首字母/身份证号/档案编号", required=False)
    org = UnitPickerField(label="工会（含下级）", cap=Cap.ASSISTANCE_VIEW)
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *FileStatus.choices])
    category = forms.ChoiceField(label="困难类别", required=False, choices=[("", "全部"), *HardshipCategory.choices])
    cause = forms.ChoiceField(label="致困原因", required=False, choices=[("", "全部"), *HardshipCause.choices])


def yuan_to_fen(form: forms.Form, name: str, *, allow_zero: bool = True) -> int | None:
    """Parse an amount typed in yuan; a wrong one becomes an error at the field (the typed text stays)."""
    text = (form.cleaned_data.get(name) or "").strip()
    if not text:
        return 0
    try:
        return parse_yuan(text, field=name, allow_zero=allow_zero)
    except ValidationError as e:
        for message in e.field_errors.get(name, [e.message]):
            form.add_error(name, message)
        return None


class ArchiveForm(Sectioned, forms.Form):
    # A long form in parts; the create form's unit, name and ID number open the first.
    sections = (
        ("职工信息", ("org", "name", "id_number", "phone", "address", "employer_uscc")),
        ("家庭情况", ("household_size", "monthly_income", "causes", "description")),
        ("帮扶资金发放", ("bank_name", "bank_account")),
        ("困难类别", ("category", "category_override_reason")),
    )

    phone = forms.CharField(label="联系电话", required=False, max_length=20)
    address = forms.CharField(label="家庭住址", required=False, max_length=200)
    employer_uscc = EmployerPickerField(
        label="工作单位", cap=Cap.EMPLOYER_VIEW, help_text="按名称或统一社会信用代码查找"
    )
    household_size = forms.IntegerField(label="家庭人口（含本人）", min_value=1, max_value=30, initial=1)
    monthly_income = forms.CharField(
        label="家庭月收入（元）", max_length=20, help_text="全部家庭成员合计；按人均月收入对照城市低保标准测算困难类别"
    )
    causes = forms.MultipleChoiceField(
        label="致困原因", choices=HardshipCause.choices, widget=forms.CheckboxSelectMultiple
    )
    description = forms.CharField(label="困难情况", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    bank_name = forms.CharField(label="开户银行", required=False, max_length=60)
    bank_account = forms.CharField(
        label="本人银行卡号", required=False, max_length=40, help_text="帮扶资金只发放到职工本人银行卡；加密保存"
    )
    category = forms.ChoiceField(
        label="人工认定困难类别",
        required=False,
        choices=[("", "按标准测算"), *HardshipCategory.choices],
        help_text="与测算结果不同时须填写理由",
    )
    category_override_reason = forms.CharField(label="人工认定理由", required=False, max_length=300)


class ArchiveCreateForm(ArchiveForm):
    org = UnitPickerField(label="建档工会", cap=Cap.ASSISTANCE_EDIT, required=True)
    name = forms.CharField(label="职工姓名", max_length=50)
    id_number = forms.CharField(label="身份证号", max_length=30)

    field_order = ["org", "name", "id_number"]


class MemberForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=50)
    relation = forms.ChoiceField(label="与职工关系", choices=Relation.choices)
    birth_year = forms.IntegerField(label="出生年份", required=False, min_value=1900, max_value=2100)
    occupation = forms.CharField(label="职业/就学情况", required=False, max_length=60)
    monthly_income = forms.CharField(label="月收入（元）", required=False, max_length=20)
    health = forms.CharField(
        label="健康/残疾状况",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="加密保存，仅有敏感信息权限的人员可查看",
    )


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label="材料类型", choices=EvidenceKind.choices)
    upload = forms.FileField(label="文件", help_text="PDF、JPG 或 PNG，不超过 10 MB")


class VisitForm(forms.Form):
    kind = forms.ChoiceField(label="走访类型", choices=VisitKind.choices)
    visited_on = forms.DateField(label="走访日期", widget=DATE)
    visitors = forms.CharField(label="走访人", max_length=120)
    findings = forms.CharField(label="核查情况", widget=forms.Textarea(attrs={"rows": 3}))
    confirmed = forms.TypedChoiceField(
        label="结论",
        choices=[("1", "情况属实"), ("0", "情况不属实")],
        coerce=lambda v: v == "1",
        initial="1",
    )

    def __init__(self, *args: Any, kinds: list[tuple[str, str]] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if kinds is not None:
            self.fields["kind"].choices = kinds  # type: ignore[attr-defined]


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", required=False, max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class CategoryForm(forms.Form):
    category = forms.ChoiceField(label="困难类别", choices=HardshipCategory.choices)
    reason = forms.CharField(label="人工认定理由", required=False, max_length=300)


class SettingsForm(forms.Form):
    dibao = forms.CharField(label="城市低保标准（元/人·月）", max_length=20)
    relative_multiple = forms.DecimalField(
        label="相对困难线（低保标准的倍数）", max_digits=4, decimal_places=2, help_text="例如 1.5"
    )
    notice_days = forms.IntegerField(label="公示天数")
    review_interval_days = forms.IntegerField(label="年审周期（天）")
    follow_up_days = forms.IntegerField(label="解困后回访期限（天）")
    reminder_days = forms.IntegerField(label="到期前提醒（天）")
    dual_approval = forms.CharField(label="需两人审批的金额起点（元）", max_length=20)
