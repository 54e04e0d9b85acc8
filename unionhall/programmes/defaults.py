"""The city's starting programmes (PRODUCT.md §3.3), written by `manage.py seed_programmes`. The city admin
changes them on the programme pages afterwards; seeding again never overwrites what was changed."""

from __future__ import annotations

from typing import Any

from unionhall.assistance.models import ProgrammeKind

DEFAULT_PROGRAMMES: list[dict[str, Any]] = [
    {
        "code": "LIVING",
        "name": "生活救助",
        "kind": ProgrammeKind.LIVING,
        "description": "对深度困难和相对困难职工家庭的日常生活救助。",
        "rules": {"categories": ["deep", "relative"], "max_per_year": 2, "evidence": ["income"]},
        "amounts": {"default": 1_000_00, "by_category": {"deep": 2_000_00, "relative": 1_000_00}, "max": 5_000_00},
    },
    {
        "code": "MEDICAL",
        "name": "医疗救助",
        "kind": ProgrammeKind.MEDICAL,
        "description": "因病致困职工家庭的医疗费用救助，凭病历或诊断证明申请。",
        "rules": {"categories": ["deep", "relative", "accident"], "max_per_year": 2, "evidence": ["medical"]},
        "amounts": {"default": 2_000_00, "max": 20_000_00},
    },
    {
        "code": "WARMTH",
        "name": "送温暖",
        "kind": ProgrammeKind.WARMTH,
        "description": "元旦春节期间走访慰问困难职工家庭，按名单批量发放慰问金。",
        "rules": {"categories": ["deep", "relative", "accident"], "max_per_year": 1},
        "amounts": {"default": 500_00, "by_category": {"deep": 1_000_00}, "max": 2_000_00},
    },
    {
        "code": "EDUCATION",
        "name": "金秋助学",
        "kind": ProgrammeKind.EDUCATION,
        "description": "困难职工家庭子女考入高等院校的入学助学金，按录取院校层次确定金额，凭录取通知书申请。",
        "rules": {"categories": ["deep", "relative", "accident"], "max_per_year": 1, "evidence": ["admission"]},
        "amounts": {
            "default": 3_000_00,
            "by_tier": {"key": 5_000_00, "undergraduate": 4_000_00, "vocational": 3_000_00, "postgraduate": 5_000_00},
            "max": 5_000_00,
        },
    },
    {
        "code": "EMPLOYMENT",
        "name": "就业帮扶",
        "kind": ProgrammeKind.EMPLOYMENT,
        "description": "失业困难职工的技能培训与再就业补贴。",
        "rules": {"categories": ["deep", "relative", "accident"], "max_per_year": 1},
        "amounts": {"default": 1_500_00, "max": 3_000_00},
    },
]
