"""Forms of the case pages: they parse what was typed (amounts in yuan, units and people by id among the
choices the page offers); rights.services decides what is valid and allowed, and its field errors are
shown next to the fields (core.forms.apply_domain_error)."""

from __future__ import annotations

from typing import Any

from django import forms

from unionhall.core.forms import DATE, PeriodForm
from unionhall.orgs.access import Cap
from unionhall.orgs.pickers import remote_attrs
from unionhall.rights.models import CaseCategory, CaseSource, CaseStatus, Complexity, MediationResult

Choices = list[tuple[Any, str]]


class CaseFilterForm(PeriodForm):
    period = ("received_from", "received_to", "截止日期不能早于起始日期。")
    q = forms.CharField(label="编号/诉求/单位/联系人", required=False, max_length=100)
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部"), ("open", "未办结"), *CaseStatus.choices]
    )
    category = forms.ChoiceField(label="类别", required=False, choices=[("", "全部"), *CaseCategory.choices])
    org = forms.TypedChoiceField(label="承办工会（含下级）", required=False, coerce=int, empty_value=None)
    handler = forms.TypedChoiceField(label="承办人", required=False, coerce=int, empty_value=None)
    received_from = forms.DateField(label="受理日期从", required=False, widget=DATE)
    received_to = forms.DateField(label="至", required=False, widget=DATE)
    overdue = forms.BooleanField(label="只看超期", required=False)
    shared = forms.BooleanField(label="只看协办（共享给我方）", required=False)

    def __init__(self, *args: Any, units: Choices, handlers: Choices, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["org"].choices = [("", "全部"), *units]  # type: ignore[attr-defined]
        self.fields["org"].widget.attrs.update(remote_attrs("orgs:pick_units", Cap.RIGHTS_VIEW))
        self.fields["handler"].choices = [("", "全部"), *handlers]  # type: ignore[attr-defined]


# A worker's own requests come through the portal; the cadre's form takes the other three.
DESK_SOURCES = [(v, label) for v, label in CaseSource.choices if v != CaseSource.PORTAL]


class CaseCreateForm(forms.Form):
    source = forms.ChoiceField(label="来源", choices=DESK_SOURCES, initial=CaseSource.HOTLINE)
    intake_org = forms.TypedChoiceField(label="受理登记单位", coerce=int)
    category = forms.ChoiceField(label="诉求类别", choices=[("", "请选择"), *CaseCategory.choices])
    complexity = forms.ChoiceField(label="复杂程度", choices=Complexity.choices, initial=Complexity.GENERAL)
    employer_name = forms.CharField(
        label="用人单位名称或统一社会信用代码",
        required=False,
        max_length=200,
        help_text="输入后点「查找单位」可从登记的单位中选择；找不到时照填名称即可",
    )
    employer = forms.TypedChoiceField(label="登记的用人单位", required=False, coerce=int, empty_value=None)
    person_id_number = forms.CharField(
        label="职工身份证号（会员，可不填）",
        required=False,
        max_length=30,
        help_text="填写后关联会员档案，便于双向维权",
    )
    contact_name = forms.CharField(label="联系人", max_length=50)
    contact_phone = forms.CharField(label="联系电话", required=False, max_length=20)
    worker_count = forms.CharField(label="涉及人数", max_length=8, initial="1")
    summary = forms.CharField(label="诉求摘要", max_length=200, help_text="一句话写明诉求，例如「拖欠三个月工资」")
    facts = forms.CharField(label="事实与诉求", required=False, widget=forms.Textarea(attrs={"rows": 5}))
    upload = forms.FileField(label="材料（可选）", required=False, help_text="PDF、JPG 或 PNG，不超过 10 MB")

    def __init__(self, *args: Any, units: Choices, employers: Choices, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["intake_org"].choices = units  # type: ignore[attr-defined]
        self.fields["employer"].choices = [("", "按填写的名称（不关联）"), *employers]  # type: ignore[attr-defined]
        # Searchable beyond the suggestions listed (by id, as the view expects).
        self.fields["intake_org"].widget.attrs.update(remote_attrs("orgs:pick_units", Cap.RIGHTS_HANDLE))
        self.fields["employer"].widget.attrs.update(remote_attrs("orgs:pick_employers", Cap.EMPLOYER_VIEW))
        # The services check these; the browser's own checks would hide the Chinese messages.
        for name in ("category", "summary", "contact_name"):
            self.fields[name].required = False


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", required=False, max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class CloseForm(forms.Form):
    outcome = forms.CharField(label="办理结果", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    wages_recovered = forms.CharField(
        label="追回工资（元）", required=False, max_length=20, help_text="没有追回工资的留空或填 0"
    )


class AssignForm(forms.Form):
    handler = forms.TypedChoiceField(label="承办人", coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, handlers: Choices, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["handler"].choices = [("", "请选择"), *handlers]  # type: ignore[attr-defined]


class UnitPickForm(forms.Form):
    """A unit anywhere in the tree, picked from suggestions or from a search by name or code."""

    q = forms.CharField(label="查找工会（名称或编码）", required=False, max_length=100)
    org = forms.TypedChoiceField(label="工会", required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, units: Choices, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["org"].choices = [("", "请选择"), *units]  # type: ignore[attr-defined]


class TransferForm(UnitPickForm):
    reason = forms.CharField(label="转办理由", required=False, max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class ShareForm(UnitPickForm):
    partner_name = forms.CharField(
        label="或：市外协作工会名称", required=False, max_length=120, help_text="户籍地不在本市时，记录对方工会"
    )
    partner_contact = forms.CharField(label="市外协作工会联系人及电话", required=False, max_length=120)


class MediationForm(forms.Form):
    held_on = forms.DateField(label="调解日期", required=False, widget=DATE)
    mediator = forms.CharField(label="调解员", required=False, max_length=50)
    parties = forms.CharField(label="参加人员", required=False, max_length=200)
    result = forms.ChoiceField(label="调解结果", required=False, choices=[("", "请选择"), *MediationResult.choices])
    agreement = forms.CharField(label="协议内容", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    amount = forms.CharField(label="协议金额（元）", required=False, max_length=20)


class LegalAidForm(forms.Form):
    note = forms.CharField(
        label="转介说明",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="写明转介的法律援助机构和事由",
    )


class NoteForm(forms.Form):
    note = forms.CharField(label="办理进展", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class AttachmentForm(forms.Form):
    upload = forms.FileField(label="材料", required=False, help_text="PDF、JPG 或 PNG，不超过 10 MB")


class RateForm(forms.Form):
    satisfaction = forms.ChoiceField(
        label="满意度",
        required=False,
        choices=[
            ("", "请选择"),
            ("5", "5 星 非常满意"),
            ("4", "4 星 满意"),
            ("3", "3 星 基本满意"),
            ("2", "2 星 不满意"),
            ("1", "1 星 很不满意"),
        ],
    )
    note = forms.CharField(label="评价（电话回访记录）", required=False, max_length=300)
