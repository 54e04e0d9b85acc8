"""Printable PDFs in Chinese, rendered by WeasyPrint from a template, with nothing fetched from the network.

Every document template extends `documents/pdf_base.html` (title, serial, page numbers, the verification QR
code). The fonts are the project's own: Noto Sans SC, cut by `build_fonts` at setup time (`make assets`) into
`PDF_FONTS_DIR` and named by `@font-face` in the base template, so a machine without any Chinese system font
prints the same pages; the system's Noto CJK (fontconfig) is only the fallback. Any URL the document would
still ask for goes through `LocalFetcher`, which only serves files from the project's static directories and
the font directory and refuses everything else, so a name typed into an archive can never make the server
fetch a URL.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.document import Document
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse


class RefusedURL(ValueError):
    pass


def fonts_dir() -> Path:
    return Path(settings.PDF_FONTS_DIR).resolve()


def _allowed_roots() -> list[Path]:
    roots = [Path(d).resolve() for d in getattr(settings, "STATICFILES_DIRS", [])]
    if getattr(settings, "STATIC_ROOT", None):
        roots.append(Path(settings.STATIC_ROOT).resolve())
    roots.append(fonts_dir())
    return roots


class LocalFetcher(URLFetcher):
    """Serves file: URLs under the static and font directories; refuses http(s), ftp, data and any other file."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False)

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        parsed = urlparse(url)
        if parsed.scheme != "file":
            raise RefusedURL(f"refused: {parsed.scheme or 'relative'} URL")
        path = Path(unquote(parsed.path)).resolve()
        if not any(path.is_relative_to(root) for root in _allowed_roots()):
            raise RefusedURL("refused: outside the static directories")
        return super().fetch(url, headers)


# WeasyPrint copies each @font-face font into a fontconfig set of its own. One set per thread, kept for the
# process: the 2 MB fonts are copied and scanned once, not on every print (a FontConfiguration is meant to be
# reused across documents, but not shared between threads).
_local = threading.local()


def _font_config() -> FontConfiguration:
    config = getattr(_local, "font_config", None)
    if config is None:
        config = _local.font_config = FontConfiguration()
    return config


def document(template: str, context: dict[str, Any]) -> Document:
    """The laid-out document (pages and boxes), before it is written as a PDF."""
    html = render_to_string(template, {**context, "pdf_fonts": fonts_dir().as_uri()})
    base = Path(settings.STATICFILES_DIRS[0]).resolve().as_uri() + "/"
    config = _font_config()
    return HTML(string=html, base_url=base, url_fetcher=LocalFetcher()).render(font_config=config)


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
