"""Every life's page, drawn from its table: for every dangerous step of every registered table, the record's
page (or the page its button leads to) offers the step to a user who may take it through a form that asks
to confirm, saying what will happen; the step bar marks where the record stands; an outsider gets 404."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin

import pytest
from django.urls import reverse

from unionhall.tests.city import City
from unionhall.tests.workflow import builders
from unionhall.workflow import kernel

pytestmark = pytest.mark.django_db

TABLES = kernel.tables()
BUILDERS = builders()

# Where each life's record is shown (the detail page of its app).
PAGES = {
    "hardship_file": "assistance:archive_detail",
    "case": "rights:case_detail",
    "disbursement": "funds:disbursement",
    "join_application": "joining:application",
    "risk_report": "rights:risk_detail",
    "card": "cards:detail",
    "organizing_task": "coverage:task",
    "membership": "members:detail",
    "supervised_task": "supervision:task",
    "meeting": "meetings:meeting",
    "commitment": "commitments:commitment",
    "submission": "innovation:submission",
    "reward": "innovation:reward",
    "studio": "innovation:studio",
    "competition": "competitions:competition",
    "competition_result": "competitions:result",
    "contest": "contests:contest",
}

DANGEROUS = [
    (name, t.name, s)
    for name, table in TABLES.items()
    for t in table.transitions
    if t.danger and t.by_hand
    for s in sorted(t.sources)
]
ON_PATH = [(name, status) for name, table in TABLES.items() for status, _ in table.main_path]


class _Elements(HTMLParser):
    """Every start tag with its attributes, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, {k: v or "" for k, v in attrs}))


def _elements(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = _Elements()
    parser.feed(html)
    return parser.found


def _login(city: City, user: Any) -> Any:
    name = next(k for k, u in city.users.items() if u.pk == user.pk)
    return city.client(name)


def _url(table_name: str, obj: Any) -> str:
    return reverse(PAGES[table_name], args=[obj.pk])


def test_every_table_has_a_page() -> None:
    assert set(TABLES) <= set(PAGES), sorted(set(TABLES) - set(PAGES))


@pytest.mark.parametrize(
    ("table_name", "step", "status"), DANGEROUS, ids=[f"{a}.{b}-from-{c}" for a, b, c in DANGEROUS]
)
def test_a_dangerous_step_asks_to_confirm_what_will_happen_on_its_page(
    city: City, table_name: str, step: str, status: str
) -> None:
    table = TABLES[table_name]
    t = table.get(step)
    setup = BUILDERS[table_name](city, status, t)
    client = _login(city, setup.actor)
    url = _url(table_name, setup.obj)
    response = client.get(url)
    assert response.status_code == 200
    marked = [(tag, attrs) for tag, attrs in _elements(response.content.decode()) if attrs.get("data-step") == step]
    assert marked, f"{table_name}.{step}: no button for the step on {url}"
    tag, attrs = marked[0]
    if tag == "a":  # the step asks for more on a page of its own: the form there must confirm
        url = urljoin(url, attrs["href"])
        response = client.get(url)
        assert response.status_code == 200
        marked = [(g, a) for g, a in _elements(response.content.decode()) if a.get("data-step") == step]
        assert marked, f"{table_name}.{step}: no form for the step on {url}"
        tag, attrs = marked[0]
    assert tag == "form", f"{table_name}.{step}: the step is a {tag}, not a form"
    assert attrs.get("data-confirm", "").strip() == kernel.confirm_text(t), f"{table_name}.{step} does not confirm"
    assert t.label in attrs["data-confirm"]


@pytest.mark.parametrize(("table_name", "status"), ON_PATH, ids=[f"{a}-{b}" for a, b in ON_PATH])
def test_the_step_bar_marks_where_the_record_stands(city: City, table_name: str, status: str) -> None:
    table = TABLES[table_name]
    setup = BUILDERS[table_name](city, status, table.transitions[0])
    response = _login(city, setup.actor).get(_url(table_name, setup.obj))
    assert response.status_code == 200
    bar = [a for tag, a in _elements(response.content.decode()) if tag == "li" and "uh-step" in a.get("class", "")]
    states = {a["data-status"]: a["class"].split("uh-step-")[-1] for a in bar}
    order = [s for s, _ in table.main_path]
    assert states[status] == "current"
    assert [a.get("aria-current") for a in bar if a["data-status"] == status] == ["step"]
    here = order.index(status)
    assert all(states[s] == "done" for s in order[:here])
    assert all(states[s] == "next" for s in order[here + 1 :])


def test_a_record_off_its_path_shows_its_status_apart(city: City) -> None:
    table = TABLES["case"]
    setup = BUILDERS["case"](city, "withdrawn", table.get("withdraw"))
    body = _login(city, setup.actor).get(_url("case", setup.obj)).content.decode()
    off = [a for tag, a in _elements(body) if a.get("data-testid") == "step-off"]
    assert [a["data-status"] for a in off] == ["withdrawn"]
    assert "已撤回" in body or setup.obj.get_status_display() in body
    bar = [a for tag, a in _elements(body) if tag == "li" and "uh-step" in a.get("class", "")]
    assert not [a for a in bar if "uh-step-current" in a["class"]]


@pytest.mark.parametrize("table_name", sorted(PAGES))
def test_an_outsider_still_gets_404_on_every_record_page(city: City, table_name: str) -> None:
    table = TABLES[table_name]
    setup = BUILDERS[table_name](city, table.main_path[0][0], table.transitions[0])
    assert city.client("outsider").get(_url(table_name, setup.obj)).status_code == 404


def test_the_case_page_can_be_printed(city: City) -> None:
    setup = BUILDERS["case"](city, "in_progress", TABLES["case"].get("close"))
    body = _login(city, setup.actor).get(_url("case", setup.obj)).content.decode()
    assert [a for _, a in _elements(body) if a.get("data-testid") == "print" and "data-print" in a]
