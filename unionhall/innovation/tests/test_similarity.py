"""Near-duplicate flagging: a paraphrased proposal is flagged with its original as the top match; unrelated
proposals of the same field are not; the labelled set's figures are the ones docs/innovation-similarity.md
gives."""

from __future__ import annotations

import json

import pytest

from unionhall.innovation import similarity
from unionhall.innovation.management.commands.similarity_measure import DATA, labelled, measure
from unionhall.innovation.models import SimilarSubmission
from unionhall.innovation.tests.support import submission
from unionhall.tests.city import City

GROUPS = json.loads(DATA.read_text())["groups"]


@pytest.mark.django_db
def test_a_paraphrased_proposal_is_flagged_with_its_original_as_the_top_match(city: City) -> None:
    originals = {submission(city, title=f"原始{i}", content=g["original"]).pk: g for i, g in enumerate(GROUPS[:8])}
    for g in GROUPS[:8]:
        submission(city, title="无关", content=g["unrelated"])
    for pk, g in originals.items():
        filed = submission(city, title="改写", content=g["paraphrase"])
        top = SimilarSubmission.objects.filter(submission=filed).first()
        assert filed.flagged, g["field"]
        assert top is not None and top.other_id == pk, g["field"]
        assert filed.similarity == top.score >= similarity.THRESHOLD


@pytest.mark.django_db
def test_an_unrelated_proposal_of_the_same_field_is_not_flagged(city: City) -> None:
    for g in GROUPS:
        submission(city, title="原始", content=g["original"])
    for g in GROUPS[:6]:
        assert not submission(city, title="另一项", content=g["unrelated"]).flagged, g["field"]


@pytest.mark.django_db
def test_the_similar_submissions_are_found_across_the_city(city: City) -> None:
    west = submission(city, org=city.u3, content=GROUPS[0]["original"])
    ours = submission(city, content=GROUPS[0]["paraphrase"])
    assert ours.flagged and ours.similar.first().other_id == west.pk


def test_the_labelled_set_has_at_least_sixty_labelled_pairs() -> None:
    pairs = labelled()
    assert len([p for p in pairs if p[3] != "other_original"]) >= 60
    assert {p[2] for p in pairs} == {0, 1}


def test_the_labelled_set_figures_are_those_the_docs_give() -> None:
    m = measure(similarity.THRESHOLD)
    assert m["precision"] == 1.0
    assert round(m["recall"], 3) == 0.562
    assert m["flagged_share"]["paraphrase"] == 1.0
    assert m["flagged_share"]["unrelated"] == 0.0


def test_the_score_reads_chinese_text_the_same_whatever_its_punctuation_and_width() -> None:
    assert similarity.score("优化切削参数，延长刀具寿命。", "优化切削参数 延长刀具寿命") == 1.0
    assert similarity.score("ＡＢＣ刀具", "abc刀具") == 1.0
    assert similarity.score("", "刀具") == 0.0


def test_the_sketch_keeps_at_most_k_hashes_and_the_same_text_gives_the_same_sketch() -> None:
    text = GROUPS[0]["original"] * 5 + GROUPS[1]["original"] * 3
    assert len(similarity.sketch(text)) <= similarity.K
    assert similarity.sketch(text) == similarity.sketch(text)
