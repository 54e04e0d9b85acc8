"""四卡一票：帮扶卡、爱心商户、核销与月度结算。"""

from django.apps import AppConfig


class CardsConfig(AppConfig):
    name = "unionhall.cards"
    label = "cards"
    verbose_name = "四卡一票"
