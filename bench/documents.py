"""Benchmark of the PDF base (unionhall/documents): how long one printout in Chinese takes to render, with the
project's own fonts (Noto Sans SC cut by `make assets`), its serial, page numbers and verification QR code.

Run as `python -m bench.documents` (`make bench` with BENCH_ONLY=documents); needs no database. Prints one
JSON object:

- first_ms / first_cpu_ms: the first render in a fresh process (fontconfig reads the fonts, templates compile): what the
  first visitor after a restart waits for;
- warm_ms / warm_cpu_ms: the median of BENCH_PDF_RUNS renders after it, wall clock and this process's CPU;
- rare_ms: the median render of the same page with a name outside GB 2312 (堃), which also embeds the
  extension font;
- fonts: the font families embedded in the PDF.
"""

from __future__ import annotations

import io
import json
import os
import statistics
import time
from pathlib import Path
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "0")
django.setup()

from django.conf import settings  # noqa: E402
from fontTools.ttLib import TTFont  # noqa: E402

from unionhall.documents import pdf  # noqa: E402
from unionhall.documents.issuing import qr_svg  # noqa: E402
from unionhall.documents.models import IssuedDocument  # noqa: E402

RUNS = int(os.environ.get("BENCH_PDF_RUNS", "20"))
settings.TEMPLATES[0]["DIRS"].append(Path(__file__).parent / "templates")  # before the engine is built


def context(name: str) -> dict[str, Any]:
    issued = IssuedDocument(serial="WJ20261207-000042", token="x" * 22, title="困难职工帮扶审批表")
    rows = [
        ("姓名", name),
        ("工作单位", "东方机械公司"),
        ("家庭住址", "苏州市姑苏区平江路 88 号"),
        ("困难情况", "妻子患尿毒症长期透析，本人所在车间停产，家庭收入骤减。" * 3),
        ("救助金额（大写）", "壹仟贰佰叁拾肆元伍角整"),
        ("审批意见", "经入户核查，情况属实，同意救助。"),
    ] * 4
    return {
        "issued": issued,
        "issued_qr": qr_svg("https://example.org/documents/verify/" + "x" * 22 + "/"),
        "rows": rows,
    }


def timed(name: str) -> tuple[float, float]:
    started, started_cpu = time.perf_counter(), time.process_time()
    content = pdf.render("bench_pdf.html", context(name))
    assert content.startswith(b"%PDF-")
    return (time.perf_counter() - started) * 1000, (time.process_time() - started_cpu) * 1000


def main() -> None:
    first_ms, first_cpu_ms = timed("王小明")
    warm = [timed("王小明") for _ in range(RUNS)]
    rare = [timed("王堃") for _ in range(max(3, RUNS // 4))]
    doc = pdf.document("bench_pdf.html", context("王堃"))
    doc.write_pdf()
    fonts = sorted({TTFont(io.BytesIO(f.file_content))["name"].getDebugName(1) or "?" for f in doc.fonts.values()})
    print(
        json.dumps(
            {
                "first_ms": round(first_ms, 1),
                "first_cpu_ms": round(first_cpu_ms, 1),
                "warm_ms": round(statistics.median(w for w, _ in warm), 1),
                "warm_cpu_ms": round(statistics.median(c for _, c in warm), 1),
                "rare_ms": round(statistics.median(w for w, _ in rare), 1),
                "pages": len(doc.pages),
                "fonts": fonts,
                "runs": RUNS,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
