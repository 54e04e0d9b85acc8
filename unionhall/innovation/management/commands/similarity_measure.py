"""Measure near-duplicate flagging: precision and recall on the labelled set, and, with --scale N, the time to
find the similar submissions of a new one among N indexed submissions (synthetic ones made from the labelled
set's clauses). Writes nothing unless --scale is given (then it adds N submissions: use a scratch database).

    manage.py similarity_measure
    manage.py similarity_measure --scale 100000 --org D1-T1-U1   (a scratch PostgreSQL database)
"""

from __future__ import annotations

import itertools
import json
import random
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from unionhall.innovation import similarity

DATA = Path(__file__).resolve().parents[2] / "data" / "similarity_pairs.json"


def labelled() -> list[tuple[str, str, int, str]]:
    groups = json.loads(DATA.read_text())["groups"]
    pairs: list[tuple[str, str, int, str]] = []
    for g in groups:
        pairs += [
            (g["original"], g["paraphrase"], 1, "paraphrase"),
            (g["original"], g["same_idea"], 1, "same_idea"),
            (g["original"], g["unrelated"], 0, "unrelated"),
        ]
    for a, b in itertools.combinations(groups, 2):
        pairs.append((a["original"], b["original"], 0, "other_original"))
    return pairs


def measure(threshold: float) -> dict[str, Any]:
    pairs = labelled()
    scored = [(similarity.score(a, b), label, kind) for a, b, label, kind in pairs]
    tp = sum(1 for s, label, _ in scored if s >= threshold and label)
    fp = sum(1 for s, label, _ in scored if s >= threshold and not label)
    fn = sum(1 for s, label, _ in scored if s < threshold and label)
    by_kind = {
        kind: sum(1 for s, _, k in scored if k == kind and s >= threshold) / sum(1 for _, _, k in scored if k == kind)
        for kind in ("paraphrase", "same_idea", "unrelated", "other_original")
    }
    return {
        "threshold": threshold,
        "pairs": len(pairs),
        "positives": tp + fn,
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn),
        "flagged_share": by_kind,
    }


class Command(BaseCommand):
    help = "Measure the near-duplicate flagging of innovation submissions (labelled set; --scale: speed)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--scale", type=int, default=0)
        parser.add_argument("--org", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        for t in (0.10, 0.15, 0.20, 0.25, 0.30):
            m = measure(t)
            share = " ".join(f"{k}={v:.3f}" for k, v in m["flagged_share"].items())
            self.stdout.write(
                f"threshold {t:.2f}: pairs {m['pairs']} positives {m['positives']} "
                f"precision {m['precision']:.3f} recall {m['recall']:.3f} | flagged: {share}"
            )
        if options["scale"]:
            self._scale(options["scale"], options["org"])

    def _scale(self, n: int, org_code: str) -> None:
        from django.db import connection

        from unionhall.innovation.models import Kind, SketchToken, Submission
        from unionhall.orgs.models import OrgUnit

        groups = json.loads(DATA.read_text())["groups"]
        org = OrgUnit.objects.get(code=org_code) if org_code else OrgUnit.objects.filter(level="grassroots").first()
        assert org is not None
        # The noise: each synthetic submission is two clauses of the set's *unrelated* proposals (the same fields'
        # words) and 60 characters drawn from the set's own characters by their frequency, so that the corpus
        # shares the originals' vocabulary without holding their sentences.
        clauses = [c for g in groups for c in g["unrelated"].replace("，", "。").split("。") if len(c) > 3]
        chars = [ch for g in groups for t in g.values() for ch in similarity.normalise(t)]
        rng = random.Random(17)  # noqa: S311 — a repeatable synthetic corpus, no secret
        started = time.perf_counter()
        made = 0
        batch = 2000
        while made < n:
            rows = []
            for i in range(min(batch, n - made)):
                content = "，".join(rng.sample(clauses, 2)) + "，" + "".join(rng.choices(chars, k=60)) + "。"
                rows.append(
                    Submission(
                        no=f"SYN{made + i:09d}", org=org, kind=Kind.RATIONALIZATION, title=content[:20], content=content
                    )
                )
            Submission.objects.bulk_create(rows)
            tokens = [
                SketchToken(submission_id=s.pk, token=t)
                for s in rows
                for t in similarity.sketch(similarity.text_of(s.title, s.content))
            ]
            SketchToken.objects.bulk_create(tokens, ignore_conflicts=True)
            made += len(rows)
        originals: list[int] = []
        for g in groups:
            s = Submission.objects.create(
                no=f"ORIG{len(originals):05d}", org=org, kind=Kind.RATIONALIZATION, title="", content=g["original"]
            )
            similarity.index(s.pk, "", g["original"])
            originals.append(s.pk)
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("ANALYZE innovation_sketchtoken; ANALYZE innovation_submission")
        self.stdout.write(
            f"indexed {made} synthetic + {len(originals)} originals in {time.perf_counter() - started:.1f} s"
        )
        times = []
        top1 = 0
        for g, pk in zip(groups, originals, strict=True):
            t0 = time.perf_counter()
            found = similarity.similar_to("", g["paraphrase"])
            times.append(time.perf_counter() - t0)
            top1 += bool(found) and found[0].id == pk
        times.sort()
        self.stdout.write(
            f"{connection.vendor}: {SketchToken.objects.count()} sketch rows; similar_to over "
            f"{made + len(originals)} submissions: median {times[len(times) // 2] * 1000:.0f} ms, "
            f"max {times[-1] * 1000:.0f} ms; paraphrase's original the top match {top1}/{len(groups)}"
        )
