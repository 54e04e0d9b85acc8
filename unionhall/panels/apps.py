"""评审：评审组按加权标准为申报、参赛作品等打分；本单位回避，五个及以上评分去掉最高分和最低分。"""

from django.apps import AppConfig


class PanelsConfig(AppConfig):
    name = "unionhall.panels"
    label = "panels"
    verbose_name = "评审"
    # The home page's 待办 panel asks this function what waits for a user here (the scores they owe).
    todo = "unionhall.panels.todo.todo"
