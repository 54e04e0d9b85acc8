"""Forms of the 救助支出 pages: they parse what was typed (yuan into fen); the services decide the rest."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from unionhall.assistance.disbursements.models import DisbursementStatus
from unionhall.assistance.models import Programme
from unionhall.core.forms import DATE, PeriodForm, YuanField
from unionhall.core.unmasked import PurposeForm
from unionhall.orgs.access import Cap
from unionhall.orgs.pickers import UnitPickerField


class DisbursementFilterForm(forms.Form):
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *DisbursementStatus.choices])
    programme = forms.ModelChoiceField(
        label="帮扶项目", required=False, queryset=Programme.objects.all(), empty_label="全部"
    )
    budget = forms.IntegerField(label="预算编号", required=False, min_value=1)
    org = UnitPickerField(label="工会（含下级）", cap=Cap.FUNDS_VIEW)
    month = forms.CharField(
        label="申请月份", required=False, widget=forms.TextInput(attrs={"type": "month"}), help_text="如 2026-03"
    )

    def clean_month(self) -> date | None:
        text = (self.cleaned_data.get("month") or "").strip()
        if not text:
            return None
        try:
            year, month = (int(p) for p in text.split("-"))
            return date(year, month, 1)
        except ValueError:
            raise forms.ValidationError("请按 2026-03 的格式填写月份。") from None


class ReconciliationForm(PeriodForm):
    period = ("paid_from", "paid_to", "结束日期不能早于开始日期。")
    paid_from = forms.DateField(label="支付日期自", widget=DATE)
    paid_to = forms.DateField(label="至", widget=DATE)
    org = UnitPickerField(label="工会（含下级）", cap=Cap.FUNDS_VIEW)


class UnmaskedReconciliationForm(ReconciliationForm, PurposeForm):
    """The same period, with full bank account numbers: a POST with a stated purpose (core/unmasked.py)."""


class DisbursementRequestForm(forms.Form):
    programme = forms.ModelChoiceField(label="帮扶项目", queryset=Programme.objects.none(), empty_label="请选择")
    budget = forms.TypedChoiceField(label="使用预算", coerce=int, choices=())
    amount = YuanField(label="金额（元）", required=False, help_text="留空按项目标准金额")

    def __init__(self, *args: Any, programmes: Any, budgets: list[tuple[int, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes  # type: ignore[attr-defined]
        self.fields["budget"].choices = [("", "请选择"), *budgets]  # type: ignore[attr-defined]


class ApproveForm(forms.Form):
    note = forms.CharField(label="审批意见", required=False, max_length=200)


class RejectForm(forms.Form):
    reason = forms.CharField(label="驳回理由", max_length=300)


class PayForm(forms.Form):
    paid_on = forms.DateField(label="支付日期", widget=DATE)
    bank_ref = forms.CharField(label="银行流水号", max_length=60)


class CancelForm(forms.Form):
    reason = forms.CharField(label="撤销理由", max_length=300)
