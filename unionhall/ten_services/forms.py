"""Forms of the 十送 pages: they parse what was typed (yuan into fen); the services decide validity."""

from __future__ import annotations

from django import forms

from unionhall.core.forms import DATE, YuanField
from unionhall.orgs.access import Cap
from unionhall.orgs.pickers import UnitPickerField
from unionhall.ten_services.models import DeliveryKind


class DeliveryForm(forms.Form):
    org = UnitPickerField(
        label="服务单位", cap=Cap.ASSISTANCE_EDIT, required=True, help_text="在哪个工会（组织）名下登记"
    )
    kind = forms.ChoiceField(label="类别", choices=DeliveryKind.choices)
    delivered_on = forms.DateField(label="日期", widget=DATE)
    title = forms.CharField(label="活动名称", max_length=120)
    beneficiary_count = forms.IntegerField(
        label="受益人数", required=False, min_value=0, help_text="只登记具名受益人时可留空，按具名人数计"
    )
    beneficiaries = forms.CharField(
        label="具名受益人",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="身份证号或会员编号（GH 开头），每行一个；页面上只显示脱敏后的号码",
    )
    cost = YuanField(required=False, label="费用（元）", help_text="元；无费用可留空")
    note = forms.CharField(label="备注", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DeliveryFilterForm(forms.Form):
    kind = forms.ChoiceField(label="类别", required=False, choices=[("", "全部"), *DeliveryKind.choices])
    date_from = forms.DateField(label="起始日期", required=False, widget=DATE)
    date_to = forms.DateField(label="截止日期", required=False, widget=DATE)
    org = UnitPickerField(label="组织（含下级）", cap=Cap.ASSISTANCE_VIEW)
