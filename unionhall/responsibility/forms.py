"""Forms of the responsibility pages: they parse what was typed; the services decide validity."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from unionhall.core.forms import DATE
from unionhall.orgs.access import Cap
from unionhall.orgs.models import OrgLevel
from unionhall.orgs.pickers import UnitPickerField
from unionhall.responsibility.models import Frequency, Kind, Line

FREQUENCIES = [("", "—"), *Frequency.choices]


class LinesField(forms.ModelMultipleChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "不选即负责全部管线（含今后新增的管线）")
        super().__init__(
            queryset=Line.objects.all(), label="管线", required=False, widget=forms.CheckboxSelectMultiple, **kwargs
        )


class AssignmentForm(forms.Form):
    cadre = forms.TypedChoiceField(label="干部", coerce=int, help_text="在您权限范围内任职的总工会干部")
    kind = forms.ChoiceField(label="类型", choices=Kind.choices, widget=forms.RadioSelect)
    org = UnitPickerField(label="单位", cap=Cap.RESPONSIBILITY_MANAGE, required=True, strict=True)
    lines = LinesField()
    frequency = forms.ChoiceField(label="走访频次", choices=FREQUENCIES, required=False, help_text="定点须选择")
    starts_on = forms.DateField(label="起始日期", widget=DATE)
    ends_on = forms.DateField(label="终止日期", widget=DATE, required=False, help_text="留空为长期")
    note = forms.CharField(label="备注", max_length=200, required=False)

    def __init__(self, *args: Any, cadres: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["cadre"]
        field.choices = [("", "请选择"), *cadres]  # type: ignore[attr-defined]
        field.widget.attrs["data-search"] = ""


class AssignmentEditForm(forms.Form):
    lines = LinesField()
    frequency = forms.ChoiceField(label="走访频次", choices=FREQUENCIES, required=False, help_text="定点须选择")
    note = forms.CharField(label="备注", max_length=200, required=False)


class EndForm(forms.Form):
    ends_on = forms.DateField(label="终止日期", widget=DATE)


class VisitForm(forms.Form):
    visited_on = forms.DateField(label="走访日期", widget=DATE)
    companions = forms.CharField(label="同行人员", max_length=200, required=False, help_text="姓名，用顿号分隔")
    purpose = forms.CharField(label="走访事由", max_length=200)
    findings = forms.CharField(label="了解情况", widget=forms.Textarea(attrs={"rows": 4}))
    problems = forms.CharField(
        label="发现的问题",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="每行一个问题，逐条跟踪至解决",
    )

    def problem_lines(self) -> list[str]:
        return [line for line in self.cleaned_data["problems"].splitlines() if line.strip()]


class ProblemCloseForm(forms.Form):
    resolution = forms.CharField(label="解决情况", max_length=300)


class ProblemSuperviseForm(forms.Form):
    """A visit's problem handed on as a 督办 task: on which line (who answers for it), and by when."""

    line = forms.TypedChoiceField(label="管线（由谁负责）", required=False, coerce=int, empty_value=None)
    due_workdays = forms.IntegerField(label="办理期限（工作日）", required=False, min_value=1, max_value=250)
    due_on = forms.DateField(label="或 办结日期", required=False, widget=DATE)

    def __init__(self, *args: Any, lines: Sequence[tuple[int, str]] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["line"].choices = [("", "定点联系干部"), *lines]  # type: ignore[attr-defined]


class LineForm(forms.Form):
    code = forms.SlugField(label="代码", max_length=30, help_text="小写字母、数字、下划线；其他模块按代码查询")
    name = forms.CharField(label="名称", max_length=30)
    order = forms.IntegerField(label="排序", min_value=0, initial=0)


class LineEditForm(forms.Form):
    name = forms.CharField(label="名称", max_length=30)
    order = forms.IntegerField(label="排序", min_value=0)


class MapFilterForm(forms.Form):
    org = UnitPickerField(label="总工会（含下级）", cap=Cap.RESPONSIBILITY_VIEW)
    line = forms.ChoiceField(label="管线", required=False)
    level = forms.ChoiceField(label="层级", required=False, choices=[("", "全部"), *OrgLevel.choices])
    gaps = forms.BooleanField(label="只看空白（仅默认负责）", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["line"].choices = [("", "全部"), *Line.objects.values_list("code", "name")]  # type: ignore[attr-defined]


class VisitFilterForm(forms.Form):
    org = UnitPickerField(label="单位（含下级）", cap=Cap.RESPONSIBILITY_VIEW)
    date_from = forms.DateField(label="起始日期", required=False, widget=DATE)
    date_to = forms.DateField(label="截止日期", required=False, widget=DATE)
    open_problems = forms.BooleanField(label="只看有待解决问题的", required=False)


class OverdueFilterForm(forms.Form):
    org = UnitPickerField(label="单位（含下级）", cap=Cap.RESPONSIBILITY_VIEW)
    frequency = forms.ChoiceField(label="走访频次", required=False, choices=[("", "全部"), *Frequency.choices])
    mine = forms.BooleanField(label="只看我的定点", required=False)
