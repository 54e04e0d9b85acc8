"""维权：案件与热线工单、时限与督办、四个第一人预警、双向维权。"""

from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "unionhall.rights"
    label = "rights"
    verbose_name = "维权"
    # (order, label, url name, capability): cases 70–71, risk reports 72–73.
    nav: list[tuple[int, str, str, str]] = [
        (70, "维权案件", "rights:case_list", "rights.view"),
        (71, "超期督办", "rights:overdue", "rights.view"),
        # Reviewers read the reports, information officers file them: listed under both, shown once.
        (72, "风险预警", "rights:risk_list", "rights.view"),
        (72, "风险预警", "rights:risk_list", "risk.report"),
        (73, "联席会议议题", "rights:risk_agenda", "rights.view"),
    ]
    # The home page's 待办 panel asks this function what waits for a user here.
    todo = "unionhall.rights.todo.todo"
