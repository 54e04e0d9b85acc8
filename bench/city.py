"""City databases for the benchmarks: `seed_city --members N` into a PostgreSQL database built once and reused.

The database's name carries N and a fingerprint of everything that shapes it (the migrations, the seed
code and the personal-data keys), so a change to any builds a fresh one and the stale ones are dropped. How long the seed took is
kept as the database's comment, so a reused database still reports its build time.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PREFIX = "uh_bench_city_"


def _personal_data_keys() -> bytes:
    """The keys the IDs of a seeded city are encrypted and hashed with: the environment's in production
    style, else this checkout's var/dev-keys.json (made here first if missing). Another checkout has other
    keys, and must not reuse a city whose IDs it cannot read."""
    env = os.environ.get("UNIONHALL_PII_KEY", "") + os.environ.get("UNIONHALL_PII_HASH_KEY", "")
    if env:
        return env.encode()
    code = (
        "import os, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings'); django.setup(); "
        "from unionhall.core import pii; pii._keys()"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)  # noqa: S603
    return (Path(os.environ.get("UNIONHALL_VAR_DIR", ROOT / "var")) / "dev-keys.json").read_bytes()


def fingerprint() -> str:
    digest = hashlib.sha256()
    digest.update(_personal_data_keys())
    files = [
        *sorted(ROOT.glob("unionhall/*/migrations/0*.py")),
        *sorted(ROOT.glob("unionhall/demo/city*.py")),  # city.py and the casework it writes
        ROOT / "unionhall/demo/seed.py",
        ROOT / "unionhall/demo/rights.py",  # its vocabularies
    ]
    for path in files:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:8]


def url(name: str) -> str:
    return f"{os.environ['DATABASE_URL'].rpartition('/')[0]}/{name}"


def admin(sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    import psycopg

    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as conn:
        cursor = conn.execute(sql, params)  # type: ignore[arg-type]
        return cursor.fetchall() if cursor.description else []


def manage(db: str, *args: str) -> str:
    env = dict(os.environ, DATABASE_URL=url(db), DEBUG="0")
    done = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


def city_database(members: int) -> tuple[str, dict[str, Any]]:
    """The database holding a seeded city of `members`, and what seeding it took (seconds, peak memory)."""
    name = f"{PREFIX}{members}_{fingerprint()}"
    found = admin(
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
        (name,),
    )
    if found and found[0][0]:
        return name, json.loads(found[0][0])
    # A regular expression, not LIKE: in LIKE "_" matches any character, so 10000_% would match 1000000_….
    for (stale,) in admin("SELECT datname FROM pg_database WHERE datname ~ %s", (f"^{PREFIX}{members}_[0-9a-f]+$",)):
        admin(f'DROP DATABASE IF EXISTS "{stale}" WITH (FORCE)')
    admin(f'CREATE DATABASE "{name}"')
    # The planner setting for data on SSD (PostgreSQL's default of 4 assumes spinning disks); production
    # sets the same (README.md). Without it the member list's filters scan all memberships (docs/performance.md).
    admin(f'ALTER DATABASE "{name}" SET random_page_cost = 1.1')
    try:
        manage(name, "migrate", "--no-input", "-v0")
        manage(name, "load_divisions", "--province", "32")
        started = time.perf_counter()
        out = subprocess.run(  # noqa: S603
            ["/usr/bin/time", "-f", "TIME %e %M", sys.executable, "manage.py", "seed_city", "--members", str(members)],
            cwd=ROOT,
            env=dict(os.environ, DATABASE_URL=url(name), DEBUG="0"),
            check=True,
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - started
        peak_kb = int(out.stderr.rsplit("TIME", 1)[1].split()[1])
        info = {"seed_seconds": round(seconds, 1), "seed_peak_mb": round(peak_kb / 1024), **json.loads(out.stdout)}
        admin(f"COMMENT ON DATABASE \"{name}\" IS '{json.dumps(info)}'")
    except BaseException:
        admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        raise
    return name, info


if __name__ == "__main__":
    for n in sys.argv[1:] or ["1000000"]:
        print(city_database(int(n)))
