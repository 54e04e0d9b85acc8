"""manage.py seed_demo [--members N] [--seed S] [--if-empty]: the demo city, deterministic per seed."""

from __future__ import annotations

from unionhall.demo.management.seeding import MembersOption, SeedCommand
from unionhall.demo.seed import seed_demo


class Command(SeedCommand):
    help = "在空数据库中生成演示城市（苏州市总工会及其下属组织、用人单位、会员和每个角色的登录账号）。"
    members = MembersOption(2000, "会员人数（默认 2000）", minimum=0, refusal="--members 不能为负数。")
    skipped = "组织树已存在，跳过演示数据。"

    def seed(self, *, members: int, seed: int) -> dict[str, int]:
        return seed_demo(members=members, seed=seed)
