"""The public check page of an issued document: the QR code printed on every PDF opens it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from unionhall.documents.models import IssuedDocument


@require_GET
def document_verify(request: HttpRequest, token: str) -> HttpResponse:
    """Public, like the member card's check page: is this printout genuine? Shows what it is, its serial, the
    issuing union and the date — nothing about the person it concerns. An unknown token answers 404."""
    doc = IssuedDocument.objects.select_related("org").filter(token=token).first()
    if doc is None:
        return render(request, "documents/verify.html", {"valid": False}, status=404)
    return render(request, "documents/verify.html", {"valid": True, "doc": doc})
