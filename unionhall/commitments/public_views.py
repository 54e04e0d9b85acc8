"""The public page of a commitment card, opened from the QR code on the printed card: no login, found only by
the card's random token, showing nothing that names a person in full (selectors.public_context)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from unionhall.commitments import selectors


@require_GET
def public(request: HttpRequest, token: str) -> HttpResponse:
    card = selectors.public_card(token)
    return render(request, "commitments/public.html", selectors.public_context(card))
