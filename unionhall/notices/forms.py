"""The two forms of an objection: recording one received, and the verifier's finding."""

from __future__ import annotations

from django import forms

from unionhall.orgs.forms import DATE


class ObjectionForm(forms.Form):
    received_on = forms.DateField(label="收到日期", required=False, widget=DATE, help_text="留空为今天")
    content = forms.CharField(label="异议内容", widget=forms.Textarea(attrs={"rows": 3}))


class ResolveForm(forms.Form):
    upheld = forms.TypedChoiceField(
        label="核实结论", choices=[("0", "异议不成立"), ("1", "异议成立")], coerce=lambda v: v == "1"
    )
    resolution = forms.CharField(label="处理结果", widget=forms.Textarea(attrs={"rows": 3}))
