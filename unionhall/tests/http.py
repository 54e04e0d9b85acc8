"""Calling the JSON API from a test as an integrator does."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client


def post_json(client: Client, url: str, body: dict[str, Any] | None = None, *, key: str = "", **headers: str) -> Any:
    """POST `body` as JSON (no body: an empty one); `key` goes in the Idempotency-Key header, other headers
    by their name."""
    if key:
        headers["Idempotency-Key"] = key
    data = json.dumps(body) if body is not None else ""
    return client.post(url, data=data, content_type="application/json", headers=headers)
