"""Forms of the innovation pages: they parse what was typed; the services decide whether it is valid."""

from __future__ import annotations

from typing import Any

from django import forms

from unionhall.core.forms import DATE, YuanField
from unionhall.documents.forms import UploadField
from unionhall.innovation.models import Grade, Kind, PatentKind, RewardBasis, RewardStatus, Status
from unionhall.innovation.periods import REACHED_CHOICES
from unionhall.orgs.access import Cap
from unionhall.orgs.pickers import UnitPickerField
from unionhall.workflow.kernel import Transition

KIND_CHOICES = [("", "请选择"), ("五个一", [c for c in Kind.choices[:5]]), ("五小", [c for c in Kind.choices[5:]])]


class SubmissionFilterForm(forms.Form):
    org = UnitPickerField(label="所属工会（含下级）", cap=Cap.INNOVATION_VIEW)
    kind = forms.ChoiceField(label="类别", required=False, choices=[("", "全部"), *Kind.choices])
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *Status.choices])
    flagged = forms.ChoiceField(label="疑似重复", required=False, choices=[("", "全部"), ("1", "是"), ("0", "否")])
    q = forms.CharField(label="名称", required=False, max_length=50)
    # The dashboard's figures link here narrowed to what they count (reports/innovation_views.py).
    year = forms.IntegerField(label="申报年度", required=False, min_value=2000, max_value=2100)
    month = forms.IntegerField(label="申报月份", required=False, min_value=1, max_value=12)
    reached = forms.ChoiceField(label="进展", required=False, choices=REACHED_CHOICES)


class SubmissionForm(forms.Form):
    org = UnitPickerField(label="所属基层工会", cap=Cap.INNOVATION_EDIT, strict=True, required=True)
    kind = forms.ChoiceField(label="类别", choices=KIND_CHOICES)
    title = forms.CharField(label="成果名称", max_length=100)
    content = forms.CharField(
        label="主要内容",
        max_length=5000,
        help_text="写明现状与问题、具体做法和实施效果。",
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    members = forms.CharField(
        label="成员会员编号",
        max_length=1000,
        help_text="每行一个会员编号（如 GH0000000123）；第一位为负责人，一人即个人申报。",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    expected_benefit = YuanField(label="预计年创效（元）", required=False)

    def numbers(self) -> list[str]:
        text = self.cleaned_data.get("members") or ""
        return [n.strip().upper() for n in text.replace("，", " ").replace(",", " ").split() if n.strip()]


class MySubmissionForm(forms.Form):
    """A worker's own proposal on /me/: they are its member and lead, their union files it."""

    kind = forms.ChoiceField(label="类别", choices=KIND_CHOICES)
    title = forms.CharField(label="名称", max_length=100)
    content = forms.CharField(
        label="主要内容",
        max_length=5000,
        help_text="写明现状与问题、您的做法和预计效果。",
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    expected_benefit = YuanField(label="预计年创效（元，可不填）", required=False)


class StepForm(forms.Form):
    """A step of a submission's life: a reason where it needs one (an optional note otherwise), a panel for
    review, the verified benefit and its evidence for verification."""

    def __init__(self, *args: Any, transition: Transition, panels: list[tuple[int, str]] = (), **kwargs: Any):  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        if transition.name == "review":
            self.fields["panel"] = forms.TypedChoiceField(
                label="评审组", coerce=int, choices=[("", "请选择"), *panels], empty_value=None
            )
        if transition.name == "verify_benefit":
            self.fields["benefit"] = YuanField(label="核定年创效（元）", required=True)
            self.fields["upload"] = UploadField(label="创效证明材料")
        self.fields["reason"] = forms.CharField(
            label="不予采纳的理由" if transition.needs_reason else "说明（可不填）",
            required=transition.needs_reason,
            max_length=300,
            widget=forms.Textarea(attrs={"rows": 2}),
        )


class PatentForm(forms.Form):
    org = UnitPickerField(label="所属工会", cap=Cap.INNOVATION_EDIT, strict=True, required=True)
    kind = forms.ChoiceField(label="专利类型", choices=[("", "请选择"), *PatentKind.choices])
    number = forms.CharField(label="专利号", max_length=30)
    title = forms.CharField(label="专利名称", max_length=100)
    filed_on = forms.DateField(label="申请日", widget=DATE)
    granted_on = forms.DateField(label="授权日", required=False, widget=DATE)
    holders = forms.CharField(label="专利权人", max_length=200)
    submission = forms.CharField(label="关联创新成果编号", required=False, max_length=20, help_text="如 CX20260000012")
    member_no = forms.CharField(label="发明人会员编号", required=False, max_length=32)


# --- rewards ---------------------------------------------------------------------------------------


class RewardFilterForm(forms.Form):
    org = UnitPickerField(label="所属工会（含下级）", cap=Cap.INNOVATION_VIEW)
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *RewardStatus.choices])
    q = forms.CharField(label="领奖人或成果名称", required=False, max_length=50)
    # One person's rewards (the payee's name links here); out of reach it simply finds nothing.
    person = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class RewardProposeForm(forms.Form):
    """Propose a submission's reward: the budget of the innovation fund it is paid from."""

    def __init__(self, *args: Any, budgets: list[tuple[int, str]] = (), **kwargs: Any):  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["budget"] = forms.TypedChoiceField(
            label="奖励资金预算", coerce=int, choices=[("", "请选择"), *budgets], empty_value=None, required=False
        )


class RewardStepForm(forms.Form):
    """A step of a reward: the payment's date and bank reference; a reason to cancel."""

    def __init__(self, *args: Any, transition: Transition, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if transition.name == "pay":
            self.fields["paid_on"] = forms.DateField(label="支付日期", required=False, widget=DATE)
            self.fields["bank_ref"] = forms.CharField(label="银行流水号", required=False, max_length=60)
        if transition.needs_reason:
            self.fields["reason"] = forms.CharField(
                label="撤销理由", required=False, max_length=300, widget=forms.Textarea(attrs={"rows": 2})
            )


class BoundYuanField(YuanField):
    """A tier's bound in yuan, where 0 (the lowest tier's start) is a figure, not a missing amount."""

    def to_python(self, value: Any) -> int | None:
        if str(value if value is not None else "").strip() in ("0", "0.0", "0.00"):
            return 0
        return super().to_python(value)


class RewardRuleForm(forms.Form):
    basis = forms.ChoiceField(
        label="奖励依据", required=False, choices=RewardBasis.choices, initial=RewardBasis.BENEFIT
    )
    kind = forms.ChoiceField(label="适用类别", required=False, choices=[("", "各类成果"), *Kind.choices])
    grade = forms.ChoiceField(label="奖励等级（按等级奖励时选择）", required=False, choices=[("", "—"), *Grade.choices])
    from_amount = BoundYuanField(label="年创效下限（元，含；按创效奖励时填写）", required=False)
    to_amount = YuanField(label="年创效上限（元，不含；不填为不设上限）", required=False)
    amount = YuanField(label="奖励金额（元）", required=False)
    active = forms.BooleanField(label="启用", required=False, initial=True)


class InnovationSettingsForm(forms.Form):
    dual_approval = YuanField(label="需两人审批的奖励金额起点（元）", required=False)
    fund_code = forms.CharField(label="奖励资金编码", required=False, max_length=30)
    grade_first_min = forms.DecimalField(label="一等奖最低评审得分", required=False)
    grade_second_min = forms.DecimalField(label="二等奖最低评审得分", required=False)
    grade_third_min = forms.DecimalField(label="三等奖最低评审得分", required=False)
    grade_merit_min = forms.DecimalField(label="优秀奖最低评审得分", required=False)
