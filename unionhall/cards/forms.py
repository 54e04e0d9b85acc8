"""Forms of the cards pages: they parse what was typed; the services decide whether it is valid."""

from __future__ import annotations

from django import forms

from unionhall.cards.models import CardStatus, CardType, MerchantKind
from unionhall.core.forms import YuanField
from unionhall.orgs.access import Cap
from unionhall.orgs.pickers import UnitPickerField

MONTH = forms.DateInput(attrs={"type": "month"})


class CardFilterForm(forms.Form):
    card_type = forms.ModelChoiceField(
        label="类型", queryset=CardType.objects.all(), required=False, empty_label="全部"
    )
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *CardStatus.choices])
    org = UnitPickerField(label="组织（含下级）", cap=Cap.ASSISTANCE_VIEW)
    number = forms.CharField(label="卡号", required=False, max_length=20)
    expiring = forms.BooleanField(label="30 天内到期", required=False)


class CardTypeForm(forms.Form):
    code = forms.CharField(label="编码", max_length=30, required=False, help_text="新建时填写，保存后不可修改")
    name = forms.CharField(label="名称", max_length=60)
    one_off = forms.BooleanField(label="一次性票券（核销一次即用完）", required=False)
    accepted_at = forms.MultipleChoiceField(
        label="可使用的商户类型", choices=MerchantKind.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    validity_months = forms.IntegerField(label="有效期（月）", min_value=1, max_value=120, initial=12)
    active = forms.BooleanField(label="启用", required=False, initial=True)


class IssueForm(forms.Form):
    card_type = forms.ModelChoiceField(label="卡券类型", queryset=CardType.objects.filter(active=True))


class TopUpForm(forms.Form):
    budget = forms.TypedChoiceField(label="预算", coerce=int)
    amount = YuanField(label="充值金额（元）")
    memo = forms.CharField(label="备注", max_length=200, required=False)

    def set_budgets(self, choices: list[tuple[int, str]]) -> None:
        self.fields["budget"].choices = [("", "请选择"), *choices]  # type: ignore[attr-defined]


class FreezeForm(forms.Form):
    reason = forms.CharField(label="冻结原因", max_length=200)


class ReissueForm(forms.Form):
    reason = forms.CharField(label="补卡原因", max_length=200, required=False, initial="挂失补卡")


class MerchantForm(forms.Form):
    code = forms.CharField(label="商户编号", max_length=30, required=False, help_text="新建时填写，保存后不可修改")
    name = forms.CharField(label="名称", max_length=100)
    kind = forms.ChoiceField(label="类型", choices=MerchantKind.choices)
    org = UnitPickerField(label="签约工会", cap=Cap.FUNDS_MANAGE, help_text="新建时选择")
    address = forms.CharField(label="地址", max_length=200, required=False)
    contact = forms.CharField(label="联系人", max_length=50, required=False)
    phone = forms.CharField(label="联系电话", max_length=20, required=False)
    active = forms.BooleanField(label="合作中", required=False, initial=True)


class LinkUserForm(forms.Form):
    username = forms.CharField(label="收银员账号（用户名）", max_length=150)


class RedeemForm(forms.Form):
    number = forms.CharField(
        label="卡号",
        max_length=40,
        help_text="扫描持卡人手机上的二维码或条形码，或输入 16 位卡号（空格、横线可有可无）",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autofocus": True}),
    )
    code = forms.CharField(
        label="验证码",
        max_length=6,
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "off"}, render_value=True),
    )
    amount = YuanField(label="金额（元）")
    merchant_ref = forms.CharField(
        label="小票号", max_length=60, help_text="本店收银小票号；同一小票重复提交只核销一次"
    )


class MonthForm(forms.Form):
    month = forms.CharField(label="月份", required=False, widget=MONTH)


class SettlementForm(forms.Form):
    merchant = forms.TypedChoiceField(label="商户", coerce=int)
    month = forms.CharField(label="结算月份", widget=MONTH)

    def set_merchants(self, choices: list[tuple[int, str]]) -> None:
        self.fields["merchant"].choices = [("", "请选择"), *choices]  # type: ignore[attr-defined]
