"""Forms of the innovation studios' pages: they parse what was typed; studio_services decides what is valid."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from unionhall.core.forms import DATE
from unionhall.documents.forms import UploadField
from unionhall.innovation.models import StudioLevel, StudioRating, StudioStatus
from unionhall.orgs.access import Cap
from unionhall.orgs.pickers import UnitPickerField


def tokens(text: str | None) -> list[str]:
    """Numbers typed one a line (or separated by commas or spaces), upper-cased, in order, each once."""
    seen: list[str] = []
    for raw in (text or "").replace("，", " ").replace(",", " ").replace("、", " ").split():
        value = raw.strip().upper()
        if value and value not in seen:
            seen.append(value)
    return seen


class StudioFilterForm(forms.Form):
    org = UnitPickerField(label="所属工会（含下级）", cap=Cap.INNOVATION_VIEW)
    level = forms.ChoiceField(label="级别", required=False, choices=[("", "全部"), *StudioLevel.choices])
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *StudioStatus.choices])
    flagged = forms.ChoiceField(
        label="连续两年不合格", required=False, choices=[("", "全部"), ("1", "是"), ("0", "否")]
    )
    due = forms.ChoiceField(label="本年度待我考评", required=False, choices=[("", "全部"), ("1", "是")])
    q = forms.CharField(label="名称或领办人", required=False, max_length=50)


class StudioForm(forms.Form):
    """A studio's particulars and members; the union is chosen only when it is registered."""

    org = UnitPickerField(label="所属工会", cap=Cap.INNOVATION_EDIT, strict=True, required=True)
    name = forms.CharField(label="工作室名称", max_length=100, help_text="如：张建国劳模创新工作室")
    level = forms.ChoiceField(label="级别", choices=[("", "请选择"), *StudioLevel.choices])
    lead_no = forms.CharField(label="领办人会员编号", max_length=32, help_text="领办人须是本工会（含下级）在会会员。")
    lead_title = forms.CharField(
        label="领办人荣誉", required=False, max_length=100, help_text="如：全国劳动模范、江苏工匠（可不填）"
    )
    founded_on = forms.DateField(label="命名日期", widget=DATE)
    members = forms.CharField(
        label="成员会员编号",
        required=False,
        max_length=2000,
        help_text="每行一个会员编号；领办人自动列为成员。",
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, with_org: bool = True, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if not with_org:
            del self.fields["org"]

    def numbers(self) -> list[str]:
        return tokens(self.cleaned_data.get("members"))


class StudioLinkForm(forms.Form):
    submissions = forms.CharField(
        label="创新成果编号",
        required=False,
        max_length=2000,
        help_text="每行一个，如 CX20260000012；成果的成员中须有本工作室成员。",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    patents = forms.CharField(
        label="专利号",
        required=False,
        max_length=2000,
        help_text="每行一个，如 ZL202310123456.7；发明人或关联成果的成员中须有本工作室成员。",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class StudioReviewForm(forms.Form):
    year = forms.IntegerField(label="考评年度", min_value=2000, max_value=2100)
    rating = forms.ChoiceField(label="考评结果", choices=[("", "请选择"), *StudioRating.choices])
    comment = forms.CharField(label="考评意见", max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    upload = UploadField(label="考评材料", required=True, help_text="考评表、年度工作总结等（PDF、JPG 或 PNG）。")

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class StudioStepForm(forms.Form):
    reason = forms.CharField(label="理由", max_length=300, widget=forms.Textarea(attrs={"rows": 2}))
