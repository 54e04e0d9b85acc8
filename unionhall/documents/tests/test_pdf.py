"""PDFs print Chinese with the project's own CJK font, whatever the machine has installed, and every page of
every document carries its serial, its page number out of the total and the verification QR code."""

from __future__ import annotations

import copy
import hashlib
import io
import re
from pathlib import Path
from typing import Any

import pytest
from fontTools.ttLib import TTFont

from unionhall.documents import pdf
from unionhall.documents.issuing import issue_pdf, qr_svg, register
from unionhall.tests.city import City

BODY = "困难职工帮扶公示名单：东方机械公司工会，因病致困。"


@pytest.fixture(autouse=True)
def sample_template(settings: Any) -> None:
    """A document extending the base template, as a module's printout does (tests/templates/sample_pdf.html)."""
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], Path(__file__).parent / "templates"]
    settings.TEMPLATES = templates


def _render(city: City, body: str, *, paragraphs: int = 1) -> Any:
    issued = register(kind="test", title="测试文件", org=city.u1, issued_by=None)
    context = {"issued": issued, "issued_qr": qr_svg("http://testserver/x/"), "paragraphs": [body] * paragraphs}
    return issued, pdf.document("sample_pdf.html", context)


def _faces(doc: Any) -> list[TTFont]:
    """The fonts embedded in the written PDF (WeasyPrint collects them while writing), as subset there."""
    if not doc.fonts:
        doc.write_pdf()
    return [TTFont(io.BytesIO(font.file_content)) for font in doc.fonts.values()]


def test_a_chinese_pdf_embeds_the_projects_cjk_font_which_holds_every_character(city: City) -> None:
    _, doc = _render(city, BODY)
    assert doc.write_pdf().startswith(b"%PDF-")
    faces = _faces(doc)
    families = {face["name"].getDebugName(1) for face in faces}
    # Noto Sans SC cut by build_fonts (make assets), not a system fallback that may lack Chinese glyphs.
    assert families <= {"Noto Sans SC"} and families, families
    covered = set().union(*(face.getBestCmap() for face in faces))
    chinese = {ord(c) for c in BODY + "扫码核验真伪" if "\u4e00" <= c <= "\u9fff"}
    assert chinese and chinese <= covered


def test_a_character_outside_gb2312_prints_from_the_extension_font(city: City) -> None:
    rare = "王堃"  # 堃: common in names, absent from GB 2312
    with pytest.raises(UnicodeEncodeError):
        rare[1].encode("gb2312")
    _, doc = _render(city, rare)
    families = {face["name"].getDebugName(1) for face in _faces(doc)}
    assert "Noto Sans SC Ext" in families
    assert any(ord("堃") in face.getBestCmap() for face in _faces(doc))


def test_every_page_carries_the_serial_its_number_of_the_total_and_the_qr_code(city: City) -> None:
    issued, doc = _render(city, BODY * 4, paragraphs=60)
    assert len(doc.pages) >= 2
    total = len(doc.pages)
    text = pdf.text_of(doc)
    for n in range(1, total + 1):
        assert f"第 {n} 页 共 {total} 页" in text
    assert text.count(f"文件编号 {issued.serial}") == total
    assert text.count("扫码核验真伪") == total


def test_the_register_gives_a_dated_serial_and_an_unguessable_token(city: City) -> None:
    a = register(kind="test", title="测试文件", org=city.u1, issued_by=None)
    b = register(kind="test", title="测试文件", org=city.u1, issued_by=None)
    assert re.fullmatch(r"WJ\d{8}-\d{6}", a.serial) and a.serial != b.serial
    assert len(a.token) >= 22 and a.token != b.token
    assert a.serial not in a.token


def test_issuing_records_the_digest_of_the_pdf_as_delivered(city: City, rf: Any) -> None:
    request = rf.get("/")
    request.user = city.users["chair_u1"]
    content, doc = issue_pdf(
        request, "sample_pdf.html", {"paragraphs": [BODY]}, kind="test", title="测试文件", org=city.u1
    )
    doc.refresh_from_db()
    assert content.startswith(b"%PDF-")
    assert doc.sha256 == hashlib.sha256(content).hexdigest()
    assert doc.issued_by == city.users["chair_u1"] and doc.org == city.u1 and doc.kind == "test"


def test_the_qr_code_is_an_inline_svg_that_the_pdf_draws(city: City) -> None:
    svg = qr_svg("http://testserver/documents/verify/abc/")
    assert svg.startswith("<svg") and "<path" in svg
    issued = register(kind="test", title="测试文件", org=city.u1, issued_by=None)
    with_qr = pdf.render("sample_pdf.html", {"issued": issued, "issued_qr": svg, "paragraphs": [BODY]})
    without = pdf.render("sample_pdf.html", {"issued": issued, "issued_qr": "", "paragraphs": [BODY]})
    assert len(with_qr) > len(without) + 500  # the code's modules are drawn as vector paths
