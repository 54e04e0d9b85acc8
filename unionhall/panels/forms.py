"""Forms of the review-panel pages: they parse what was typed; the services decide whether it is valid."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from unionhall.orgs.access import Cap
from unionhall.orgs.pickers import UnitPickerField
from unionhall.panels.models import Criterion

CRITERIA_HELP = "每行一项：名称 权重 满分，如「创新性 40 10」；各项权重合计 100。"


class PanelForm(forms.Form):
    org = UnitPickerField(label="组织评审的单位", cap=Cap.PANEL_MANAGE, strict=True, required=True)
    title = forms.CharField(label="评审名称", max_length=100)
    kind = forms.ChoiceField(label="评审对象")
    criteria = forms.CharField(
        label="评分标准", max_length=3000, help_text=CRITERIA_HELP, widget=forms.Textarea(attrs={"rows": 4})
    )
    drop_extremes_from = forms.IntegerField(
        label="去掉一个最高分和一个最低分，自评分数达到",
        required=False,
        min_value=0,
        max_value=50,
        help_text="留空按全市默认（5 个评分）；填 0 表示不去掉。",
    )

    def __init__(self, *args: Any, kinds: Sequence[tuple[str, str]] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "请选择"), *kinds]  # type: ignore[attr-defined]


class MemberForm(forms.Form):
    username = forms.CharField(label="评委账号", max_length=150)


class ScoreForm(forms.Form):
    """One field per criterion (`c_<id>`), then the comment."""

    comment = forms.CharField(label="评语", required=False, max_length=300, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, criteria: Sequence[Criterion] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        fields: dict[str, forms.Field] = {}
        for c in criteria:
            fields[f"c_{c.pk}"] = forms.IntegerField(
                label=f"{c.name}（权重 {c.weight}%，满分 {c.max_score}）",
                min_value=0,
                max_value=c.max_score,
                error_messages={
                    "required": f"请为「{c.name}」打分。",
                    "invalid": "请填写整数分数。",
                    "min_value": f"「{c.name}」的分数应为 0—{c.max_score}。",
                    "max_value": f"「{c.name}」的分数应为 0—{c.max_score}。",
                },
            )
        fields["comment"] = self.fields["comment"]
        self.fields = fields
