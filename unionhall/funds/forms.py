"""Forms of the budget pages: they parse what was typed (yuan into fen); the services decide the rest."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from unionhall.core.forms import YuanField
from unionhall.funds.models import Fund
from unionhall.orgs.access import Cap
from unionhall.orgs.pickers import UnitPickerField


def _year_choices() -> list[tuple[str, str]]:
    this = timezone.localdate().year
    return [("", "全部"), *((str(y), f"{y}年") for y in range(this + 1, this - 6, -1))]


class BudgetFilterForm(forms.Form):
    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None, choices=())
    fund = forms.ModelChoiceField(label="资金", required=False, queryset=Fund.objects.all(), empty_label="全部")

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices()  # type: ignore[attr-defined]


class BudgetCreateForm(forms.Form):
    fund = forms.ModelChoiceField(label="资金", queryset=Fund.objects.filter(active=True), empty_label="请选择")
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    amount = YuanField(label="预算额（元）")
    memo = forms.CharField(label="摘要", required=False, max_length=200)


class BudgetFundForm(forms.Form):
    amount = YuanField(label="追加金额（元）")
    memo = forms.CharField(label="摘要", required=False, max_length=200)


class AllocateForm(forms.Form):
    org = UnitPickerField(label="下级组织", cap=Cap.FUNDS_MANAGE, required=True, help_text="接收预算的下级工会")
    amount = YuanField(label="下拨金额（元）")
    memo = forms.CharField(label="摘要", required=False, max_length=200)
