"""Forms of the competition pages: they parse what was typed; the services decide whether it is valid (and
every error of a submit is shown at once, the services' checks added to the form's own)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from unionhall.competitions.models import CompetitionStatus, Direction, Kind, Method
from unionhall.core.forms import DATE
from unionhall.orgs.access import Cap
from unionhall.orgs.pickers import UnitPickerField


class CompetitionFilterForm(forms.Form):
    org = UnitPickerField(label="主办单位（含下级）", cap=Cap.COMPETITION_VIEW)
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *CompetitionStatus.choices])
    kind = forms.ChoiceField(label="竞赛类型", required=False, choices=[("", "全部"), *Kind.choices])
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    q = forms.CharField(label="竞赛名称", required=False, max_length=50)
    waiting = forms.BooleanField(label="有待核定成绩", required=False)


class CompetitionForm(forms.Form):
    org = UnitPickerField(label="主办单位", cap=Cap.COMPETITION_MANAGE, strict=True, required=True)
    title = forms.CharField(label="竞赛名称", required=False, max_length=200)
    kind = forms.ChoiceField(label="竞赛类型", choices=Kind.choices)
    starts_on = forms.DateField(label="开始日期", required=False, widget=DATE)
    ends_on = forms.DateField(label="结束日期", required=False, widget=DATE)
    co_organizers = forms.CharField(
        label="协办单位（可不填）",
        required=False,
        max_length=500,
        help_text="填写组织代码，多个以逗号或空格分隔，如 SZ-GS-01, SZ-GS-02。",
    )
    description = forms.CharField(
        label="竞赛内容", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class IndicatorForm(forms.Form):
    code = forms.CharField(label="指标代码", required=False, max_length=40)
    name = forms.CharField(label="指标名称", required=False, max_length=100)
    weight = forms.DecimalField(label="权重", required=False)
    target = forms.DecimalField(label="目标值", required=False)
    unit = forms.CharField(label="计量单位", required=False, max_length=40)
    direction = forms.ChoiceField(label="方向", choices=Direction.choices)
    method = forms.ChoiceField(label="计分方法", choices=Method.choices)
    cap_percent = forms.IntegerField(label="完成率封顶（%）", initial=120, required=False)


class StageForm(forms.Form):
    name = forms.CharField(label="阶段名称", required=False, max_length=100)
    starts_on = forms.DateField(label="开始日期", required=False, widget=DATE)
    ends_on = forms.DateField(label="结束日期", required=False, widget=DATE)


class ParticipantForm(forms.Form):
    org = UnitPickerField(label="参赛单位", cap=Cap.COMPETITION_MANAGE, strict=True, required=True)
    team = forms.CharField(label="班组（可不填）", required=False, max_length=100)


def _choices(pairs: Sequence[tuple[int, str]]) -> list[tuple[Any, str]]:
    return [("", "—"), *pairs]


class ResultForm(forms.Form):
    participant = forms.TypedChoiceField(label="参赛单位", coerce=int, empty_value=None, required=False)
    stage = forms.TypedChoiceField(label="阶段", coerce=int, empty_value=None, required=False)
    indicator = forms.TypedChoiceField(label="指标", coerce=int, empty_value=None, required=False)
    value = forms.CharField(label="数值（截至阶段末累计）", required=False, max_length=30)

    def __init__(
        self,
        *args: Any,
        participants: Sequence[tuple[int, str]] = (),
        stages: Sequence[tuple[int, str]] = (),
        indicators: Sequence[tuple[int, str]] = (),
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.fields["participant"].choices = _choices(participants)  # type: ignore[attr-defined]
        self.fields["stage"].choices = _choices(stages)  # type: ignore[attr-defined]
        self.fields["indicator"].choices = _choices(indicators)  # type: ignore[attr-defined]


class ValueForm(forms.Form):
    value = forms.CharField(label="数值（截至阶段末累计）", max_length=30)


class FinishForm(forms.Form):
    commendation = forms.CharField(
        label="表彰决定", max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="如：授予前三名“2026年度重点工程劳动竞赛优胜单位”称号。",
    )  # fmt: skip
    commended_top = forms.IntegerField(label="表彰前几名（0 为不按名次）", min_value=0, max_value=1000, initial=3)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
