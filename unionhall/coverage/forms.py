"""Forms of the coverage pages: they parse what was typed; the services decide whether it is valid."""

from __future__ import annotations

from typing import Any

from django import forms

from unionhall.core.forms import DATE
from unionhall.coverage.models import TaskKind, TaskStatus
from unionhall.coverage.selectors import ElectionProblem, SyncCheck
from unionhall.orgs.access import Cap
from unionhall.orgs.models import OrgLevel
from unionhall.orgs.pickers import UnitPickerField


def _target(label: str) -> forms.DecimalField:
    """A rate's target in percent, optional: the line the coverage chart draws."""
    return forms.DecimalField(
        label=label, max_digits=5, decimal_places=2, required=False, help_text="覆盖概览图表上画出的目标线；留空则不画"
    )


class CoverageSettingsForm(forms.Form):
    size_threshold = forms.IntegerField(
        label="建会统计规模（职工人数≥）", help_text="达到此人数的用人单位计入建会率，并纳入三同步与建会任务"
    )
    sync_since = forms.DateField(
        label="三同步起算日期", widget=DATE, help_text="此日期及以后登记成立的用人单位纳入三同步检查"
    )
    sync_found_days = forms.IntegerField(label="同步建会期限（天）", help_text="登记成立后应在多少天内建立工会")
    sync_join_rate = forms.DecimalField(
        label="同步入会比例（%）",
        max_digits=5,
        decimal_places=2,
        help_text="已建会单位的会员数低于职工人数的此比例，列为未同步入会",
    )
    unionization_target = _target("建会率目标（%）")
    membership_target = _target("入会率目标（%）")


class SyncFilterForm(forms.Form):
    check = forms.ChoiceField(label="检查项", required=False, choices=[("", "全部"), *SyncCheck.LABELS.items()])
    org = UnitPickerField(label="组织（含下级）", cap=Cap.COVERAGE_VIEW)
    cadre = forms.TypedChoiceField(label="责任干部", required=False, coerce=int, empty_value=None)

    def set_cadres(self, cadres: list[tuple[int, str]]) -> None:
        """The cadres answerable for the listed rows, known only once the rows are read."""
        self.fields["cadre"].choices = [("", "全部"), *cadres]  # type: ignore[attr-defined]


class ElectionFilterForm(forms.Form):
    problem = forms.ChoiceField(label="问题", required=False, choices=[("", "全部"), *ElectionProblem.LABELS.items()])
    org = UnitPickerField(label="组织（含下级）", cap=Cap.COVERAGE_VIEW)
    level = forms.ChoiceField(label="层级", required=False, choices=[("", "全部"), *OrgLevel.choices])


class TaskFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="状态",
        required=False,
        choices=[(TaskStatus.OPEN, "进行中"), (TaskStatus.CLOSED, "已结项"), ("all", "全部")],
    )
    kind = forms.ChoiceField(label="类型", required=False, choices=[("", "全部"), *TaskKind.choices])
    org = UnitPickerField(label="组织（含下级）", cap=Cap.COVERAGE_VIEW)
    mine = forms.BooleanField(label="只看分派给我的", required=False)


class AssignForm(forms.Form):
    assignee = forms.TypedChoiceField(label="责任干部", required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, users: list[tuple[int, str]] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", "（暂不分派）"), *(users or [])]  # type: ignore[attr-defined]
