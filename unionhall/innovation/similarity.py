"""Near-duplicate flagging of submissions: which earlier submissions of the city say the same thing.

Chinese has no spaces, so a text is compared by its character shingles: the text is normalised (full-width
forms folded by NFKC, letters lowered, everything but CJK characters, letters and digits dropped) and cut into
overlapping character bigrams. Two texts' score is the **cosine of their bigram sets**
(|A∩B| / √(|A|·|B|)). On the labelled set (docs/innovation-similarity.md) it and the Jaccard of bigrams do
about equally well (best F1 0.876 and 0.884); the cosine is kept because the gap between the lowest
paraphrase and the highest unrelated pair is wider (0.311 − 0.151 = 0.160, against 0.103), so a threshold
sits further from both. Trigrams lose recall (0.54). A submission is **flagged** when its best score reaches
`THRESHOLD`; scores from `SHOWN` on are shown to reviewers.

At city scale (100 000 submissions and more) comparing with every earlier text is too slow, so each submission
keeps a **bottom-k MinHash sketch** of its bigrams (the `K` smallest 63-bit hashes, `SketchToken` rows with an
index on the hash). Two texts that share many bigrams share many sketch hashes, so the candidates are one
indexed query — the submissions holding at least `MIN_SHARED` of the new text's hashes, the `CANDIDATES`
sharing most — and only those are scored exactly.
"""

from __future__ import annotations

import hashlib
import math
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

THRESHOLD = 0.20  # flag at or above (chosen on the labelled set; see docs/innovation-similarity.md)
SHOWN = 0.10  # similar submissions shown to reviewers, with their score, from this score on
TOP = 5  # at most this many shown
K = 64  # sketch size
MIN_SHARED = 3  # a candidate shares at least this many sketch hashes
CANDIDATES = 200  # at most this many candidates scored exactly


def normalise(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).lower()
    return "".join(ch for ch in folded if ch.isalnum())


def shingles(text: str, n: int = 2) -> frozenset[str]:
    s = normalise(text)
    if len(s) < n:
        return frozenset({s}) if s else frozenset()
    return frozenset(s[i : i + n] for i in range(len(s) - n + 1))


def cosine(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / math.sqrt(len(a) * len(b))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def score(a: str, b: str) -> float:
    """The similarity of two texts, 0–1: the cosine of their bigram sets."""
    return cosine(shingles(a), shingles(b))


def text_of(title: str, content: str) -> str:
    return f"{title}。{content}"


def _hash(shingle: str) -> int:
    # 63 bits, so it fits a signed BIGINT on every engine
    return int.from_bytes(hashlib.blake2b(shingle.encode(), digest_size=8).digest(), "big") >> 1


def sketch(text: str) -> list[int]:
    """The bottom-k MinHash sketch: the K smallest hashes of the text's bigrams."""
    return sorted({_hash(s) for s in shingles(text)})[:K]


@dataclass(frozen=True)
class Match:
    id: int
    score: float

    @property
    def decimal(self) -> Decimal:
        return Decimal(f"{self.score:.3f}")


def best(text: str, candidates: Iterable[tuple[int, str]], *, top: int = TOP, floor: float = SHOWN) -> list[Match]:
    """The candidates scored exactly, best first, those from `floor` on."""
    mine = shingles(text)
    found = [Match(pk, cosine(mine, shingles(other))) for pk, other in candidates]
    found = [m for m in found if m.score >= floor]
    return sorted(found, key=lambda m: (-m.score, m.id))[:top]


def flagged(matches: Sequence[Match]) -> bool:
    return bool(matches) and matches[0].score >= THRESHOLD


# --- the index in the database ---------------------------------------------------------------------------


def candidate_ids(tokens: Sequence[int], *, exclude: int | None = None) -> list[int]:
    """The submissions sharing at least MIN_SHARED of `tokens`, those sharing most first (one indexed query)."""
    from django.db.models import Count

    from unionhall.innovation.models import SketchToken

    qs = SketchToken.objects.filter(token__in=list(tokens))
    if exclude is not None:
        qs = qs.exclude(submission_id=exclude)
    rows = (
        qs.values("submission_id")
        .annotate(shared=Count("submission_id"))
        .filter(shared__gte=MIN_SHARED)
        .order_by("-shared", "-submission_id")[:CANDIDATES]
    )
    return [r["submission_id"] for r in rows]


def similar_to(title: str, content: str, *, exclude: int | None = None) -> list[Match]:
    """The earlier submissions of the city most like this text (the city's whole register: near-duplicates
    are found across districts, and reviewers see only the ids and scores of those outside their reach)."""
    from unionhall.innovation.models import Submission

    text = text_of(title, content)
    ids = candidate_ids(sketch(text), exclude=exclude)
    rows = Submission.objects.filter(pk__in=ids).values_list("pk", "title", "content")
    return best(text, ((pk, text_of(t, c)) for pk, t, c in rows))


def index(submission_id: int, title: str, content: str) -> None:
    from unionhall.innovation.models import SketchToken

    SketchToken.objects.bulk_create(
        [SketchToken(submission_id=submission_id, token=t) for t in sketch(text_of(title, content))],
        ignore_conflicts=True,
    )
