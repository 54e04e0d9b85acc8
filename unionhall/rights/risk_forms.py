"""Forms of the risk report pages (四个第一人): they parse what was typed; risk_services decides what is valid
and allowed, and its field errors are shown next to the fields with the typed values kept."""

from __future__ import annotations

from typing import Any

from django import forms

from unionhall.rights.models import RiskKind, RiskLevel, RiskStatus

OPEN_STATUS = "open"


class RiskFilterForm(forms.Form):
    org = forms.CharField(label="工会编码（含下级）", required=False)
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部"), (OPEN_STATUS, "未化解"), *RiskStatus.choices]
    )
    level = forms.ChoiceField(label="预警级别", required=False, choices=[("", "全部"), *RiskLevel.choices])
    kind = forms.ChoiceField(label="风险类型", required=False, choices=[("", "全部"), *RiskKind.choices])
    late = forms.BooleanField(label="只看超时未签收", required=False)


class RiskReportForm(forms.Form):
    """The unit is a choice among the units the user reports for when they are few, else a unit code."""

    org = forms.CharField(label="报告工会（编码）", max_length=40)
    employer = forms.CharField(
        label="用人单位", required=False, max_length=200, help_text="统一社会信用代码或单位全称；可不填"
    )
    kind = forms.ChoiceField(label="风险类型", choices=[("", "请选择"), *RiskKind.choices], required=False)
    level = forms.ChoiceField(label="预警级别", choices=[("", "请选择"), *RiskLevel.choices], required=False)
    affected_count = forms.CharField(label="涉及人数", required=False, max_length=10, initial="0")
    amount = forms.CharField(label="涉及金额（元）", required=False, max_length=20, help_text="如欠薪总额；可不填")
    description = forms.CharField(
        label="情况",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="什么单位、多少人、发生了什么、有无苗头、已做了什么",
    )

    def __init__(self, *args: Any, units: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["org"] = forms.ChoiceField(
                label="报告工会", choices=units, error_messages={"invalid_choice": "请从列表中选择您负责报告的工会。"}
            )


class NoteForm(forms.Form):
    note = forms.CharField(label="跟踪处置情况", widget=forms.Textarea(attrs={"rows": 4}), required=False)


class ResolutionForm(forms.Form):
    resolution = forms.CharField(label="处置结果", widget=forms.Textarea(attrs={"rows": 4}), required=False)
