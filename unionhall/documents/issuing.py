"""Issuing a PDF: the register row (serial, random token), the verification QR code, the render, the digest.

A module's printout view calls `issue_pdf(request, template, context, kind=…, title=…, org=…)` with a
template that extends `documents/pdf_base.html`; the base template prints the serial, the page numbers and
the QR code that opens `documents:verify`. The title must be generic (「困难职工帮扶审批表」), never a name:
the check page is public.
"""

from __future__ import annotations

import hashlib
import io
import re
import secrets
from typing import Any

import qrcode
import qrcode.image.svg
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from unionhall.core.actors import Actor, user_of
from unionhall.documents import pdf
from unionhall.documents.models import IssuedDocument
from unionhall.orgs.models import OrgUnit


def new_token() -> str:
    """128 random bits, URL-safe: the check page cannot be enumerated."""
    return secrets.token_urlsafe(16)


def qr_svg(data: str) -> str:
    """An inline <svg> of the QR code (no XML prologue, so it sits in HTML as it is)."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=0)
    buffer = io.BytesIO()
    image.save(buffer)
    return re.sub(r"^<\?xml[^>]*\?>\s*", "", buffer.getvalue().decode())


def register(*, kind: str, title: str, org: OrgUnit | None, issued_by: Any) -> IssuedDocument:
    """A new register row with its serial: the date and the row's number, e.g. WJ20261207-000042."""
    with transaction.atomic():
        token = new_token()
        doc = IssuedDocument.objects.create(
            serial=token[:32], kind=kind, title=title[:120], org=org, issued_by=user_of(issued_by), token=token
        )
        doc.serial = f"WJ{timezone.localdate(doc.issued_at):%Y%m%d}-{doc.pk:06d}"
        doc.save(update_fields=["serial"])
    return doc


def verify_url(request: HttpRequest | None, doc: IssuedDocument) -> str:
    path = reverse("documents:verify", kwargs={"token": doc.token})
    return request.build_absolute_uri(path) if request is not None else path


def issue_pdf(
    request: HttpRequest | None,
    template: str,
    context: dict[str, Any],
    *,
    kind: str,
    title: str,
    org: OrgUnit | None,
    actor: Actor | None = None,
) -> tuple[bytes, IssuedDocument]:
    """Register, render and fingerprint one printout. Returns the PDF and its register row."""
    actor = actor if actor is not None else getattr(request, "user", None)
    doc = register(kind=kind, title=title, org=org, issued_by=actor)
    content = pdf.render(template, {**context, "issued": doc, "issued_qr": qr_svg(verify_url(request, doc))})
    doc.sha256 = hashlib.sha256(content).hexdigest()
    doc.save(update_fields=["sha256"])
    return content, doc
