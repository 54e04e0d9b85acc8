"""Forms of the programme pages: they parse what was typed (yuan into fen); the services decide validity."""

from __future__ import annotations

from typing import Any

from django import forms

from unionhall.assistance.eligibility import ELIGIBLE_CATEGORIES
from unionhall.assistance.models import (
    EvidenceKind,
    HardshipCategory,
    HardshipCause,
    Programme,
    ProgrammeKind,
    SchoolTier,
)
from unionhall.core.forms import YuanField
from unionhall.core.money import yuan_display
from unionhall.funds.models import Budget, Fund
from unionhall.orgs.access import Cap
from unionhall.orgs.pickers import UnitPickerField

CATEGORY_CHOICES = [(c, HardshipCategory(c).label) for c in ELIGIBLE_CATEGORIES]
YUAN_HELP = "元，可留空"


class ProgrammeForm(forms.Form):
    code = forms.CharField(label="编码", max_length=30, help_text="字母、数字、下划线，如 WARMTH")
    name = forms.CharField(label="名称", max_length=60)
    kind = forms.ChoiceField(label="类别", choices=ProgrammeKind.choices)
    fund = forms.ModelChoiceField(
        label="资金来源", queryset=Fund.objects.none(), required=False, empty_label="（不限）"
    )
    description = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    categories = forms.MultipleChoiceField(
        label="面向的困难类别", choices=CATEGORY_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    max_per_year = forms.IntegerField(label="每户每年最多次数", required=False, help_text="留空为不限")
    evidence = forms.MultipleChoiceField(
        label="须具备的证明材料",
        choices=EvidenceKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="金秋助学始终要求录取通知书",
    )
    amount_default = YuanField(required=False, label="默认金额", help_text=YUAN_HELP)
    amount_deep = YuanField(required=False, label="深度困难标准", help_text=YUAN_HELP)
    amount_relative = YuanField(required=False, label="相对困难标准", help_text=YUAN_HELP)
    amount_accident = YuanField(required=False, label="意外致困标准", help_text=YUAN_HELP)
    tier_key = YuanField(required=False, label="本科一批（重点）标准", help_text="金秋助学；元，可留空")
    tier_undergraduate = YuanField(required=False, label="普通本科标准", help_text="金秋助学；元，可留空")
    tier_vocational = YuanField(required=False, label="高职（专科）标准", help_text="金秋助学；元，可留空")
    tier_postgraduate = YuanField(required=False, label="研究生标准", help_text="金秋助学；元，可留空")
    amount_max = YuanField(required=False, label="单次最高金额", help_text=YUAN_HELP)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["fund"].queryset = Fund.objects.filter(active=True)  # type: ignore[attr-defined]

    @staticmethod
    def initial_of(p: Programme) -> dict[str, Any]:
        rules, amounts = p.rules or {}, p.amounts or {}
        initial: dict[str, Any] = {
            "code": p.code,
            "name": p.name,
            "kind": p.kind,
            "fund": p.fund_id,
            "description": p.description,
            "categories": rules.get("categories", []),
            "max_per_year": rules.get("max_per_year"),
            "evidence": rules.get("evidence", []),
            "amount_default": amounts.get("default"),
            "amount_max": amounts.get("max"),
        }
        for c, fen in (amounts.get("by_category") or {}).items():
            initial[f"amount_{c}"] = fen
        for t, fen in (amounts.get("by_tier") or {}).items():
            initial[f"tier_{t}"] = fen
        return initial

    def rules_and_amounts(self) -> tuple[dict[str, Any], dict[str, Any]]:
        d = self.cleaned_data
        rules: dict[str, Any] = {"categories": list(d["categories"]), "evidence": list(d["evidence"])}
        if d["max_per_year"] is not None:
            rules["max_per_year"] = d["max_per_year"]
        amounts: dict[str, Any] = {}
        for key in ("default", "max"):
            if d[f"amount_{key}"] is not None:
                amounts[key] = d[f"amount_{key}"]
        by_category = {c: d[f"amount_{c}"] for c in ELIGIBLE_CATEGORIES if d[f"amount_{c}"] is not None}
        by_tier = {t: d[f"tier_{t}"] for t in SchoolTier.values if d[f"tier_{t}"] is not None}
        if by_category:
            amounts["by_category"] = by_category
        if by_tier:
            amounts["by_tier"] = by_tier
        return rules, amounts


class WarmthForm(forms.Form):
    """The 送温暖 batch: which programme, which budget, how much, over which archives."""

    programme = forms.ModelChoiceField(label="帮扶项目", queryset=Programme.objects.none(), empty_label=None)
    budget = forms.ModelChoiceField(label="预算", queryset=Budget.objects.none(), empty_label=None)
    amount = YuanField(required=False, label="每户金额", help_text="元；留空则按项目标准（按困难类别）")
    org = UnitPickerField(label="组织（含下级）", cap=Cap.ASSISTANCE_EDIT, required=True)
    categories = forms.MultipleChoiceField(
        label="困难类别",
        choices=CATEGORY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="不选为全部",
    )
    cause = forms.ChoiceField(label="致困原因", choices=[("", "全部"), *HardshipCause.choices], required=False)

    def __init__(self, *args: Any, programmes: Any, budgets: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes  # type: ignore[attr-defined]
        self.fields["budget"].queryset = budgets  # type: ignore[attr-defined]
        self.fields["budget"].label_from_instance = lambda b: f"{b}（可用 {yuan_display(b.remaining_fen)} 元）"  # type: ignore[attr-defined]
