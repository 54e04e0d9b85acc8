"""The city's default card types (PRODUCT.md §3.3 四卡一票): three cards and the one-off voucher. The fourth
card is named by each city and added on the card-type page."""

from django.db import migrations

DEFAULTS = [
    # code, name, one_off, accepted at, validity months, sort
    ("living", "生活救助卡", False, ["supermarket"], 12, 10),
    ("medical", "医疗优惠卡", False, ["hospital"], 12, 20),
    ("winter", "冬季衣物发放卡", False, ["supermarket", "other"], 6, 30),
    ("voucher", "帮扶消费券", True, ["supermarket", "hospital", "other"], 3, 40),
]


def create(apps, schema_editor):
    CardType = apps.get_model("cards", "CardType")
    for code, name, one_off, accepted, months, sort in DEFAULTS:
        CardType.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "one_off": one_off,
                "accepted_at": accepted,
                "validity_months": months,
                "sort": sort,
            },
        )


def remove(apps, schema_editor):
    CardType = apps.get_model("cards", "CardType")
    CardType.objects.filter(code__in=[d[0] for d in DEFAULTS], cards__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("cards", "0003_card_in_use_and_settled_account")]

    operations = [migrations.RunPython(create, remove)]
