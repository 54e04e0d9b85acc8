"""Forms of the team pages: they parse what was typed; the services decide whether it is valid, and every
error of a submit is shown at once (the services' checks added to the form's own)."""

from __future__ import annotations

from typing import Any

from django import forms

from unionhall.core.errors import ValidationError
from unionhall.core.forms import YuanField
from unionhall.core.money import parse_yuan
from unionhall.orgs.access import Cap
from unionhall.orgs.pickers import UnitPickerField
from unionhall.teams import periods
from unionhall.teams.models import ITEMS

SORTS = [("rate", "按节约率"), ("name", "按名称")]


class TeamFilterForm(forms.Form):
    org = UnitPickerField(label="所属工会（含下级）", cap=Cap.INNOVATION_VIEW)
    q = forms.CharField(label="班组名称", required=False, max_length=50)
    active = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), ("1", "在册"), ("0", "已撤销")])
    missing = forms.CharField(
        label="未填报实际成本的月份",
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"placeholder": "如 2026-11"}),
    )

    def clean_missing(self) -> str:
        text = self.cleaned_data.get("missing") or ""
        if not text.strip():
            return ""
        return _period(text)


def numbers_in(text: str) -> list[str]:
    return [n.strip().upper() for n in text.replace("，", " ").replace(",", " ").split() if n.strip()]


class TeamForm(forms.Form):
    org = UnitPickerField(label="所属基层工会", cap=Cap.INNOVATION_EDIT, strict=True, required=True)
    name = forms.CharField(label="班组名称", required=False, max_length=60)
    leader = forms.CharField(label="班组长会员编号", required=False, max_length=32, help_text="如 GH0000000123。")
    members = forms.CharField(
        label="成员会员编号",
        required=False,
        max_length=3000,
        help_text="每行一个会员编号；班组长不必重复填写。",
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def numbers(self) -> list[str]:
        return numbers_in(self.cleaned_data.get("members") or "")


class TeamEditForm(TeamForm):
    active = forms.BooleanField(label="在册（取消勾选即撤销该班组，保留其历史数据）", required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["org"]


class AmountField(YuanField):
    """An amount in yuan where 0 is an answer (no repairs this month), blank is none."""

    def to_python(self, value: Any) -> int | None:
        text = str(value if value is not None else "").strip()
        if not text:
            return None
        try:
            return parse_yuan(text, allow_zero=True)
        except ValidationError as error:
            raise forms.ValidationError([m for ms in error.field_errors.values() for m in ms]) from None


class AmountsForm(forms.Form):
    """One team's month: the period and one amount per cost item (in yuan; blank: none)."""

    period = forms.CharField(label="期间（年月）", max_length=10, help_text="如 2026-11。")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in ITEMS:
            self.fields[item.value] = AmountField(label=f"{item.label}（元）", required=False)

    def clean_period(self) -> str:
        text = self.cleaned_data.get("period") or ""
        return _period(text)

    def amounts(self) -> dict[str, int | None]:
        data = self.cleaned_data
        return {item.value: data.get(item.value) for item in ITEMS if item.value not in self.errors}


class PeriodChoiceForm(forms.Form):
    period = forms.CharField(
        label="月份", required=False, max_length=10, widget=forms.TextInput(attrs={"placeholder": "如 2026-11"})
    )

    def clean_period(self) -> str:
        text = self.cleaned_data.get("period") or ""
        if not text.strip():
            return periods.last()
        return _period(text)


def _period(text: str) -> str:
    try:
        return periods.parse(text)
    except ValidationError as error:
        raise forms.ValidationError(error.field_errors.get("period") or [periods.REFUSAL]) from None
