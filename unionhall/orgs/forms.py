"""Forms parse what was typed; the services decide whether it is allowed and valid."""

from __future__ import annotations

from typing import Any

from django import forms

from unionhall.core.forms import DATE
from unionhall.orgs.access import Cap
from unionhall.orgs.models import Division, GrassrootsKind, Industry, OrgLevel, Ownership
from unionhall.orgs.pickers import UnitPickerField


class DivisionCodeField(forms.CharField):
    """A 12-digit statistical division code typed by hand (there are 600,000 of them: no select box)."""

    def __init__(self, **kwargs: Any):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 12)
        kwargs.setdefault("help_text", "12 位统计用区划代码，如 320508001001")
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Division):
            return value.code
        if isinstance(value, str) and value.isdigit() and len(value) < 12:
            return value
        return value

    def clean(self, value: Any) -> Division | None:
        code = (super().clean(value) or "").strip()
        if not code:
            return None
        if not code.isdigit():
            raise forms.ValidationError("区划代码只能是数字。")
        code = code.ljust(12, "0")
        division = Division.objects.filter(code=code).first()
        if division is None:
            raise forms.ValidationError("没有这个区划代码。")
        return division


class OrgUnitForm(forms.Form):
    name = forms.CharField(label="名称", max_length=120)
    kind = forms.ChoiceField(label="基层工会类型", required=False, choices=[("", "—"), *GrassrootsKind.choices])
    uscc = forms.CharField(label="工会法人统一社会信用代码", required=False, max_length=25)
    division = DivisionCodeField(label="所在区划")
    address = forms.CharField(label="地址", required=False, max_length=200)
    founded_on = forms.DateField(label="成立日期", required=False, widget=DATE)
    term_years = forms.TypedChoiceField(
        label="届期", required=False, coerce=int, empty_value=None, choices=[("", "—"), (3, "3 年"), (5, "5 年")]
    )
    term_started_on = forms.DateField(label="本届开始日期", required=False, widget=DATE)
    chair_name = forms.CharField(label="主席", required=False, max_length=50)
    employee_count = forms.IntegerField(label="职工人数", min_value=0, initial=0)
    has_party_org = forms.BooleanField(label="建有党组织", required=False)
    party_co_build = forms.BooleanField(label="党建带工建", required=False)
    ends_on = forms.DateField(label="项目结束日期（项目工会）", required=False, widget=DATE)


class OrgUnitCreateForm(OrgUnitForm):
    code = forms.CharField(label="编码", max_length=40)
    level = forms.ChoiceField(label="层级", choices=[c for c in OrgLevel.choices if c[0] != OrgLevel.CITY])

    field_order = ["code", "level", "name", "kind"]


class OrgCodeForm(forms.Form):
    target = UnitPickerField(label="目标组织", cap=Cap.ORG_VIEW, required=True)


class DissolveForm(forms.Form):
    reason = forms.CharField(label="撤销原因", widget=forms.Textarea(attrs={"rows": 3}), max_length=500)


class EmployerForm(forms.Form):
    name = forms.CharField(label="单位名称", max_length=200)
    uscc = forms.CharField(label="统一社会信用代码", max_length=25)
    ownership = forms.ChoiceField(label="经济类型", choices=Ownership.choices)
    industry = forms.ChoiceField(label="行业", choices=Industry.choices)
    division = DivisionCodeField(label="所在区划")
    address = forms.CharField(label="地址", required=False, max_length=200)
    registered_on = forms.DateField(label="成立（注册）日期", required=False, widget=DATE)
    opened_on = forms.DateField(label="开业日期", required=False, widget=DATE)
    employee_count = forms.IntegerField(label="职工人数", min_value=0, initial=0)
    union_code = UnitPickerField(label="覆盖工会", cap=Cap.EMPLOYER_VIEW, help_text="留空表示未建会")


class EmployerFilterForm(forms.Form):
    q = forms.CharField(label="名称或信用代码", required=False)
    org = UnitPickerField(label="所属组织（含下级）", cap=Cap.EMPLOYER_VIEW)
    covered = forms.ChoiceField(
        label="建会", required=False, choices=[("", "全部"), ("yes", "已覆盖"), ("no", "未建会")]
    )
    ownership = forms.ChoiceField(label="经济类型", required=False, choices=[("", "全部"), *Ownership.choices])
    industry = forms.ChoiceField(label="行业", required=False, choices=[("", "全部"), *Industry.choices])
    min_employees = forms.IntegerField(label="职工人数≥", required=False, min_value=0)
