"""The roster through the list kit: sorting by pinyin, the page size cap, filters and sort carried into
the export link, and the search by an ID number's last four characters inside the user's scope."""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from python_calamine import CalamineWorkbook

from unionhall.core import pii
from unionhall.members.models import Person
from unionhall.members.names import sort_key
from unionhall.tests.city import City
from unionhall.tests.factories import join, valid_id


def names_on(page: str, names: list[str]) -> list[str]:
    return sorted((n for n in names if n in page), key=page.index)


def test_sorting_by_name_follows_pinyin_not_character_codes(city: City) -> None:
    for i, name in enumerate(["张晓燕", "白云", "艾青"]):
        join(city.u1, name, f"1101051990010100{i}")
    assert sorted(["张晓燕", "白云", "艾青"]) == ["张晓燕", "白云", "艾青"]  # what code-point order gives
    client = city.client("chair_u1")
    up = client.get(reverse("members:list"), {"sort": "name"}).content.decode()
    down = client.get(reverse("members:list"), {"sort": "-name"}).content.decode()
    assert names_on(up, ["张晓燕", "白云", "艾青"]) == ["艾青", "白云", "张晓燕"]
    assert names_on(down, ["张晓燕", "白云", "艾青"]) == ["张晓燕", "白云", "艾青"]
    assert 'aria-sort="ascending"' in up and 'aria-sort="descending"' in down


def test_a_pinyin_sort_key_puts_a_surname_read_as_a_surname_in_its_place() -> None:
    assert sorted(["张", "艾", "白", "曾", "林", "李"], key=sort_key) == ["艾", "白", "李", "林", "曾", "张"]


def test_an_unknown_sort_key_is_ignored(city: City) -> None:
    for i, name in enumerate(["张晓燕", "艾青"]):
        join(city.u1, name, f"1101051990010100{i}")
    client = city.client("chair_u1")
    plain = client.get(reverse("members:list")).content.decode()
    bad = client.get(reverse("members:list"), {"sort": "person__id_number_hash"})
    assert bad.status_code == 200
    assert names_on(bad.content.decode(), ["张晓燕", "艾青"]) == names_on(plain, ["张晓燕", "艾青"])


def test_the_outsider_sorting_the_roster_sees_no_member_of_another_district(city: City) -> None:
    join(city.u1, "艾青", "11010519900101001")
    page = city.client("outsider").get(reverse("members:list"), {"sort": "name"})
    assert page.status_code == 200
    assert "艾青" not in page.content.decode()
    assert city.client("nobody").get(reverse("members:list"), {"sort": "name"}).status_code == 404


def test_the_page_size_is_one_of_twenty_fifty_or_a_hundred(city: City) -> None:
    client = city.client("chair_u1")
    sizes = {
        asked: client.get(reverse("members:list"), {"per_page": asked}).context["page"].paginator.per_page
        for asked in ("20", "100", "1000", "-5", "x")
    }
    assert sizes == {"20": 20, "100": 100, "1000": 50, "-5": 50, "x": 50}


def test_the_export_link_and_the_page_links_keep_the_filters_and_the_sort(city: City) -> None:
    for i in range(25):
        join(city.u1, f"张{chr(0x4E00 + i)}", f"11010519900101{i:03d}")
    join(city.u1, "艾青", "11010519900102001")
    page = city.client("chair_u1").get(reverse("members:list"), {"q": "张", "sort": "-name", "per_page": "20"})
    text = page.content.decode().replace("&amp;", "&")
    export = re.search(r'href="([^"]*)" data-testid="export"', text)
    assert export is not None and "q=%E5%BC%A0" in export[1] and "sort=-name" in export[1]
    assert "?q=%E5%BC%A0&sort=-name&per_page=20&page=2" in text
    assert 'name="q" value="张"' in text  # the page jump carries the filter too
    response = city.client("chair_u1").get(export[1])
    data = b"".join(response.streaming_content)
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()[1:]
    names = [row[1] for row in rows]
    assert "艾青" not in names and len(names) == 25
    assert names == sorted(names, key=sort_key, reverse=True)


def _same_last4_elsewhere(number: str) -> str:
    """Another valid ID number, born on another day, ending in the same four characters."""
    for day in range(1, 29):
        other = valid_id(f"320506199102{day:02d}{number[14:17]}")
        if other[-4:] == number[-4:]:
            return other
    raise AssertionError("no twin found")


def test_the_last_four_id_characters_find_members_in_scope_only(city: City) -> None:
    mine = join(city.u1, "张三", "11010519900101001")
    number = mine.person.reveal_id_number()
    twin = _same_last4_elsewhere(number)
    join(city.u3, "李四", twin[:17])
    join(city.u1, "王五", "11010519900101002")
    found = city.client("chair_u1").get(reverse("members:list"), {"q": number[-4:]}).content.decode()
    assert "张三" in found and "李四" not in found and "王五" not in found
    outsider = city.client("outsider").get(reverse("members:list"), {"q": number[-4:]}).content.decode()
    assert "李四" in outsider and "张三" not in outsider


@pytest.fixture
def fresh_keys() -> Iterator[None]:
    pii.reset()
    yield
    pii.reset()


def test_the_last_four_index_is_filled_on_save_and_survives_a_key_rotation(
    city: City, settings: Any, fresh_keys: None
) -> None:
    old, new = (base64.urlsafe_b64encode(bytes([n]) * 32).decode() for n in (1, 2))
    settings.PII_ENCRYPTION_KEY, settings.PII_KEYS, settings.PII_KEY_ID = "", f"k1:{old}", "k1"
    settings.PII_HASH_KEY = base64.urlsafe_b64encode(b"h" * 32).decode()
    pii.reset()
    member = join(city.u1, "张三", "11010519900101001")
    number = member.person.reveal_id_number()
    person = Person.objects.get(pk=member.person_id)
    assert person.id_number_last4_hash == pii.last4_index(number) != pii.blind_index(number[-4:])
    assert person.name_sort.startswith("zhang san")
    settings.PII_KEYS, settings.PII_KEY_ID = f"k1:{old},k2:{new}", "k2"
    pii.reset()
    call_command("rotate_keys", stdout=io.StringIO())
    person.refresh_from_db()
    assert pii.key_id_of(person.id_number_enc) == "k2"
    found = city.client("chair_u1").get(reverse("members:list"), {"q": number[-4:]}).content.decode()
    assert "张三" in found
