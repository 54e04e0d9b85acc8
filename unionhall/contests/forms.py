"""Forms of the skills contest pages: they parse what was typed; the services decide whether it is valid (and
every error of a submit is shown at once, the services' checks added to the form's own)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from unionhall.contests.models import ContestItem, ContestStatus, ItemKind
from unionhall.core.forms import DATE
from unionhall.orgs.access import Cap
from unionhall.orgs.pickers import UnitPickerField
from unionhall.workflow.kernel import Transition


class ContestFilterForm(forms.Form):
    org = UnitPickerField(label="主办单位（含下级）", cap=Cap.COMPETITION_VIEW)
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *ContestStatus.choices])
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    trade = forms.CharField(label="工种", required=False, max_length=50)
    q = forms.CharField(label="竞赛名称", required=False, max_length=50)
    waiting = forms.BooleanField(label="我主办、进行中", required=False)


class ContestForm(forms.Form):
    org = UnitPickerField(label="主办单位", cap=Cap.COMPETITION_MANAGE, strict=True, required=True)
    title = forms.CharField(label="竞赛名称", required=False, max_length=200)
    trade = forms.CharField(label="工种", required=False, max_length=100, help_text="如 数控车工、电工、焊工。")
    starts_on = forms.DateField(label="开始日期", required=False, widget=DATE)
    ends_on = forms.DateField(label="结束日期", required=False, widget=DATE)
    place = forms.CharField(label="比赛地点", required=False, max_length=400)


class ItemForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=[("", "—"), *ItemKind.choices], required=False)
    name = forms.CharField(label="项目名称", required=False, max_length=100)
    weight = forms.CharField(label="权重（%）", required=False, max_length=10, help_text="各项目权重之和应为 100。")
    max_score = forms.CharField(label="满分", required=False, max_length=10, initial="100", help_text="不填为 100。")


class EntrantForm(forms.Form):
    member_no = forms.CharField(
        label="会员编号", max_length=32, help_text="选手须为主办单位范围内工会的在会会员，如 GH0000000123。"
    )


class JudgeForm(forms.Form):
    username = forms.CharField(label="评委用户名", max_length=150, help_text="评委不能为本单位选手评分（自动回避）。")


class TheoryForm(forms.Form):
    """One field per theory item: the entrant's exam marks."""

    def __init__(self, *args: Any, items: Sequence[ContestItem] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in items:
            self.fields[f"t_{item.pk}"] = forms.CharField(
                label=f"{item.name}（满分 {item.max_score}）", required=False, max_length=10
            )


class StepForm(forms.Form):
    """A step of a contest's life (workflow.py): the awarded places when finishing, a reason when cancelling."""

    def __init__(self, *args: Any, transition: Transition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if transition.name == "finish":
            self.fields["awarded_top"] = forms.IntegerField(
                label="获奖名次（前几名，0 为不评奖）", min_value=0, max_value=1000, initial=3
            )
        if transition.needs_reason:
            self.fields["reason"] = forms.CharField(
                label="取消原因", max_length=500, widget=forms.Textarea(attrs={"rows": 2})
            )
