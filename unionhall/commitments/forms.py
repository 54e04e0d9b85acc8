"""Forms of the commitment-card pages: they parse what was typed; the services decide validity."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from unionhall.commitments.models import Group, TemplateItem
from unionhall.commitments.services import Own
from unionhall.core.forms import DATE
from unionhall.orgs.access import Cap
from unionhall.orgs.pickers import UnitPickerField
from unionhall.workflow.kernel import Transition

OWN_ROWS = 5  # how many of the cadre's own commitments the form offers


class CardFilterForm(forms.Form):
    org = UnitPickerField(label="总工会（含下级）", cap=Cap.RESPONSIBILITY_VIEW)
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    mine = forms.BooleanField(label="只看我的", required=False)


class ItemsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_group_display()}：{obj.text}"


class CardForm(forms.Form):
    year = forms.IntegerField(label="年度")
    items = ItemsField(
        label="市总工会模板承诺（六多六少、六不六要）",
        queryset=TemplateItem.objects.filter(active=True).exclude(group=Group.OWN),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    due_on = forms.DateField(label="模板承诺兑现期限", required=False, widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year = timezone.localdate().year
        self.fields["year"].initial = year
        self.fields["due_on"].initial = f"{year}-12-31"
        for i in range(1, OWN_ROWS + 1):
            self.fields[f"own_{i}_text"] = forms.CharField(label=f"本人承诺 {i}", required=False, max_length=200)
            self.fields[f"own_{i}_due"] = forms.DateField(label="兑现期限", required=False, widget=DATE)

    def own(self) -> list[Own]:
        data = self.cleaned_data
        # Every row, blank ones too, so the service's errors (own_2_due) name the rows as the form does.
        return [Own(data.get(f"own_{i}_text") or "", data.get(f"own_{i}_due")) for i in range(1, OWN_ROWS + 1)]


REASON_LABELS = {"miss": "未兑现的原因", "reopen": "重新推进的理由"}


class StepForm(forms.Form):
    """A step of a commitment's life (workflow.py): a reason where the step needs one, else nothing to type."""

    def __init__(self, *args: Any, transition: Transition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if transition.needs_reason:
            self.fields["reason"] = forms.CharField(
                label=REASON_LABELS.get(transition.name, "理由"),
                max_length=300,
                widget=forms.Textarea(attrs={"rows": 2}),
            )


class RatingForm(forms.Form):
    unit = forms.TypedChoiceField(label="评价单位", coerce=int)
    score = forms.TypedChoiceField(label="评分", coerce=int, choices=[(n, f"{n} 分") for n in range(5, 0, -1)])
    comment = forms.CharField(label="评价意见", required=False, max_length=300)

    def __init__(self, *args: Any, units: list[tuple[int, str]] = (), **kwargs: Any):  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = units  # type: ignore[attr-defined]


class TemplateItemForm(forms.Form):
    group = forms.ChoiceField(label="类别", choices=[(Group.STYLE, Group.STYLE.label), (Group.DUTY, Group.DUTY.label)])
    text = forms.CharField(label="承诺内容", max_length=200)
    order = forms.IntegerField(label="排序", min_value=0, initial=0)


class TemplateItemEditForm(forms.Form):
    text = forms.CharField(label="承诺内容", max_length=200)
    order = forms.IntegerField(label="排序", min_value=0)
    active = forms.BooleanField(label="启用（停用后新的承诺卡不再列出）", required=False)
