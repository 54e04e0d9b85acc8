"""What a visitor meets when something goes wrong: our own pages in Chinese with the CSP header, never
Django's debug pages (the URL conf, a traceback, the request's headers) — and `make run` serves that way."""

from __future__ import annotations

import io
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from django.conf import settings as django_settings
from django.contrib.staticfiles.management.commands.runserver import Command as RunserverCommand
from django.test import Client, RequestFactory
from django.urls import reverse

from unionhall.tests.city import City

BASE_DIR = Path(django_settings.BASE_DIR)
LEAKS = ("URLconf", "urlpatterns", "Traceback", "META", "REMOTE_ADDR", "settings.py", "DEBUG = True")


def assert_our_page(response: Any, status: int, title: str) -> None:
    text = response.content.decode()
    assert response.status_code == status
    assert title in text
    assert "工会之家" in text
    for leak in LEAKS:
        assert leak not in text, f"{leak!r} shown to the visitor"
    assert "Content-Security-Policy" in response.headers


def test_an_anonymous_404_shows_our_page_and_no_url_conf(db: Any) -> None:
    response = Client().get("/no-such-page/")
    assert_our_page(response, 404, "未找到")


def test_a_post_with_1001_fields_gets_our_400_page_without_traceback_or_request_headers(db: Any) -> None:
    body = urlencode({f"f{i}": "x" for i in range(1001)})
    response = Client().post(
        reverse("accounts:login"), body, content_type="application/x-www-form-urlencoded", HTTP_X_PROBE="probe"
    )
    assert_our_page(response, 400, "请求有误")
    assert "probe" not in response.content.decode()


def test_an_outsider_is_refused_a_foreign_page_with_our_404(city: City) -> None:
    response = city.client("outsider").get(reverse("orgs:detail", kwargs={"pk": city.u1.pk}))
    assert_our_page(response, 404, "未找到")


def test_an_unexpected_error_gets_our_500_page_with_the_csp_header(city: City, monkeypatch: Any) -> None:
    def broken(user: Any) -> list[Any]:
        raise RuntimeError("secret detail of the failure")

    monkeypatch.setattr("unionhall.console.views.waiting_work", broken)
    client = city.client("chair_u1")
    client.raise_request_exception = False
    response = client.get(reverse("console:home"))
    assert_our_page(response, 500, "系统出错")
    assert "secret detail" not in response.content.decode()


def test_a_failed_csrf_check_gets_our_403_page(city: City) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(city.users["chair_u1"])
    response = client.post(reverse("accounts:logout"))
    assert_our_page(response, 403, "页面已过期")
    assert "CSRF" not in response.content.decode()


def make_server_line(target: str) -> str:
    """The command `make <target>` starts the server with, as make would run it (`make -n` runs nothing)."""
    out = subprocess.run(  # noqa: S603 — a fixed command of the repository's own Makefile
        [shutil.which("make") or "make", "-n", target],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
        env=clean_env(),
    ).stdout
    return next(line for line in out.splitlines() if " runserver " in line)


def clean_env() -> dict[str, str]:
    import os

    # The suite's own DEBUG or database must not leak into what the Makefile decides.
    return {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL", "UNIONHALL_ENV"}}


def settings_under(line: str) -> dict[str, str]:
    """Settings as the server of `line` sees them: its environment assignments, then a tiny script."""
    env = clean_env()
    words = shlex.split(line.replace("${UNIONHALL_OTP_REQUIRED:-0}", "0"))
    while "=" in words[0]:
        name, value = words.pop(0).split("=", 1)
        env[name] = value
    script = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings'); django.setup();"
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.PRODUCTION, ','.join(s.ALLOWED_HOSTS), s.STORAGES['staticfiles']['BACKEND'])"
    )
    out = subprocess.run(  # noqa: S603 — the repository's own Python with a fixed script
        [words[0], "-c", script], cwd=BASE_DIR, capture_output=True, text=True, check=True, env=env
    ).stdout.split()
    return {"DEBUG": out[0], "PRODUCTION": out[1], "ALLOWED_HOSTS": out[2], "STORAGE": out[3]}


def test_make_run_serves_with_debug_off_and_static_files_as_in_production() -> None:
    line = make_server_line("run")
    seen = settings_under(line)
    assert seen["DEBUG"] == "False"
    # the local demo keeps its development keys: it needs none of production's secrets
    assert seen["PRODUCTION"] == "False"
    assert {"127.0.0.1", "localhost"} <= set(seen["ALLOWED_HOSTS"].split(","))
    assert seen["STORAGE"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert "runserver --nostatic 127.0.0.1:" in line


def test_make_dev_is_the_one_with_debug_on() -> None:
    assert settings_under(make_server_line("dev"))["DEBUG"] == "True"


def wsgi_get(handler: Any, path: str) -> tuple[str, bytes]:
    environ = RequestFactory()._base_environ(PATH_INFO=path, REQUEST_METHOD="GET", **{"wsgi.input": io.BytesIO()})
    status: list[str] = []
    body = b"".join(handler(environ, lambda s, headers, exc_info=None: status.append(s)))
    return status[0], body


@pytest.mark.parametrize("target", ["run", "dev"])
def test_a_path_climbing_out_of_static_answers_404_on_the_server_make_starts(
    db: Any, settings: Any, target: str
) -> None:
    """runserver's own static handler (DEBUG on, no --nostatic) answered /static/..%2f.. with a plain 500."""
    line = make_server_line(target)
    debug = settings_under(line)["DEBUG"] == "True"
    settings.DEBUG = debug
    handler = RunserverCommand().get_handler(use_static_handler="--nostatic" not in line, insecure_serving=False)
    status, body = wsgi_get(handler, "/static/../..")
    assert status.startswith("404")
    if not debug:
        assert_no_leak = body.decode()
        assert "未找到" in assert_no_leak and "URLconf" not in assert_no_leak
