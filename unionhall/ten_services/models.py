"""至诚服务十送工程 (PRODUCT.md §3.3): a log of service deliveries, rolled up by kind and org."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class DeliveryKind(models.TextChoices):
    WARMTH = "warmth", "送温暖"
    CONVENIENCE = "convenience", "送方便"
    CULTURE = "culture", "送文化"
    SKILLS = "skills", "送技能"
    HEALTHCARE = "healthcare", "送保健"
    FACILITIES = "facilities", "送设施"
    TRAINING = "training", "送培训"
    LEGAL = "legal", "送法律"
    CARE = "care", "送爱心"
    HEALTH = "health", "送健康"


class ServiceDelivery(models.Model):
    org = models.ForeignKey("orgs.OrgUnit", verbose_name="服务单位", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类别", max_length=12, choices=DeliveryKind.choices, db_index=True)
    delivered_on = models.DateField("日期", db_index=True)
    title = models.CharField("活动名称", max_length=120)
    # Beneficiaries are named (persons of the register) or only counted (a lecture for 200 workers).
    beneficiaries = models.ManyToManyField("members.Person", blank=True, related_name="+")
    beneficiary_count = models.PositiveIntegerField("受益人数")
    cost_fen = models.PositiveBigIntegerField("费用（分）", default=0)
    note = models.TextField("备注", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "十送服务记录"
        ordering = ["-delivered_on", "-id"]
        indexes = [models.Index(fields=["org", "delivered_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.title}"
