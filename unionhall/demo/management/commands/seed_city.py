"""manage.py seed_city --members N [--seed S] [--if-empty]: the city data set of PRODUCT.md §5 for benchmarks."""

from __future__ import annotations

from unionhall.demo.city import seed_city
from unionhall.demo.management.seeding import MembersOption, SeedCommand


class Command(SeedCommand):
    help = (
        "在空数据库中生成城市规模数据（苏州市真实区划；会员 N 人、基层工会 N/50 个、用人单位 N/20 家），"
        "供性能测试和压力测试使用。PostgreSQL 上用 COPY 批量写入。"
    )
    members = MembersOption(1_000_000, "会员人数（默认 1,000,000）", minimum=1, refusal="--members 至少为 1。")
    skipped = "组织树已存在，跳过城市数据。"

    def seed(self, *, members: int, seed: int) -> dict[str, int]:
        return seed_city(members=members, seed=seed)
