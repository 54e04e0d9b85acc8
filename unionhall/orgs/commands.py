"""What the management commands that act on one org unit share: the `--org CODE` option and the unit it names."""

from __future__ import annotations

from django.core.management.base import CommandError, CommandParser

from unionhall.orgs.models import OrgUnit


def add_org_option(parser: CommandParser) -> None:
    parser.add_argument("--org", required=True, help="组织编码，如 SZ-GS")


def org_of(code: str, *, returncode: int = 1) -> OrgUnit:
    """The unit with this code; a command error (with this exit status) when there is none."""
    org = OrgUnit.objects.filter(code=code).first()
    if org is None:
        raise CommandError(f"没有编码为 {code} 的组织。", returncode=returncode)
    return org
