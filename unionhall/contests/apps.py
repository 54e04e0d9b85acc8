"""技能竞赛（岗位练兵、技术比武）：理论与实操项目及权重、个人选手、评委打分（评审组）、并列规则、排名与证书。"""

from django.apps import AppConfig

from unionhall.core.plugs import Plugs


class ContestsConfig(Plugs, AppConfig):
    name = "unionhall.contests"
    label = "contests"
    verbose_name = "技能竞赛"
    # An entrant goes before the contest's judging panel: its subject kind is registered with panels.
    plugs = ("panel_subject",)
    # The home page's 待办 panel asks this function what waits for a user here.
    todo = "unionhall.contests.todo.todo"
