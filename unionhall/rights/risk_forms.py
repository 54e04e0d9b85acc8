"""Forms of the risk report pages (四个第一人): they parse what was typed; risk_services decides what is valid
and allowed, and its field errors are shown next to the fields with the typed values kept."""

from __future__ import annotations

from django import forms

from unionhall.orgs.access import Cap
from unionhall.orgs.pickers import EmployerPickerField, UnitPickerField
from unionhall.rights.models import RiskKind, RiskLevel, RiskStatus

OPEN_STATUS = "open"


class RiskFilterForm(forms.Form):
    # The unit among those in sight (rights.view, or risk.report for an information officer): set by the view.
    org = UnitPickerField(label="工会（含下级）", cap=Cap.RIGHTS_VIEW)
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部"), (OPEN_STATUS, "未化解"), *RiskStatus.choices]
    )
    level = forms.ChoiceField(label="预警级别", required=False, choices=[("", "全部"), *RiskLevel.choices])
    kind = forms.ChoiceField(label="风险类型", required=False, choices=[("", "全部"), *RiskKind.choices])
    late = forms.BooleanField(label="只看超时未签收", required=False)


class RiskReportForm(forms.Form):
    """The unit is picked among the units the user reports for; the employer among those in sight (a credit
    code or a full name typed without the script is looked up by the view)."""

    org = UnitPickerField(label="报告工会", cap=Cap.RISK_REPORT, strict=True, required=True)
    employer = EmployerPickerField(
        label="用人单位", cap=Cap.EMPLOYER_VIEW, help_text="按名称或统一社会信用代码查找；可不填"
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


class NoteForm(forms.Form):
    note = forms.CharField(label="跟踪处置情况", widget=forms.Textarea(attrs={"rows": 4}), required=False)


class ResolutionForm(forms.Form):
    resolution = forms.CharField(label="处置结果", widget=forms.Textarea(attrs={"rows": 4}), required=False)
