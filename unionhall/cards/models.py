"""四卡一票 (PRODUCT.md §3.3): card types set by the city, cards issued to archived households, partner
merchants that redeem them, and monthly settlements. A card's balance is its ledger account's balance.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from unionhall.core import pii


class MerchantKind(models.TextChoices):
    SUPERMARKET = "supermarket", "爱心超市"
    HOSPITAL = "hospital", "爱心医院"
    OTHER = "other", "其他爱心商户"


class CardType(models.Model):
    """生活救助卡, 医疗优惠卡, 冬季衣物发放卡, a fourth the city names, and the one-off 票 (`one_off`)."""

    code = models.CharField("编码", max_length=30, unique=True)
    name = models.CharField("名称", max_length=60)
    one_off = models.BooleanField("一次性票券", default=False)  # the 票: redeemed once, then used up
    accepted_at = models.JSONField("可使用的商户类型", default=list)  # MerchantKind values
    validity_months = models.PositiveSmallIntegerField("有效期（月）", default=12)
    active = models.BooleanField("启用", default=True)
    sort = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "卡券类型"
        ordering = ["sort", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def accepted_labels(self) -> list[str]:
        labels = dict(MerchantKind.choices)
        return [str(labels.get(k, k)) for k in self.accepted_at]


class PartnerMerchant(models.Model):
    """爱心超市 / 爱心医院: contracted by a federation (`org`), redeeming cards of its subtree's households."""

    code = models.CharField("商户编号", max_length=30, unique=True)
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=12, choices=MerchantKind.choices)
    org = models.ForeignKey("orgs.OrgUnit", verbose_name="签约工会", on_delete=models.PROTECT, related_name="+")
    address = models.CharField("地址", max_length=200, blank=True)
    contact = models.CharField("联系人", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    users = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="merchants")
    account = models.OneToOneField("funds.Account", on_delete=models.PROTECT, related_name="merchant")
    # Where the merchant's settled months go: its MERCHANT account holds only what is still owed.
    settled_account = models.OneToOneField(
        "funds.Account", null=True, blank=True, on_delete=models.PROTECT, related_name="settled_merchant"
    )
    active = models.BooleanField("合作中", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "爱心商户"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class CardStatus(models.TextChoices):
    ACTIVE = "active", "正常"
    FROZEN = "frozen", "已冻结"
    REPLACED = "replaced", "已补卡"
    USED = "used", "已用完"  # a one-off ticket after its redemption
    CANCELLED = "cancelled", "已注销"


class AssistanceCard(models.Model):
    number = models.CharField("卡号", max_length=20, unique=True)
    card_type = models.ForeignKey(CardType, verbose_name="类型", on_delete=models.PROTECT, related_name="cards")
    file = models.ForeignKey(
        "assistance.HardshipFile", verbose_name="困难档案", on_delete=models.PROTECT, related_name="cards"
    )
    # The archive's union, copied for scoping and roll-ups without a join.
    org = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        "状态", max_length=10, choices=CardStatus.choices, default=CardStatus.ACTIVE, db_index=True
    )
    account = models.OneToOneField("funds.Account", on_delete=models.PROTECT, related_name="card")
    issued_on = models.DateField("发卡日期")
    valid_until = models.DateField("有效期至")
    # The holder shows this code at the counter; kept hashed for checking, encrypted to show the holder.
    code_hash = models.CharField(max_length=64)
    code_enc = models.TextField()
    replaces = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by")
    freeze_reason = models.CharField("冻结原因", max_length=200, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "帮扶卡"
        ordering = ["-id"]
        indexes = [models.Index(fields=["org", "status"])]
        constraints = [
            # One card in use (active or frozen) per type per archive; replaced and used cards step aside.
            models.UniqueConstraint(
                fields=["file", "card_type"],
                condition=models.Q(status__in=["active", "frozen"]),
                name="card_one_in_use_per_type_per_file",
            )
        ]

    def __str__(self) -> str:
        return f"{self.card_type.name} {self.number}"

    def audit_label(self) -> str:
        return f"{self.card_type.name} {pii.mask_account(self.number)}"


class Redemption(models.Model):
    """One use of a card at a merchant's counter; `merchant_ref` is the merchant's own receipt number, so a
    repeated submission of the same receipt redeems once."""

    card = models.ForeignKey(AssistanceCard, on_delete=models.PROTECT, related_name="redemptions")
    merchant = models.ForeignKey(PartnerMerchant, on_delete=models.PROTECT, related_name="redemptions")
    amount_fen = models.PositiveBigIntegerField("金额（分）")
    merchant_ref = models.CharField("商户流水号", max_length=60)
    journal = models.OneToOneField("funds.Journal", on_delete=models.PROTECT, related_name="+")
    settlement = models.ForeignKey(
        "cards.Settlement", null=True, blank=True, on_delete=models.PROTECT, related_name="redemptions"
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "核销记录"
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["merchant", "merchant_ref"], name="redemption_once_per_receipt")]

    def __str__(self) -> str:
        return f"{self.card.number} {self.amount_fen}"

    def audit_label(self) -> str:
        return f"{pii.mask_account(self.card.number)} {self.amount_fen}"


class Settlement(models.Model):
    """A merchant's month: what it redeemed, paid out to it in one settlement journal."""

    merchant = models.ForeignKey(PartnerMerchant, on_delete=models.PROTECT, related_name="settlements")
    month = models.DateField("结算月份")  # the first day of the month
    amount_fen = models.BigIntegerField("结算金额（分）")
    count = models.PositiveIntegerField("笔数")
    journal = models.OneToOneField("funds.Journal", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "商户结算"
        ordering = ["-month", "merchant__code"]
        constraints = [models.UniqueConstraint(fields=["merchant", "month"], name="settlement_once_per_month")]

    def __str__(self) -> str:
        return f"{self.merchant.name} {self.month:%Y-%m}"
