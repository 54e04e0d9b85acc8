"""Forms of the joint meeting pages: they parse what was typed; the services decide whether it is valid."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from unionhall.core.forms import DATE
from unionhall.documents.forms import UploadField
from unionhall.meetings.models import MeetingStatus
from unionhall.orgs.access import Cap
from unionhall.orgs.pickers import UnitPickerField

ATTENDEES_HELP = "每行一人：姓名 职务 单位，如「张伟 副局长 区人社局」。"


class MeetingFilterForm(forms.Form):
    org = UnitPickerField(label="召集单位（含下级）", cap=Cap.TASK_VIEW)
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *MeetingStatus.choices])
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    q = forms.CharField(label="会议名称", required=False, max_length=50)


class MeetingForm(forms.Form):
    title = forms.CharField(label="会议名称", max_length=100)
    date = forms.DateField(label="会议日期", widget=DATE)
    place = forms.CharField(label="会议地点", required=False, max_length=100)
    departments = forms.TypedMultipleChoiceField(
        label="参会成员单位", required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    attendees = forms.CharField(
        label="参会人员",
        required=False,
        max_length=3000,
        help_text=ATTENDEES_HELP,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, departments: Sequence[tuple[int, str]] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["departments"].choices = list(departments)  # type: ignore[attr-defined]


class NewMeetingForm(MeetingForm):
    org = UnitPickerField(label="召集单位", cap=Cap.TASK_MANAGE, strict=True, required=True)
    field_order = ["org", "title", "date", "place", "departments", "attendees"]


class ItemForm(forms.Form):
    title = forms.CharField(label="议题", max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class ResolutionForm(forms.Form):
    title = forms.CharField(label="决议事项", max_length=200)
    department = forms.TypedChoiceField(label="责任单位", coerce=int, empty_value=None)
    due_on = forms.DateField(label="办理期限", widget=DATE)
    detail = forms.CharField(
        label="具体要求", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, departments: Sequence[tuple[int, str]] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", "—"), *departments]  # type: ignore[attr-defined]


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label="会议纪要", required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 10})
    )
    upload = UploadField(label="纪要文件（PDF、JPG、PNG，可不传）")


class ReasonForm(forms.Form):
    reason = forms.CharField(label="取消原因", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
