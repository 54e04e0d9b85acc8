"""Eligibility is read from the programme's data: each rule refuses with a Chinese reason on its field."""

from __future__ import annotations

import itertools
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from unionhall.assistance import eligibility
from unionhall.assistance.models import (
    Disbursement,
    DisbursementStatus,
    EvidenceFile,
    EvidenceKind,
    FileStatus,
    HardshipFile,
    Programme,
    ProgrammeKind,
)
from unionhall.core.errors import ValidationError
from unionhall.funds.models import Budget
from unionhall.tests import factories
from unionhall.tests.city import City

SH = ZoneInfo("Asia/Shanghai")
ON = date(2026, 6, 1)
_no = itertools.count(1)


def errors_of(**kwargs: Any) -> dict[str, list[str]]:
    defaults: dict[str, Any] = {"details": {}, "on": ON}
    with pytest.raises(ValidationError) as caught:
        eligibility.check(**(defaults | kwargs))
    return caught.value.field_errors


def evidence(file: HardshipFile, kind: str) -> EvidenceFile:
    return EvidenceFile.objects.create(
        file=file,
        kind=kind,
        name=f"{kind}.pdf",
        content=f"evidence/{kind}.pdf",
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
    )


def disbursement(
    file: HardshipFile,
    programme: Programme,
    budget: Budget,
    *,
    status: str = DisbursementStatus.REQUESTED,
    at: datetime | None = None,
) -> Disbursement:
    d = Disbursement.objects.create(
        no=f"ZC{next(_no):08d}",
        file=file,
        programme=programme,
        budget=budget,
        org=file.org,
        amount_fen=100_00,
        status=status,
        payee_name="王困难",
    )
    if at is not None:
        Disbursement.objects.filter(pk=d.pk).update(requested_at=at)
    return d


@pytest.fixture
def archive(city: City) -> HardshipFile:
    return factories.hardship_file(city.u1)


@pytest.fixture
def living() -> Programme:
    return factories.programme(
        ProgrammeKind.LIVING,
        rules={"categories": ["deep", "relative"], "max_per_year": 2},
        amounts={"default": 1_000_00, "by_category": {"deep": 2_000_00}, "max": 5_000_00},
    )


@pytest.fixture
def education() -> Programme:
    return factories.programme(
        ProgrammeKind.EDUCATION,
        rules={"categories": ["deep", "relative", "accident"], "max_per_year": 1},
        amounts={"default": 2_000_00, "by_tier": {"key": 5_000_00, "vocational": 3_000_00}, "max": 6_000_00},
    )


GOOD_CHILD = {"child_name": "王小明", "school": "南京大学", "tier": "key"}


@pytest.mark.django_db
class TestCheck:
    def test_it_accepts_an_approved_archive_of_a_covered_category_within_the_amounts(
        self, archive: HardshipFile, living: Programme
    ) -> None:
        eligibility.check(file=archive, programme=living, amount_fen=5_000_00, details={}, on=ON)

    @pytest.mark.parametrize("status", [s for s in FileStatus.values if s != FileStatus.APPROVED])
    def test_it_refuses_an_archive_that_is_not_approved(self, city: City, living: Programme, status: str) -> None:
        file = factories.hardship_file(city.u1, status=status)
        errors = errors_of(file=file, programme=living, amount_fen=100_00)
        assert "只有已建档的困难职工可以申请帮扶" in errors["archive"][0]

    def test_it_refuses_a_category_the_programme_does_not_cover(self, city: City, living: Programme) -> None:
        file = factories.hardship_file(city.u1, category="accident")
        errors = errors_of(file=file, programme=living, amount_fen=100_00)
        assert errors["archive"] == ["「" + living.name + "」只面向深度困难、相对困难的档案，该档案为「意外致困」。"]

    def test_a_programme_without_categories_admits_every_category(self, city: City) -> None:
        open_to_all = factories.programme(rules={}, amounts={"default": 100_00})
        file = factories.hardship_file(city.u1, category="accident")
        eligibility.check(file=file, programme=open_to_all, amount_fen=100_00, details={}, on=ON)

    def test_it_refuses_a_stopped_programme(self, archive: HardshipFile, living: Programme) -> None:
        living.active = False
        assert "已停用" in errors_of(file=archive, programme=living, amount_fen=100_00)["programme"][0]

    def test_it_refuses_an_amount_above_the_programme_maximum(self, archive: HardshipFile, living: Programme) -> None:
        errors = errors_of(file=archive, programme=living, amount_fen=5_000_01)
        assert errors["amount"] == ["金额超过该项目的上限 5,000.00 元。"]

    @pytest.mark.parametrize("amount", [0, -1])
    def test_it_refuses_an_amount_that_is_not_positive(
        self, archive: HardshipFile, living: Programme, amount: int
    ) -> None:
        assert errors_of(file=archive, programme=living, amount_fen=amount)["amount"] == ["金额必须大于零。"]

    def test_it_gives_every_reason_at_once(self, city: City, living: Programme) -> None:
        file = factories.hardship_file(city.u1, status=FileStatus.DRAFT, category="accident")
        errors = errors_of(file=file, programme=living, amount_fen=9_000_00)
        assert len(errors["archive"]) == 2
        assert "amount" in errors


@pytest.mark.django_db
class TestYearlyLimit:
    def test_it_refuses_once_the_yearly_count_is_reached(
        self, city: City, archive: HardshipFile, living: Programme
    ) -> None:
        budget = factories.budget_chain(city.u1, 10_000_00, year=2026)
        disbursement(archive, living, budget, at=datetime(2026, 2, 1, tzinfo=SH))
        eligibility.check(file=archive, programme=living, amount_fen=100_00, details={}, on=ON)
        disbursement(archive, living, budget, status=DisbursementStatus.PAID, at=datetime(2026, 3, 1, tzinfo=SH))
        errors = errors_of(file=archive, programme=living, amount_fen=100_00)
        assert errors["programme"] == [f"该档案2026年已申请「{living.name}」2次，每户每年最多2次。"]

    @pytest.mark.parametrize("status", [DisbursementStatus.REJECTED, DisbursementStatus.CANCELLED])
    def test_rejected_and_cancelled_requests_do_not_count(
        self, city: City, archive: HardshipFile, living: Programme, status: str
    ) -> None:
        budget = factories.budget_chain(city.u1, 10_000_00, year=2026)
        for _ in range(3):
            disbursement(archive, living, budget, status=status, at=datetime(2026, 2, 1, tzinfo=SH))
        eligibility.check(file=archive, programme=living, amount_fen=100_00, details={}, on=ON)

    @pytest.mark.parametrize("status", [DisbursementStatus.PARTLY_APPROVED, DisbursementStatus.APPROVED])
    def test_requests_on_their_way_count(
        self, city: City, archive: HardshipFile, living: Programme, status: str
    ) -> None:
        budget = factories.budget_chain(city.u1, 10_000_00, year=2026)
        for _ in range(2):
            disbursement(archive, living, budget, status=status, at=datetime(2026, 2, 1, tzinfo=SH))
        assert "programme" in errors_of(file=archive, programme=living, amount_fen=100_00)

    def test_the_year_is_the_calendar_year_in_shanghai(
        self, city: City, archive: HardshipFile, living: Programme
    ) -> None:
        budget = factories.budget_chain(city.u1, 10_000_00, year=2026)
        # 2025-12-31 23:30 in Shanghai is still last year; 2026-01-01 00:10 Shanghai (16:10 UTC) is this year.
        disbursement(archive, living, budget, at=datetime(2025, 12, 31, 23, 30, tzinfo=SH))
        disbursement(archive, living, budget, at=datetime(2025, 12, 31, 23, 59, tzinfo=SH))
        disbursement(archive, living, budget, at=datetime(2026, 1, 1, 0, 10, tzinfo=SH))
        assert eligibility.requests_this_year(file=archive, programme=living, on=ON) == 1
        assert eligibility.requests_this_year(file=archive, programme=living, on=date(2025, 7, 1)) == 2
        eligibility.check(file=archive, programme=living, amount_fen=100_00, details={}, on=ON)

    def test_other_programmes_and_other_archives_do_not_count(
        self, city: City, archive: HardshipFile, living: Programme
    ) -> None:
        budget = factories.budget_chain(city.u1, 10_000_00, year=2026)
        other = factories.programme(rules={}, amounts={})
        neighbour = factories.hardship_file(city.u1)
        for _ in range(2):
            disbursement(archive, other, budget, at=datetime(2026, 2, 1, tzinfo=SH))
            disbursement(neighbour, living, budget, at=datetime(2026, 2, 1, tzinfo=SH))
        eligibility.check(file=archive, programme=living, amount_fen=100_00, details={}, on=ON)

    def test_a_request_checked_again_leaves_itself_out_of_the_count(
        self, city: City, archive: HardshipFile, living: Programme
    ) -> None:
        budget = factories.budget_chain(city.u1, 10_000_00, year=2026)
        disbursement(archive, living, budget, at=datetime(2026, 2, 1, tzinfo=SH))
        second = disbursement(archive, living, budget, at=datetime(2026, 3, 1, tzinfo=SH))
        eligibility.check(file=archive, programme=living, amount_fen=100_00, details={}, on=ON, exclude_pk=second.pk)


@pytest.mark.django_db
class TestEducation:
    def test_it_accepts_a_child_with_an_admission_letter_within_the_tier(
        self, archive: HardshipFile, education: Programme
    ) -> None:
        evidence(archive, EvidenceKind.ADMISSION)
        eligibility.check(file=archive, programme=education, amount_fen=5_000_00, details=GOOD_CHILD, on=ON)

    def test_it_asks_for_the_child_the_school_and_the_tier(self, archive: HardshipFile, education: Programme) -> None:
        evidence(archive, EvidenceKind.ADMISSION)
        errors = errors_of(file=archive, programme=education, amount_fen=100_00, details={"tier": "kindergarten"})
        assert errors["child_name"] == ["请填写子女姓名。"]
        assert errors["school"] == ["请填写录取学校。"]
        assert errors["tier"] == ["请选择录取院校层次。"]

    def test_it_needs_the_admission_letter_even_when_the_rules_forget_it(
        self, archive: HardshipFile, education: Programme
    ) -> None:
        evidence(archive, EvidenceKind.INCOME)
        errors = errors_of(file=archive, programme=education, amount_fen=100_00, details=GOOD_CHILD)
        assert errors["evidence"] == ["档案缺少证明材料：录取通知书，请先上传。"]

    def test_the_tier_caps_the_amount(self, archive: HardshipFile, education: Programme) -> None:
        evidence(archive, EvidenceKind.ADMISSION)
        details = GOOD_CHILD | {"tier": "vocational"}
        errors = errors_of(file=archive, programme=education, amount_fen=3_000_01, details=details)
        assert errors["amount"] == ["高职（专科）的助学标准为 3,000.00 元，金额不能超过该标准。"]

    def test_a_tier_without_its_own_amount_is_capped_only_by_the_maximum(
        self, archive: HardshipFile, education: Programme
    ) -> None:
        evidence(archive, EvidenceKind.ADMISSION)
        details = GOOD_CHILD | {"tier": "postgraduate"}
        eligibility.check(file=archive, programme=education, amount_fen=6_000_00, details=details, on=ON)
        assert "amount" in errors_of(file=archive, programme=education, amount_fen=6_000_01, details=details)


@pytest.mark.django_db
def test_it_asks_for_every_evidence_kind_the_rules_require(city: City) -> None:
    medical = factories.programme(
        ProgrammeKind.MEDICAL, rules={"evidence": ["medical", "income"]}, amounts={"max": 10_000_00}
    )
    file = factories.hardship_file(city.u1)
    evidence(file, EvidenceKind.INCOME)
    errors = errors_of(file=file, programme=medical, amount_fen=100_00)
    assert errors["evidence"] == ["档案缺少证明材料：病历/诊断证明，请先上传。"]
    evidence(file, EvidenceKind.MEDICAL)
    eligibility.check(file=file, programme=medical, amount_fen=100_00, details={}, on=ON)


@pytest.mark.django_db
class TestSuggestedAmount:
    def test_the_tier_comes_first_for_education(self, archive: HardshipFile, education: Programme) -> None:
        assert eligibility.suggested_amount(file=archive, programme=education, details={"tier": "key"}) == 5_000_00

    def test_a_tier_without_an_amount_falls_back_to_the_default(
        self, archive: HardshipFile, education: Programme
    ) -> None:
        got = eligibility.suggested_amount(file=archive, programme=education, details={"tier": "postgraduate"})
        assert got == 2_000_00

    def test_the_category_comes_before_the_default(self, city: City, living: Programme) -> None:
        deep = factories.hardship_file(city.u1, category="deep")
        relative = factories.hardship_file(city.u1, category="relative")
        assert eligibility.suggested_amount(file=deep, programme=living, details={}) == 2_000_00
        assert eligibility.suggested_amount(file=relative, programme=living, details={}) == 1_000_00

    def test_tiers_do_not_apply_outside_education(self, archive: HardshipFile) -> None:
        p = factories.programme(amounts={"default": 100_00, "by_tier": {"key": 900_00}})
        assert eligibility.suggested_amount(file=archive, programme=p, details={"tier": "key"}) == 100_00

    def test_it_never_suggests_more_than_the_maximum_and_zero_without_amounts(self, archive: HardshipFile) -> None:
        capped = factories.programme(amounts={"default": 900_00, "max": 500_00})
        assert eligibility.suggested_amount(file=archive, programme=capped, details=None) == 500_00
        bare = factories.programme(amounts={})
        assert eligibility.suggested_amount(file=archive, programme=bare, details=None) == 0


class TestValidateRules:
    def test_it_returns_clean_copies_in_a_stable_order(self) -> None:
        rules, amounts = eligibility.validate_rules(
            {"categories": ["relative", "deep"], "max_per_year": 1, "evidence": ["income", "admission"]},
            {"max": 9_000_00, "default": 100_00, "by_category": {"relative": 200_00, "deep": 300_00}},
        )
        assert rules == {"categories": ["deep", "relative"], "max_per_year": 1, "evidence": ["income", "admission"]}
        assert amounts == {"max": 9_000_00, "default": 100_00, "by_category": {"deep": 300_00, "relative": 200_00}}

    def test_empty_rules_mean_no_conditions(self) -> None:
        assert eligibility.validate_rules({}, {}) == ({}, {})

    @pytest.mark.parametrize(
        ("rules", "amounts", "field"),
        [
            ({"categories": []}, {}, "categories"),
            ({"categories": ["none"]}, {}, "categories"),
            ({"categories": "deep"}, {}, "categories"),
            ({"max_per_year": 0}, {}, "max_per_year"),
            ({"max_per_year": True}, {}, "max_per_year"),
            ({"max_per_year": "2"}, {}, "max_per_year"),
            ({"evidence": ["passport"]}, {}, "evidence"),
            ({"colour": "red"}, {}, "rules"),
            ({}, {"bonus": 1}, "amounts"),
            ({}, {"default": -1}, "amount_default"),
            ({}, {"default": 1.5}, "amount_default"),
            ({}, {"max": 0}, "amount_max"),
            ({}, {"max": 10_000_000_01}, "amount_max"),
            ({}, {"by_category": {"deep": 0}}, "amount_deep"),
            ({}, {"by_category": {"rich": 100}}, "amounts"),
            ({}, {"by_tier": {"key": "5000"}}, "tier_key"),
            ({}, {"by_tier": {"kindergarten": 100}}, "amounts"),
            ({}, {"default": 600, "max": 500}, "amount_default"),
            ({}, {"by_category": {"deep": 600}, "max": 500}, "amount_deep"),
            ({}, {"by_tier": {"postgraduate": 600}, "max": 500}, "tier_postgraduate"),
            ({"categories": ["deep"]}, {"by_category": {"relative": 100}}, "amount_relative"),
        ],
    )
    def test_it_refuses_bad_rules_and_amounts_on_their_field(
        self, rules: dict[str, Any], amounts: dict[str, Any], field: str
    ) -> None:
        with pytest.raises(ValidationError) as caught:
            eligibility.validate_rules(rules, amounts)
        assert field in caught.value.field_errors
        assert all(m for ms in caught.value.field_errors.values() for m in ms)
