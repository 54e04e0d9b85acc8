"""Member forms parse what was typed; members.services decides what is valid and allowed."""

from __future__ import annotations

from django import forms

from unionhall.core.forms import DATE
from unionhall.members.models import Education, EmploymentForm, MembershipStatus, PoliticalStatus
from unionhall.orgs.access import Cap
from unionhall.orgs.pickers import EmployerPickerField, UnitPickerField

STATUS_CHOICES = [("open", "在会及保留会籍"), ("", "全部"), *MembershipStatus.choices]


class MemberFilterForm(forms.Form):
    q = forms.CharField(label="姓名/拼音首字母/手机/身份证号/会员编号", required=False)
    org = UnitPickerField(label="工会（含下级）", cap=Cap.MEMBER_VIEW)
    status = forms.ChoiceField(label="会籍状态", required=False, choices=STATUS_CHOICES, initial="open")
    employment_form = forms.ChoiceField(
        label="就业形态", required=False, choices=[("", "全部"), *EmploymentForm.choices]
    )
    migrant = forms.ChoiceField(label="农民工", required=False, choices=[("", "全部"), ("1", "是"), ("0", "否")])
    joined_from = forms.DateField(label="入会日期自", required=False, widget=DATE)
    joined_to = forms.DateField(label="至", required=False, widget=DATE)


class PersonForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=50)
    phone = forms.CharField(label="手机号", required=False, max_length=20)
    employment_form = forms.ChoiceField(label="就业形态", choices=EmploymentForm.choices)
    is_migrant = forms.BooleanField(label="农民工", required=False)
    education = forms.ChoiceField(label="学历", required=False, choices=[("", "—"), *Education.choices])
    political_status = forms.ChoiceField(
        label="政治面貌", required=False, choices=[("", "—"), *PoliticalStatus.choices]
    )
    skill_level = forms.CharField(label="技能等级", required=False, max_length=30)
    hukou_address = forms.CharField(label="户籍地址", required=False, max_length=200)


class JoinForm(PersonForm):
    org = UnitPickerField(label="加入工会", cap=Cap.MEMBER_EDIT, required=True)
    id_number = forms.CharField(label="身份证号", max_length=30)
    joined_on = forms.DateField(label="入会日期", required=False, widget=DATE, help_text="留空为今天")
    employer_uscc = EmployerPickerField(
        label="工作单位", cap=Cap.EMPLOYER_VIEW, help_text="按名称或统一社会信用代码查找"
    )

    field_order = ["org", "name", "id_number", "phone", "joined_on", "employer_uscc"]


class TransferForm(forms.Form):
    target = UnitPickerField(label="转入工会", cap=Cap.MEMBER_EDIT, required=True)
    on = forms.DateField(label="接转日期", required=False, widget=DATE, help_text="留空为今天")
    note = forms.CharField(label="备注", required=False, max_length=200)


class StatusForm(forms.Form):
    ACTIONS = [("retain", "保留会籍（退休、失业等）"), ("restore", "恢复在会"), ("leave", "退会"), ("remove", "除名")]
    action = forms.ChoiceField(label="办理", choices=ACTIONS)
    reason = forms.CharField(label="原因", required=False, max_length=200)
    on = forms.DateField(label="日期", required=False, widget=DATE, help_text="留空为今天")
