"""What `seed_demo` and `seed_city` share: the same options, nothing done over an existing tree when asked, and
one JSON line of counts with the time taken."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from unionhall.core.errors import DomainError
from unionhall.orgs.models import OrgUnit


@dataclass(frozen=True)
class MembersOption:
    """The `--members` option of one seeding command: its default and the fewest it accepts."""

    default: int
    help: str
    minimum: int
    refusal: str


class SeedCommand(BaseCommand):
    members: MembersOption
    skipped: str  # said instead of seeding when the tree exists and --if-empty is given

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--members", type=int, default=self.members.default, help=self.members.help)
        parser.add_argument("--seed", type=int, default=2026, help="随机种子：同一种子生成同样的数据")
        parser.add_argument("--if-empty", action="store_true", help="数据库已有组织树时什么也不做")

    def seed(self, *, members: int, seed: int) -> dict[str, int]:
        raise NotImplementedError

    def handle(self, *args: Any, **options: Any) -> None:
        if options["members"] < self.members.minimum:
            raise CommandError(self.members.refusal)
        if options["if_empty"] and OrgUnit.objects.exists():
            self.stdout.write(self.skipped)
            return
        started = time.monotonic()
        try:
            result = self.seed(members=options["members"], seed=options["seed"])
        except DomainError as e:
            raise CommandError(e.message) from None
        result["seconds"] = round(time.monotonic() - started, 1)  # type: ignore[assignment]
        self.stdout.write(json.dumps(result, ensure_ascii=False))
