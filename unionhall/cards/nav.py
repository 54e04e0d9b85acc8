"""Cards' entries in the console's side navigation: cadres who issue cards see the cards list; a merchant's
cashier sees only the counter."""

from unionhall.core.navigation import Entry, Group

ENTRIES = [
    Entry(Group.ASSISTANCE, "帮扶卡", "cards:list", 40, cap="card.manage"),
    Entry(Group.ASSISTANCE, "核销收银", "cards:redeem", 45, cap="card.redeem"),
]
