"""What the load test's users open, read from a seeded city: `.venv/bin/pytest bench/load` (not in the suite)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from bench.load.samples import collect
from unionhall.demo.city import seed_city

pytestmark = pytest.mark.django_db


def test_every_cadre_has_cases_and_archives_to_open_and_every_worker_login_opens_its_pages() -> None:
    seed_city(members=10_000, seed=9)
    samples = collect()
    for username in ("reviewer_city", "cadre_gusu"):  # a chair's one union may have had no case this year
        scope = samples["logins"][username]
        assert scope["cases"] and scope["archives"], username
    workers = samples["workers"]
    assert len(workers) >= 10
    assert any(w["cards"] for w in workers[:2]) and any(w["cases"] for w in workers[:2])  # both kinds come first
    client = Client()
    for worker in workers[:4]:
        assert client.login(username=worker["username"], password=settings.DEMO_PASSWORD)
        links = [f"/me/cards/{pk}/" for pk in worker["cards"]] + [f"/me/cases/{pk}/" for pk in worker["cases"]]
        for url in ["/me/", "/me/member-card/", "/me/cases/", *[f"/me/files/{pk}/" for pk in worker["files"]], *links]:
            assert client.get(url).status_code == 200, (worker["username"], url)
        client.logout()
