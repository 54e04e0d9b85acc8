"""The city's template (六多六少, 六不六要): seeded, edited only by who manages responsibility at the root, and
an edit changes no card already published (a card copies the words)."""

from __future__ import annotations

import pytest

from unionhall.commitments import services
from unionhall.commitments.models import Group, TemplateItem
from unionhall.commitments.tests.support import card_of_t1
from unionhall.core.errors import ValidationError
from unionhall.tests.city import City

pytestmark = pytest.mark.django_db


def test_the_city_starts_with_six_items_of_each_part_of_its_discipline() -> None:
    assert TemplateItem.objects.filter(group=Group.STYLE).count() == 6
    assert TemplateItem.objects.filter(group=Group.DUTY).count() == 6
    assert TemplateItem.objects.filter(text="多深入基层、少坐办公室").exists()


def test_rewording_an_item_changes_no_published_card(city: City) -> None:
    card = card_of_t1(city)
    item = TemplateItem.objects.get(text="不推诿扯皮，要首问负责")
    services.template_item_update(
        actor=city.users["city_admin"], item=item, text="不推诿，要首问负责", order=1, active=False
    )
    assert card.commitments.filter(text="不推诿扯皮，要首问负责").exists()
    page = city.client("cadre_t1").get("/commitments/new/").content.decode()
    assert "不推诿，要首问负责" not in page  # retired: new cards no longer offer it


def test_a_duplicate_or_empty_item_is_refused_at_the_field(city: City) -> None:
    with pytest.raises(ValidationError) as refused:
        services.template_item_create(actor=city.users["city_admin"], group=Group.STYLE, text="多深入基层、少坐办公室")
    assert refused.value.field_errors == {"text": ["模板中已有这一项。"]}
    answer = city.client("city_admin").post("/commitments/template/", {"group": "duty", "text": "", "order": "0"})
    assert answer.status_code == 200 and TemplateItem.objects.count() == 12
