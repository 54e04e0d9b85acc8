"""四卡一票：帮扶卡、爱心商户、核销与月度结算。"""

from django.apps import AppConfig


class CardsConfig(AppConfig):
    name = "unionhall.cards"
    label = "cards"
    verbose_name = "四卡一票"
    # (order, label, url name, capability): cadres who issue cards see the cards list; a merchant's cashier
    # sees only the counter.
    nav: list[tuple[int, str, str, str]] = [
        (62, "帮扶卡", "cards:list", "card.manage"),
        (64, "核销收银", "cards:redeem", "card.redeem"),
    ]
