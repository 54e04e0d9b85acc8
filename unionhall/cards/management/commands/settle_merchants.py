"""manage.py settle_merchants [--month YYYY-MM]: settle every partner merchant's past month in one run.

Meant for a monthly timer (the 1st, after midnight): for each merchant with unsettled redemptions in the
month (last month by default) one settlement, each its own audited action; a month already settled or
without redemptions is skipped, so a second run changes nothing.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from unionhall.cards import selectors, services
from unionhall.cards.models import PartnerMerchant, Redemption
from unionhall.core.actors import SystemActor
from unionhall.core.errors import DomainError
from unionhall.core.money import yuan_display
from unionhall.workcalendar import workdays


class Command(BaseCommand):
    help = "按月结算爱心商户的核销（默认上个月）；已结算或无核销的商户跳过。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", default="", help="结算月份，如 2026-10；默认上个月")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["month"]:
            month = selectors.month_of(options["month"])
            if month is None:
                raise CommandError("月份格式应为 YYYY-MM。")
        else:
            month = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
        start, end = workdays.month_bounds(month)
        due = PartnerMerchant.objects.filter(
            pk__in=Redemption.objects.filter(settlement__isnull=True, at__gte=start, at__lt=end).values("merchant_id")
        ).select_related("org")
        actor = SystemActor("manage.py settle_merchants")
        settled = failed = 0
        for merchant in due.order_by("code"):
            try:
                s = services.settlement_create(actor=actor, merchant=merchant, month=month)
            except DomainError as error:
                failed += 1
                self.stderr.write(f"{merchant.code} {merchant.name}：{error.message}")
            else:
                settled += 1
                self.stdout.write(f"{merchant.code} {merchant.name}：{s.count} 笔，{yuan_display(s.amount_fen)} 元")
        self.stdout.write(f"{month:%Y年%m月}：结算 {settled} 户，未结算 {failed} 户。")
