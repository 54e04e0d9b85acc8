"""Bulk test data for benchmarks: the demo tree, then N members written with PostgreSQL COPY.

Run inside Django (bench/__main__ calls it through `manage.py shell -c`). Persons get valid resident ID
numbers, encrypted and blind-indexed exactly as the application stores them, spread over the grassroots
unions of the demo city; memberships are open and carry member numbers.
"""

from __future__ import annotations

import io
import random
from datetime import date, timedelta

from django.db import connection
from stdnum.cn import ric

from unionhall.core import pii
from unionhall.members.models import Membership, Person
from unionhall.members.names import initials
from unionhall.orgs.models import OrgLevel, OrgUnit

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余杜叶程苏魏吕丁沈任姚卢傅钟姜崔谭陆单"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚华玉萍红玲芬燕彬鹏辉斌宇浩凯健俊帆帅旭宁晨欣怡佳琪雪"
COUNTIES = ["320502", "320503", "320504", "320581", "320582", "320583", "340122", "510122"]


def id_numbers(n: int, rng: random.Random) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < n:
        county = rng.choice(COUNTIES)
        born = date(1986, 1, 1) + timedelta(days=rng.randrange(0, 365 * 20))
        body = f"{county}{born:%Y%m%d}{rng.randrange(0, 1000):03d}"
        number = body + ric.calc_check_digit(body + "0")
        if number not in seen:
            seen.add(number)
            out.append(number)
    return out


def copy_members(n: int, *, seed: int = 1) -> int:
    """Append n persons and their open memberships to the grassroots unions of the existing tree."""
    rng = random.Random(seed)
    unions = list(OrgUnit.objects.filter(level=OrgLevel.GRASSROOTS).values_list("id", flat=True))
    start = (Person.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    persons = io.StringIO()
    memberships = io.StringIO()
    today = date.today()
    for offset, number in enumerate(id_numbers(n, rng)):
        pid = start + offset
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
        sex = "M" if int(number[16]) % 2 else "F"
        born = f"{number[6:10]}-{number[10:12]}-{number[12:14]}"
        phone = "1" + rng.choice("3589") + f"{rng.randrange(10**9):09d}"
        migrant = "t" if rng.random() < 0.2 else "f"
        fields = [
            str(pid),
            name,
            initials(name),
            pii.encrypt(number),
            pii.blind_index(number),
            pii.mask_id_number(number),
            sex,
            born,
            phone,
            "",
            r"\N",
            migrant,
            "standard",
            "",
            "",
            "",
            str(today),
            str(today),
        ]
        persons.write("\t".join(fields) + "\n")
        joined = today - timedelta(days=rng.randrange(30, 4000))
        row = [
            str(pid),
            str(pid),
            str(rng.choice(unions)),
            r"\N",
            f"GH{pid:010d}",
            str(joined),
            "active",
            r"\N",
            "",
            str(today),
        ]
        memberships.write("\t".join(row) + "\n")
    person_cols = (
        "id, name, name_initials, id_number_enc, id_number_hash, id_number_masked, sex, birth_date, phone, "
        "hukou_address, hukou_division_id, is_migrant, employment_form, education, skill_level, political_status, "
        "created_at, updated_at"
    )
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg 3 cursor
        persons.seek(0)
        with raw.copy(f"COPY {Person._meta.db_table} ({person_cols}) FROM STDIN") as copy:  # type: ignore[attr-defined]
            copy.write(persons.getvalue())
        membership_cols = (
            "id, person_id, org_id, employer_id, member_no, joined_on, status, ended_on, end_reason, created_at"
        )
        with raw.copy(f"COPY {Membership._meta.db_table} ({membership_cols}) FROM STDIN") as copy:  # type: ignore[attr-defined]
            copy.write(memberships.getvalue())
        for table in (Person._meta.db_table, Membership._meta.db_table):
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        cursor.execute(f"ANALYZE {Person._meta.db_table}; ANALYZE {Membership._meta.db_table}")
    return n
