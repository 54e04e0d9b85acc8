"""Forms of the worker's pages parse what was typed; workers.services decides what is valid and allowed."""

from __future__ import annotations

from django import forms

from unionhall.assistance.models import EvidenceKind, HardshipCause
from unionhall.core.forms import PhoneField
from unionhall.documents.forms import UploadField
from unionhall.rights.models import CaseCategory

# What a worker can prove on their own (visit photos are the union's).
WORKER_EVIDENCE = [(k, label) for k, label in EvidenceKind.choices if k != EvidenceKind.VISIT]


class PhoneForm(forms.Form):
    phone = PhoneField(label="手机号", help_text="在工会登记的手机号", error_messages={"required": "请填写手机号码。"})
    code = forms.CharField(
        label="验证码",
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "maxlength": 6}),
    )


class ApplyForm(forms.Form):
    causes = forms.MultipleChoiceField(
        label="致困原因（可多选）",
        choices=HardshipCause.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    description = forms.CharField(
        label="困难情况",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "如：家人患病住院、收入减少等"}),
    )
    monthly_income = forms.CharField(
        label="家庭月收入（元）",
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "全家每月合计，例如 2400"}),
    )
    household_size = forms.CharField(
        label="家庭人口", required=False, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    phone = PhoneField(label="联系电话", required=False)
    address = forms.CharField(
        label="家庭住址",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    evidence_kind = forms.ChoiceField(
        label="证明材料类型", choices=[("", "— 不上传材料时可不选 —"), *WORKER_EVIDENCE], required=False
    )
    evidence = UploadField(label="证明材料（可选）", help_text="PDF、JPG 或 PNG，不超过 10 MB；也可以之后交给工会")


# The categories of a rights request as a worker would name their trouble.
CASE_CATEGORY_WORDS: dict[str, str] = {
    CaseCategory.WAGE_ARREARS: "拖欠工资（欠薪）",
    CaseCategory.CONTRACT: "劳动合同（不签合同、违反约定等）",
    CaseCategory.SOCIAL_INSURANCE: "社会保险（不缴、少缴社保）",
    CaseCategory.INJURY: "工伤（受伤、职业病的认定和赔偿）",
    CaseCategory.DISMISSAL: "被辞退、解除劳动关系",
    CaseCategory.HOURS: "加班、工作时间和休假",
    CaseCategory.CONSULTATION: "咨询劳动法律政策",
    CaseCategory.SUGGESTION: "意见建议",
    CaseCategory.COMPLAINT: "投诉",
    CaseCategory.OTHER: "其他问题",
}

UPLOAD_HELP = "PDF、JPG 或 PNG，不超过 10 MB，如工资条、劳动合同、欠条的照片"


class CaseRequestForm(forms.Form):
    category = forms.ChoiceField(
        label="遇到了什么问题",
        choices=[("", "— 请选择 —"), *((k, CASE_CATEGORY_WORDS.get(k, label)) for k, label in CaseCategory.choices)],
        required=False,
    )
    summary = forms.CharField(
        label="一句话说明诉求",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "如：公司拖欠 3 个月工资共 1.5 万元"}),
    )
    facts = forms.CharField(
        label="详细经过（可选）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "placeholder": "什么时候、发生了什么、您希望工会帮您做什么"}),
    )
    employer = forms.CharField(
        label="用人单位",
        max_length=200,
        required=False,
        help_text="您工作的公司或单位全称",
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    worker_count = forms.CharField(
        label="涉及人数",
        required=False,
        help_text="只有您自己请填 1",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    phone = PhoneField(label="联系电话", required=False)
    attachment = UploadField(label="证明材料（可选）", help_text=UPLOAD_HELP)


class CaseInfoForm(forms.Form):
    note = forms.CharField(
        label="补充说明",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "如：又拖欠了一个月工资；找到了考勤记录"}),
    )
    upload = UploadField(label="材料（可选）", help_text=UPLOAD_HELP)


STARS = [(str(n), "★" * n + "☆" * (5 - n)) for n in range(5, 0, -1)]


class CaseRateForm(forms.Form):
    satisfaction = forms.ChoiceField(
        label="您对办理结果满意吗", choices=STARS, required=False, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label="说说您的看法（可选）",
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
