"""The current request's client address and actor, for audit events written deep inside services."""

from __future__ import annotations

from contextvars import ContextVar

client_address: ContextVar[str] = ContextVar("client_address", default="")
via: ContextVar[str] = ContextVar("via", default="system")


def client_ip(meta: dict[str, str]) -> str:
    # Behind a proxy the platform is configured with PROXY_COUNT; the first hop it trusts is used.
    from django.conf import settings

    proxies = getattr(settings, "PROXY_COUNT", 0)
    forwarded = meta.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return meta.get("REMOTE_ADDR", "")
