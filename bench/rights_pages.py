"""Rights pages on the demo city (issue 6): each page's median and p95 over 20 warm requests through
Django's test client, in one process, and its query count, for a city, a district and a grassroots login.
Run on a seeded demo (`make demo`) or a seed_city database, which holds the same logins and, since issue 15,
a city's cases and risk reports (`make bench` measures those pages through bench/inprocess.py):
PYTHONPATH=. .venv/bin/python bench/rights_pages.py
Figures and method in docs/performance.md."""

from __future__ import annotations

import os
import statistics
import time


def main() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["UNIONHALL_OTP_REQUIRED"] = "0"
    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from unionhall.accounts.models import User
    from unionhall.rights.models import Case

    setup_test_environment()
    case = Case.objects.order_by("id").first()
    assert case is not None, "seed the demo first (make demo)"
    paths = ("/rights/", "/rights/overdue/", f"/rights/{case.pk}/", "/rights/risks/", "/reports/rights/")
    for username in ("admin_city", "cadre_gusu", "chair_demo"):  # city, district, grassroots
        client = Client()
        client.force_login(User.objects.get(username=username))
        for path in (*paths, "/rights/export.xlsx"):
            client.get(path, follow=True)  # warm
            times = []
            for _ in range(20):
                start = time.perf_counter()
                response = client.get(path, follow=True)
                if hasattr(response, "streaming_content"):
                    b"".join(response.streaming_content)
                times.append((time.perf_counter() - start) * 1000)
            with CaptureQueriesContext(connection) as queries:
                client.get(path, follow=True)
            times.sort()
            print(
                f"{username:12} {path:22} {response.status_code} median {statistics.median(times):6.1f} ms"
                f"  p95 {times[18]:6.1f} ms  queries {len(queries)}"
            )


if __name__ == "__main__":
    main()
