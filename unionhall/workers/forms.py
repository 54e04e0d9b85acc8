"""Forms of the worker's pages parse what was typed; workers.services decides what is valid and allowed."""

from __future__ import annotations

from django import forms

from unionhall.assistance.models import EvidenceKind, HardshipCause

# What a worker can prove on their own (visit photos are the union's).
WORKER_EVIDENCE = [(k, label) for k, label in EvidenceKind.choices if k != EvidenceKind.VISIT]


class PhoneForm(forms.Form):
    phone = forms.CharField(
        label="手机号",
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "numeric", "autocomplete": "tel"}),
        help_text="在工会登记的手机号",
        error_messages={"required": "请填写手机号码。"},
    )
    code = forms.CharField(
        label="验证码",
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "maxlength": 6}),
    )


class ApplyForm(forms.Form):
    causes = forms.MultipleChoiceField(
        label="致困原因（可多选）",
        choices=HardshipCause.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    description = forms.CharField(
        label="困难情况",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "如：家人患病住院、收入减少等"}),
    )
    monthly_income = forms.CharField(
        label="家庭月收入（元）",
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "全家每月合计，例如 2400"}),
    )
    household_size = forms.CharField(
        label="家庭人口", required=False, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    phone = forms.CharField(
        label="联系电话",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "numeric", "autocomplete": "tel"}),
    )
    address = forms.CharField(
        label="家庭住址",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    evidence_kind = forms.ChoiceField(
        label="证明材料类型", choices=[("", "— 不上传材料时可不选 —"), *WORKER_EVIDENCE], required=False
    )
    evidence = forms.FileField(
        label="证明材料（可选）",
        required=False,
        help_text="PDF、JPG 或 PNG，不超过 10 MB；也可以之后交给工会",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
