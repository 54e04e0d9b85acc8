"""manage.py export_members --org CODE --out FILE [--unmasked]: a union's roster (with its subtree) to Excel."""

from __future__ import annotations

import json
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from unionhall.core.actors import SystemActor
from unionhall.core.audit import PendingEvent, record
from unionhall.members import exports, selectors
from unionhall.orgs.commands import add_org_option, org_of


class Command(BaseCommand):
    help = "导出某组织（含下级）的在会会员名册到 Excel；默认身份证号脱敏，--unmasked 导出完整号码并记入审计日志。"

    def add_arguments(self, parser: CommandParser) -> None:
        add_org_option(parser)
        parser.add_argument("--out", required=True, help="输出文件，如 var/姑苏区会员.xlsx")
        parser.add_argument("--unmasked", action="store_true", help="导出完整身份证号（记入审计日志）")
        parser.add_argument("--all-statuses", action="store_true", help="含已转出、退会、除名的会籍")

    def handle(self, *args: Any, **options: Any) -> None:
        org = org_of(options["org"], returncode=2)
        actor = SystemActor("manage.py export_members")
        started = time.monotonic()
        filters = selectors.MemberFilters(org=org, status="" if options["all_statuses"] else "open")
        qs = selectors.member_list(actor, filters)
        rows = qs.count()
        try:
            exports.export_members(qs, unmasked=options["unmasked"], target=options["out"]).close()
        except OSError as e:
            raise CommandError(f"无法写入 {options['out']}：{e}", returncode=2) from None
        event = PendingEvent(
            actor=actor, action="member.export_unmasked" if options["unmasked"] else "member.export", org=org
        )
        event.changes = {"out": options["out"], "rows": rows, "unmasked": options["unmasked"]}
        record(event, success=True)
        seconds = round(time.monotonic() - started, 2)
        self.stdout.write(
            json.dumps(
                {"rows": rows, "out": options["out"], "unmasked": options["unmasked"], "seconds": seconds},
                ensure_ascii=False,
            )
        )
