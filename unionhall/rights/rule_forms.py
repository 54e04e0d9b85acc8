"""Forms of the rules page: they parse what was typed; rule_services decides what is valid and allowed, and
its field errors are shown next to the fields."""

from __future__ import annotations

from typing import Any

from django import forms

from unionhall.core.forms import DATE
from unionhall.rights.models import CaseCategory, Complexity, RiskLevel

COUNTING = [("1", "工作日"), ("0", "自然日")]


def _yes(value: str) -> bool:
    return value == "1"


class TimeLimitForm(forms.Form):
    """One time limit; on the row of an existing rule its category and complexity are fixed (hidden)."""

    category = forms.ChoiceField(label="案件类别", required=False, choices=[("", "全部类别"), *CaseCategory.choices])
    complexity = forms.ChoiceField(label="复杂程度", choices=Complexity.choices)
    days = forms.IntegerField(label="办理时限（天）")
    working_days = forms.TypedChoiceField(label="计算方式", choices=COUNTING, coerce=_yes, initial="1")
    remind_before_days = forms.IntegerField(label="到期前提醒（天）", initial=2)

    def __init__(self, *args: Any, fixed: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if fixed:
            self.fields["category"].widget = forms.HiddenInput()
            self.fields["complexity"].widget = forms.HiddenInput()
        else:
            # Adding a category's own limit: "any category" rows are edited in place, never added here.
            category = self.fields["category"]
            assert isinstance(category, forms.ChoiceField)
            category.choices = CaseCategory.choices
            category.required = True


class HolidayForm(forms.Form):
    day = forms.DateField(label="日期", widget=DATE)
    is_workday = forms.TypedChoiceField(
        label="类型", choices=[("0", "放假（工作日休息）"), ("1", "调休上班（周末上班）")], coerce=_yes, initial="0"
    )
    name = forms.CharField(label="名称", required=False, max_length=30)


class RiskLevelRuleForm(forms.Form):
    level = forms.ChoiceField(choices=RiskLevel.choices, widget=forms.HiddenInput())
    ack_hours = forms.IntegerField(label="签收时限（小时）")
