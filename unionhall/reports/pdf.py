"""Printable PDFs in Chinese, rendered by WeasyPrint from a template, with nothing fetched from the network.

The fonts are the system's Noto CJK (Debian fonts-noto-cjk), found through fontconfig; the stylesheet sits
inline in the template. Any URL the document would still ask for goes through `LocalFetcher`, which only
serves files from the project's static directories and refuses everything else, so a name typed into an
archive can never make the server fetch a URL.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.document import Document
from weasyprint.urls import URLFetcher, URLFetcherResponse


class RefusedURL(ValueError):
    pass


def _static_roots() -> list[Path]:
    roots = [Path(d).resolve() for d in getattr(settings, "STATICFILES_DIRS", [])]
    if getattr(settings, "STATIC_ROOT", None):
        roots.append(Path(settings.STATIC_ROOT).resolve())
    return roots


class LocalFetcher(URLFetcher):
    """Serves file: URLs under the static directories; refuses http(s), ftp, data and any other file."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False)

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        parsed = urlparse(url)
        if parsed.scheme != "file":
            raise RefusedURL(f"refused: {parsed.scheme or 'relative'} URL")
        path = Path(unquote(parsed.path)).resolve()
        if not any(path.is_relative_to(root) for root in _static_roots()):
            raise RefusedURL("refused: outside the static directories")
        return super().fetch(url, headers)


def document(template: str, context: dict[str, Any]) -> Document:
    """The laid-out document (pages and boxes), before it is written as a PDF."""
    html = render_to_string(template, context)
    base = Path(settings.STATICFILES_DIRS[0]).resolve().as_uri() + "/"
    return HTML(string=html, base_url=base, url_fetcher=LocalFetcher()).render()


def render(template: str, context: dict[str, Any]) -> bytes:
    pdf = document(template, context).write_pdf()
    assert pdf is not None
    return pdf


def text_of(doc: Document) -> str:
    """Every piece of text laid out on the pages, in order: what tests read, as a PDF reader would show it."""
    from weasyprint.formatting_structure import boxes

    parts: list[str] = []

    def walk(box: Any) -> None:
        if isinstance(box, boxes.TextBox):
            parts.append(box.text)
        for child in getattr(box, "children", ()):
            walk(child)

    for page in doc.pages:
        walk(page._page_box)
    return "".join(parts)
