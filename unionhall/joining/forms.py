"""Forms of online joining parse what was typed; joining.services decides what is valid and allowed."""

from __future__ import annotations

from typing import Any

from django import forms

from unionhall.core.forms import PhoneField
from unionhall.joining.models import ApplicationKind, ApplicationStatus
from unionhall.orgs.models import OrgUnit


class JoinForm(forms.Form):
    name = forms.CharField(
        label="姓名",
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name", "placeholder": "与身份证一致"}),
    )
    id_number = forms.CharField(
        label="身份证号",
        max_length=30,
        required=False,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false", "maxlength": 21}
        ),
        help_text="18 位居民身份证号码，仅用于会员登记，加密保存",
    )
    phone = PhoneField(label="手机号", required=False)
    employer_text = forms.CharField(
        label="工作单位",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization", "placeholder": "输入单位名称或统一社会信用代码"}),
    )
    # The employer picked from the search results (radio buttons the search swaps in).
    employer = forms.CharField(required=False, widget=forms.HiddenInput)
    area = forms.ModelChoiceField(
        label="工作所在区县",
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label="— 找不到单位时请选择 —",
        help_text="单位不在列表中时，由所选区县总工会为您安排",
    )

    def __init__(self, *args: Any, areas: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if areas is not None:
            self.fields["area"].queryset = areas  # type: ignore[attr-defined]


class StatusForm(forms.Form):
    code = forms.CharField(
        label="参考编号",
        max_length=12,
        widget=forms.TextInput(
            attrs={"placeholder": "RJ-XXXXX", "autocapitalize": "characters", "autocomplete": "off"}
        ),
        error_messages={"required": "请填写提交申请后得到的参考编号。"},
    )
    id_last4 = forms.CharField(
        label="身份证号后四位",
        max_length=4,
        min_length=4,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "maxlength": 4}),
        error_messages={"required": "请填写身份证号后四位。", "min_length": "请填写身份证号后四位。"},
    )


class ApplicationFilterForm(forms.Form):
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *ApplicationStatus.choices])
    kind = forms.ChoiceField(label="类型", required=False, choices=[("", "全部"), *ApplicationKind.choices])


class ApproveForm(forms.Form):
    union = forms.ChoiceField(label="接收工会", required=False)

    def __init__(self, *args: Any, unions: list[OrgUnit], initial_union: OrgUnit | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["union"]
        choices = [(str(u.pk), u.name) for u in unions]
        if initial_union is None or initial_union not in unions:
            choices.insert(0, ("", "— 请选择 —"))
        field.choices = choices  # type: ignore[attr-defined]
        if initial_union is not None and initial_union in unions:
            field.initial = str(initial_union.pk)


class RejectForm(forms.Form):
    reason = forms.CharField(
        label="不予批准的原因",
        required=False,
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "申请人将在进度查询中看到此原因"}),
    )
