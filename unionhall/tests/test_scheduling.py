"""The xdist units of `make test` (scheduling.py): the authorization table by route, every other test by file."""

from __future__ import annotations

from unionhall.tests.scheduling import AUTHORIZATION_CASES, unit_of, weight

TABLE = "unionhall/core/tests/test_authorization.py"


def test_an_authorization_case_is_scheduled_with_the_other_actors_of_its_route() -> None:
    assert unit_of(f"{AUTHORIZATION_CASES}orgs:detail-city_admin]") == f"{TABLE}::orgs:detail"
    assert unit_of(f"{AUTHORIZATION_CASES}orgs:detail-anonymous]") == f"{TABLE}::orgs:detail"


def test_a_route_whose_name_holds_a_hyphen_keeps_it() -> None:
    assert unit_of(f"{AUTHORIZATION_CASES}api:openapi-json-chair_u1]") == f"{TABLE}::api:openapi-json"


def test_the_table_s_other_tests_and_every_other_file_are_scheduled_by_file() -> None:
    assert unit_of(f"{TABLE}::test_every_route_is_covered") == TABLE
    assert unit_of("unionhall/orgs/tests/test_tree.py::test_x[a-b]") == "unionhall/orgs/tests/test_tree.py"


def test_a_browser_file_weighs_more_than_a_large_file_of_quick_tests() -> None:
    assert weight("unionhall/meetings/tests/test_meetings_browser.py", 1) > weight("unionhall/x/tests/test_y.py", 300)


def test_every_case_that_shares_an_id_is_sent_to_the_worker() -> None:
    class Node:
        sent: list[int] = []

        def send_runtest_some(self, indexes: list[int]) -> None:
            self.sent = indexes

    from unittest.mock import MagicMock

    from unionhall.tests.scheduling import WeightedFileScheduling

    config = MagicMock()
    config.getvalue.return_value = ["2*popen"]  # --tx, as `-n 2` sets it
    config.option.loadscopereorder = True
    scheduler = WeightedFileScheduling(config)
    node = Node()
    contract = "unionhall/api/tests/test_contract.py::test_every_answer"
    collection = ["unionhall/x/tests/test_a.py::test_one", contract, contract, contract]
    scheduler.registered_collections[node] = collection
    scheduler.workqueue["unionhall/api/tests/test_contract.py"] = {contract: False}
    scheduler._assign_work_unit(node)
    assert node.sent == [1, 2, 3]
