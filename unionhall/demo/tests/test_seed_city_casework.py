"""seed_city's rights and assistance records: there, in proportion, in every state of their workflow tables,
with balanced money, spread over every district, and logins for workers whose pages open."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Count, F, Sum
from django.test import Client
from django.utils import timezone

from unionhall.assistance import workflow as archive_workflow
from unionhall.assistance.models import (
    Disbursement,
    DisbursementStatus,
    FileEvent,
    FileStatus,
    HardshipCategory,
    HardshipFile,
    HomeVisit,
)
from unionhall.assistance.services import compute_category
from unionhall.cards.models import AssistanceCard, CardStatus
from unionhall.core.actors import SystemActor
from unionhall.demo.city import seed_city
from unionhall.funds.models import Account, Budget, Journal, JournalKind, LedgerEntry
from unionhall.members.models import OPEN_STATUSES, Membership, MemberTally
from unionhall.orgs.models import OrgLevel, OrgUnit
from unionhall.rights import workflow as case_workflow
from unionhall.rights.models import Case, CaseEvent, CaseStatus, RiskLevel, RiskReport, RiskStatus
from unionhall.rights.sweep import deadline_sweep
from unionhall.worker_portal.models import WorkerProfile

MEMBERS = 30_000


@pytest.fixture(scope="module")
def city(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, int]]:
    """One city for the module, rolled back afterwards (seeding it takes a while)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield seed_city(members=MEMBERS, seed=4)
        transaction.set_rollback(True)


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("city")]


def test_the_city_has_archives_payments_cards_cases_and_risk_reports_in_proportion(city: dict[str, int]) -> None:
    assert HardshipFile.objects.count() == city["hardship_files"] == round(0.007 * MEMBERS)
    assert Case.objects.count() == city["rights_cases"] == round(0.0036 * MEMBERS)
    assert RiskReport.objects.count() == city["risk_reports"] == round(0.0004 * MEMBERS)
    assert Disbursement.objects.count() == city["disbursements"] > 0.5 * city["hardship_files"]
    assert AssistanceCard.objects.count() == city["cards"] > 0.4 * city["hardship_files"]
    # Each archive names a member of the union that filed it; one archive per person.
    assert all(
        Membership.objects.filter(person_id=f.person_id, org_id=f.org_id, status__in=OPEN_STATUSES).exists()
        for f in HardshipFile.objects.all()[:200]
    )
    assert HardshipFile.objects.values("person").annotate(n=Count("id")).filter(n__gt=1).count() == 0


def test_every_case_and_archive_stands_in_a_state_of_its_workflow_table_reached_by_its_steps() -> None:
    assert set(Case.objects.values_list("status", flat=True)) == set(CaseStatus.values)
    assert set(HardshipFile.objects.values_list("status", flat=True)) == set(FileStatus.values)
    for table, events, parent in (
        (case_workflow.TABLE, CaseEvent.objects.values_list("case_id", "kind", "from_status", "to_status"), "case"),
        (
            archive_workflow.TABLE,
            FileEvent.objects.values_list("file_id", "transition", "from_status", "to_status"),
            "file",
        ),
    ):
        last: dict[int, str] = {}
        for pk, kind, before, after in events.order_by("at", "id"):
            if kind == "create":
                last[pk] = after
            elif kind in table.steps:
                step = table.steps[kind]
                assert before in step.sources and after in {step.target, *step.also_to}, (parent, pk, kind)
                assert last[pk] == before, (parent, pk, kind, last[pk], before)
                last[pk] = after
        statuses = dict((Case if parent == "case" else HardshipFile).objects.values_list("id", "status"))
        assert last == statuses


def test_an_archive_is_in_the_category_its_income_gives_and_verified_by_a_visit() -> None:
    for f in HardshipFile.objects.exclude(status=FileStatus.REJECTED)[:300]:
        assert f.category == compute_category(f.monthly_income_fen, f.household_size, f.causes)
        assert f.category != HardshipCategory.NONE
    verified = HardshipFile.objects.exclude(status__in=[FileStatus.DRAFT, FileStatus.SUBMITTED])
    assert not verified.exclude(visits__kind="verification").exists()
    assert HomeVisit.objects.filter(confirmed=False).count() == HardshipFile.objects.filter(status="rejected").count()
    approved = HardshipFile.objects.filter(status=FileStatus.APPROVED)
    assert not approved.filter(approved_on__isnull=True).exists()
    assert not HardshipFile.objects.filter(status=FileStatus.NOTICE, notice_ends_on__isnull=True).exists()


def test_open_cases_past_their_time_limit_are_escalated_and_the_sweep_finds_nothing_left_to_do() -> None:
    assert not Case.objects.filter(due_at__lt=F("received_at")).exists()  # a due date never precedes the receipt
    escalated = Case.objects.filter(status__in=case_workflow.OPEN, escalated_at__isnull=False)
    assert escalated.exists()
    assert escalated.filter(events__kind="escalate").distinct().count() == escalated.count()
    assert not escalated.filter(escalated_to__isnull=True).exists()
    result = deadline_sweep(actor=SystemActor("test"))
    assert result.as_dict() == {"reminded": 0, "escalated": 0, "risks_overdue": 0}


def test_risk_reports_come_at_every_level_with_open_orange_and_red_ones() -> None:
    assert set(RiskReport.objects.values_list("level", flat=True)) == set(RiskLevel.values)
    open_reports = RiskReport.objects.exclude(status=RiskStatus.CLOSED)
    assert open_reports.filter(level=RiskLevel.RED).exists()
    assert open_reports.filter(level=RiskLevel.ORANGE).exists()
    assert not RiskReport.objects.exclude(status=RiskStatus.REPORTED).filter(acknowledged_at__isnull=True).exists()
    assert not RiskReport.objects.filter(status=RiskStatus.CLOSED, closed_at__isnull=True).exists()


def test_every_journal_balances_and_every_balance_is_its_ledger() -> None:
    sums = Journal.objects.annotate(total=Sum("entries__amount_fen")).values_list("total", flat=True)
    assert set(sums) == {0}
    ledger = dict(LedgerEntry.objects.values("account").annotate(s=Sum("amount_fen")).values_list("account", "s"))
    for account in Account.objects.all():
        assert account.balance_fen == ledger.get(account.pk, 0), account.name
        assert account.balance_fen >= 0 or account.allow_negative
    for budget in Budget.objects.select_related("account"):
        assert budget.remaining_fen == budget.account.balance_fen >= 0, budget
    assert Budget.objects.filter(org__level=OrgLevel.TOWN).count() == OrgUnit.objects.filter(level="town").count()


def test_a_payment_has_the_journals_its_state_calls_for() -> None:
    statuses = Counter(Disbursement.objects.values_list("status", flat=True))
    assert statuses[DisbursementStatus.PAID] > statuses[DisbursementStatus.APPROVED] > 0
    assert statuses[DisbursementStatus.REQUESTED] and statuses[DisbursementStatus.REJECTED]
    for d in Disbursement.objects.select_related("approve_journal", "pay_journal", "cancel_journal", "budget"):
        posted = d.status in (DisbursementStatus.APPROVED, DisbursementStatus.PAID, DisbursementStatus.CANCELLED)
        assert (d.approve_journal is not None) == posted, d.no
        assert (d.pay_journal is not None) == (
            d.status == "paid" or (d.status == "cancelled" and d.paid_on is not None)
        )
        assert (d.cancel_journal is not None) == (d.status == DisbursementStatus.CANCELLED)
        if d.approve_journal is not None:
            lines = {e.account_id: e.amount_fen for e in d.approve_journal.entries.all()}
            assert lines == {d.budget.account_id: -d.amount_fen, d.budget.payable_account_id: d.amount_fen}
            assert d.approvals.count() == 1
        if d.cancel_journal is not None:
            assert (
                d.cancel_journal.kind == JournalKind.REVERSAL and d.cancel_journal.reverses_id == d.approve_journal_id
            )
        assert d.org.path.startswith(d.budget.org.path)
    payable = Disbursement.objects.filter(status=DisbursementStatus.APPROVED).aggregate(s=Sum("amount_fen"))["s"]
    assert Account.objects.filter(kind="payable").aggregate(s=Sum("balance_fen"))["s"] == payable
    for card in AssistanceCard.objects.select_related("account")[:200]:
        assert card.account.balance_fen > 0 and card.file.status == FileStatus.APPROVED
        assert card.status in (CardStatus.ACTIVE, CardStatus.FROZEN) and card.valid_until >= dt.date.today()


def test_cases_archives_and_payments_are_spread_over_every_district() -> None:
    for district in OrgUnit.objects.filter(level=OrgLevel.DISTRICT):
        below = {"org__path__startswith": district.path}
        assert Case.objects.filter(**below).exists(), district.name
        assert HardshipFile.objects.filter(**below).exists(), district.name
        assert Disbursement.objects.filter(**below).exists(), district.name
        assert Budget.objects.filter(org=district).exists(), district.name
    towns = HardshipFile.objects.values("org__path").distinct().count()
    assert towns > 50  # many unions, not a handful


def test_the_member_tally_still_counts_every_open_membership() -> None:
    tally = dict(MemberTally.objects.filter(members__gt=0).values_list("org_id", "members"))
    recount = dict(
        Membership.objects.filter(status__in=OPEN_STATUSES)
        .values_list("org")
        .annotate(n=Count("id"))
        .values_list("org", "n")
    )
    assert tally == recount


def test_worker_logins_open_their_own_pages(city: dict[str, int]) -> None:
    assert WorkerProfile.objects.count() == city["worker_logins"] >= 10
    profile = WorkerProfile.objects.filter(person__hardship_files__cards__isnull=False).select_related("user").first()
    assert profile is not None
    client = Client()
    client.force_login(profile.user)
    page = client.get("/me/")
    assert page.status_code == 200
    card = AssistanceCard.objects.filter(file__person=profile.person).first()
    assert card is not None and client.get(f"/me/cards/{card.pk}/").status_code == 200
    assert client.get("/me/cases/").status_code == 200


def test_nothing_is_dated_after_the_seed_ran() -> None:
    now = timezone.now()
    assert not FileEvent.objects.filter(at__gt=now).exists()
    assert not HomeVisit.objects.filter(recorded_at__gt=now).exists()
    assert not CaseEvent.objects.filter(at__gt=now).exists()
    assert not Disbursement.objects.filter(requested_at__gt=now).exists()
    assert not Journal.objects.filter(at__gt=now).exists()
    assert not RiskReport.objects.filter(reported_at__gt=now).exists()


def test_every_district_cadre_answers_for_their_district_and_visits_fixed_points_some_overdue() -> None:
    from unionhall.responsibility.answers import Answers
    from unionhall.responsibility.models import Assignment, Kind, Visit
    from unionhall.responsibility.selectors import overdue_points

    districts = OrgUnit.objects.filter(level=OrgLevel.DISTRICT)
    areas = Assignment.objects.filter(kind=Kind.AREA)
    assert set(areas.values_list("org_id", flat=True)) == set(districts.values_list("pk", flat=True))
    points = Assignment.objects.filter(kind=Kind.POINT)
    assert points.count() >= OrgUnit.objects.filter(level=OrgLevel.TOWN).count()
    assert Visit.objects.exists() and overdue_points(points).exists()
    answers = Answers("rights")
    union = OrgUnit.objects.filter(level=OrgLevel.GRASSROOTS).exclude(pk__in=points.values("org_id")).first()
    assert union is not None and answers.of(union.path).basis == "包片"  # type: ignore[union-attr]


def test_every_district_cadre_has_a_card_rated_only_by_units_in_their_area_once_a_quarter(
    city: dict[str, int],
) -> None:
    from unionhall.commitments.models import Commitment, CommitmentCard, Rating, Status
    from unionhall.commitments.selectors import in_area, with_figures

    cards = with_figures(CommitmentCard.objects.all())
    assert cards.count() == city["commitment_cards"] == OrgUnit.objects.filter(level=OrgLevel.DISTRICT).count()
    assert Rating.objects.count() == city["commitment_ratings"] > 0
    assert all(c.total >= 14 and c.year == timezone.localdate().year for c in cards)  # type: ignore[attr-defined]
    for rating in Rating.objects.select_related("commitment__card", "unit")[:50]:
        assert in_area(rating.commitment.card.cadre_id, rating.unit)
    assert Client().get(f"/commitments/card/{cards[0].token}/").status_code == 200
    fulfilled = Commitment.objects.filter(status=Status.FULFILLED)
    assert fulfilled.exists() and not fulfilled.filter(events__isnull=True).exists()  # each with its step's line


def test_supervised_tasks_are_in_proportion_in_every_state_reached_by_their_steps(city: dict[str, int]) -> None:
    from unionhall.supervision import workflow as task_workflow
    from unionhall.supervision.models import Department, SupervisedTask, TaskEvent, TaskStatus
    from unionhall.supervision.sweep import deadline_sweep as task_sweep

    # Joint meetings' resolutions are tasks too (demo/city_meetings.py), counted apart.
    manual = SupervisedTask.objects.exclude(source_kind="meeting_resolution")
    assert manual.count() == city["supervised_tasks"] == round(0.002 * MEMBERS)
    assert Department.objects.count() == city["departments"] >= 7
    assert set(SupervisedTask.objects.values_list("status", flat=True)) == set(TaskStatus.values)
    last: dict[int, str] = {}
    for pk, step, before, after in TaskEvent.objects.order_by("at", "id").values_list(
        "task_id", "step", "from_status", "to_status"
    ):
        if step != "open":
            t = task_workflow.TABLE.steps[step]
            assert before in t.sources and after == t.target and last[pk] == before, (pk, step)
        last[pk] = after
    assert last == dict(SupervisedTask.objects.values_list("id", "status"))
    assert not TaskEvent.objects.filter(at__gt=timezone.now()).exists()
    # The seed marked what the sweep would have: nothing is left to remind or to flag.
    assert task_sweep(actor=SystemActor("test")).as_dict() == {"reminded": 0, "overdue": 0}


def test_every_district_holds_two_joint_meetings_a_year_and_its_overdue_resolution_is_on_the_next_agenda(
    city: dict[str, int],
) -> None:
    from unionhall.meetings import agenda
    from unionhall.meetings.models import ItemKind, Meeting, MeetingStatus, Resolution

    districts = OrgUnit.objects.filter(level=OrgLevel.DISTRICT).count()
    assert Meeting.objects.count() == city["meetings"] == 3 * districts
    assert Meeting.objects.filter(status=MeetingStatus.HELD).count() == 2 * districts
    assert Resolution.objects.count() == city["meeting_resolutions"] == 6 * districts
    for r in Resolution.objects.select_related("task", "meeting")[:50]:
        assert (r.task.source_kind, r.task.source_id, r.task.department_id) == (
            "meeting_resolution",
            r.pk,
            r.department_id,
        )
        assert r.task.org_id == r.meeting.org_id
    planned = Meeting.objects.filter(status=MeetingStatus.PLANNED).select_related("org").first()
    assert planned is not None
    late = [i for i in agenda.items(planned) if i.kind == ItemKind.RESOLUTION and i.overdue]
    assert len(late) == 1


def test_about_one_union_in_four_keeps_work_teams_of_its_own_members_with_three_months_of_costs(
    city: dict[str, int],
) -> None:
    from unionhall.teams import periods, selectors
    from unionhall.teams.models import CostActual, CostTarget, TeamMember, WorkTeam

    teams = WorkTeam.objects.all()
    unions = OrgUnit.objects.filter(level=OrgLevel.GRASSROOTS).count()
    assert teams.count() == city["work_teams"] > 0
    assert 0.1 * unions <= teams.values("org").distinct().count() <= 0.4 * unions
    assert CostTarget.objects.count() + CostActual.objects.count() == city["team_cost_amounts"]
    # Every member, leader included, is an open member of the team's union.
    for m in TeamMember.objects.select_related("team")[:200]:
        assert Membership.objects.filter(person_id=m.person_id, org_id=m.team.org_id, status__in=OPEN_STATUSES).exists()
    assert not WorkTeam.objects.exclude(members__person_id=F("leader_id")).exists()
    last = periods.shift(periods.of(timezone.localdate()), -1)
    late = selectors.missing_actuals(SystemActor("test"), last).count()
    assert 0 < late < teams.count() * 0.3
    root = OrgUnit.objects.get(depth=1)
    r = selectors.ranking(SystemActor("test"), root, last)
    assert r.total.teams == teams.count() and r.teams[0].rank == 1


def test_every_district_finished_a_ranked_skills_contest_and_runs_another(city: dict[str, int]) -> None:
    from unionhall.contests.models import ContestStatus, Entrant, SkillsContest
    from unionhall.panels import selectors as panel_selectors

    finished = SkillsContest.objects.filter(status=ContestStatus.FINISHED)
    assert city["city_contests"] == SkillsContest.objects.count() > finished.count() > 0
    for c in finished.select_related("panel")[:5]:
        ranks = sorted(c.entrants.values_list("rank", flat=True))
        assert ranks == list(range(1, len(ranks) + 1))
        assert c.panel is not None and not c.panel.subjects.filter(score_count=0).exists()
    # No judge has scored an entrant of their own union.
    for subject in panel_selectors.PanelSubject.objects.filter(panel__kind="contest_entrant").select_related("org")[
        :200
    ]:
        for score in subject.scores.select_related("reviewer"):
            assert not panel_selectors.own_union(score.reviewer, subject.org)
    assert Entrant.objects.filter(rank__isnull=False).count() == finished.aggregate(n=Count("entrants"))["n"]


def test_the_city_holds_the_innovation_fund_with_a_budget_in_every_district_and_a_reward_is_paid_from_it() -> None:
    from unionhall.accounts.models import User
    from unionhall.innovation import reward_services
    from unionhall.innovation.models import Kind, RewardRule, RewardStatus, Status, Submission
    from unionhall.innovation.services import submission_file
    from unionhall.tests.books import assert_books_balance

    districts = OrgUnit.objects.filter(level=OrgLevel.DISTRICT)
    budgets = Budget.objects.filter(fund__code="innovation")
    assert budgets.filter(org__level=OrgLevel.CITY).count() == 1
    assert set(budgets.exclude(org__level=OrgLevel.CITY).values_list("org_id", flat=True)) == set(
        districts.values_list("id", flat=True)
    )
    assert RewardRule.objects.filter(basis="grade", active=True).count() == 4
    membership = (
        Membership.objects.filter(status="active", org__level=OrgLevel.GRASSROOTS).select_related("org").first()
    )
    assert membership is not None
    filed = submission_file(
        actor=SystemActor("test"), org=membership.org, kind=Kind.RATIONALIZATION, title="刀具寿命提升",
        content="通过优化切削参数和采用涂层刀片，降低刀具磨损，延长刀具使用寿命，每年节约刀具费用约二十万元。",
        members=[membership.person],
    )  # fmt: skip
    Submission.objects.filter(pk=filed.pk).update(status=Status.BENEFIT_VERIFIED, verified_benefit_fen=200_000_00)
    filed.refresh_from_db()
    district = districts.get(path=membership.org.path[: len(districts.first().path)])  # type: ignore[union-attr]
    budget = budgets.get(org=district)
    reward = reward_services.reward_propose(actor=SystemActor("test"), submission=filed, budget=budget)
    admin = User.objects.get(username="admin_city")
    reward = reward_services.reward_approve(actor=admin, reward=reward)
    paid = reward_services.reward_pay(actor=admin, reward=reward, paid_on=timezone.localdate(), bank_ref="CITY1")
    assert (paid.status, paid.amount_fen) == (RewardStatus.PAID, 3_000_00)
    assert_books_balance()
