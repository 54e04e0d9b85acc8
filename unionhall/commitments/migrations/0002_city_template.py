"""The city's template items as the federation starts with them — its 机关作风“六多六少” and 工作责任“六不六要”.
They are the city's to edit (the template page, by who manages responsibility at the root); a card copies
the words when it is published."""

from django.db import migrations

STYLE = [
    "多深入基层、少坐办公室",
    "多调查研究、少主观臆断",
    "多为职工办实事、少说空话套话",
    "多解决实际问题、少层层转发文件",
    "多主动服务、少被动应付",
    "多倾听职工呼声、少居高临下",
]
DUTY = [
    "不推诿扯皮，要首问负责",
    "不敷衍塞责，要限时办结",
    "不吃拿卡要，要廉洁自律",
    "不欺上瞒下，要实事求是",
    "不消极懈怠，要主动作为",
    "不损害职工利益，要依法维权",
]


def seed(apps, schema_editor):
    TemplateItem = apps.get_model("commitments", "TemplateItem")
    for group, texts in (("style", STYLE), ("duty", DUTY)):
        for order, text in enumerate(texts, start=1):
            TemplateItem.objects.get_or_create(group=group, text=text, defaults={"order": order})


class Migration(migrations.Migration):
    dependencies = [("commitments", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
