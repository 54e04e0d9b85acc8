"""The city's rights rules on one page: time limits per category and complexity, the holiday table, and the
acknowledgement window of each risk level. Everyone who reads rights sees them; only the city admin (who
configures programmes at the root) gets the forms. Each form posts its key (`form`) to the same address.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from unionhall.core.audit import record_refusal
from unionhall.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from unionhall.core.forms import apply_domain_error
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.selectors import city_root_or_none
from unionhall.rights import rule_services
from unionhall.rights.models import CaseCategory, Complexity, RiskLevel, RiskLevelRule, TimeLimitRule
from unionhall.rights.rule_forms import HolidayForm, RiskLevelRuleForm, TimeLimitForm
from unionhall.workcalendar.models import Holiday
from unionhall.workcalendar.workdays import official_is_working_day

NEW_LIMIT = "limit-new"
NEW_HOLIDAY = "holiday-new"


LIMITS = "limits"
LEVELS = "levels"


def _linked(form: forms.Form, key: str) -> forms.Form:
    """Inputs spread over a table belong to the table's one form (the HTML `form` attribute): the rows of
    the time limits to `f-limits`, the levels to `f-levels`, the forms that add a row to their own."""
    target = LIMITS if key.startswith("limit-") and key != NEW_LIMIT else LEVELS if key.startswith("level-") else key
    for field in form.fields.values():
        field.widget.attrs["form"] = f"f-{target}"
    return form


def _initial(category: str, complexity: str, rule: TimeLimitRule | None) -> dict[str, Any]:
    """What a time-limit row shows before editing (and what a posted row is compared with)."""
    initial: dict[str, Any] = {"category": category, "complexity": complexity}
    if rule is not None:
        initial |= {
            "days": rule.days,
            "working_days": "1" if rule.working_days else "0",
            "remind_before_days": rule.remind_before_days,
        }
    return initial


def _limit_initial(key: str) -> dict[str, Any]:
    if key.startswith("limit-any-"):
        complexity = key.removeprefix("limit-any-")
        return _initial("", complexity, TimeLimitRule.objects.filter(category="", complexity=complexity).first())
    rule = TimeLimitRule.objects.get(pk=int(key.removeprefix("limit-")))
    return _initial(rule.category, rule.complexity, rule)


def _year(request: HttpRequest) -> int:
    text = request.GET.get("year", "")
    return int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else timezone.localdate().year


def _page(request: HttpRequest, *, can_edit: bool, bound: dict[str, forms.Form] | None = None) -> HttpResponse:
    """The page, with every form unbound except those just posted (which show their errors at their rows)."""
    posted = bound or {}

    def form_for(key: str, make: Any) -> forms.Form:
        return _linked(posted.get(key) or make(), key)

    rules = list(TimeLimitRule.objects.all())
    base = {r.complexity: r for r in rules if not r.category}
    category_order = {value: i for i, value in enumerate(CaseCategory.values)}
    complexity_order = {value: i for i, value in enumerate(Complexity.values)}
    overrides = sorted(
        (r for r in rules if r.category),
        key=lambda r: (category_order.get(r.category, 99), complexity_order.get(r.complexity, 9)),
    )

    def limit_form(key: str, category: str, complexity: str, rule: TimeLimitRule | None) -> Any:
        initial = _initial(category, complexity, rule)
        return lambda: TimeLimitForm(prefix=key, fixed=True, initial=initial)

    any_rows = []
    for value, label in Complexity.choices:
        rule = base.get(value)
        key = f"limit-any-{value}"
        any_rows.append(
            {"label": label, "rule": rule, "key": key, "form": form_for(key, limit_form(key, "", value, rule))}
        )
    override_rows = []
    for rule in overrides:
        key = f"limit-{rule.pk}"
        form = form_for(key, limit_form(key, rule.category, rule.complexity, rule))
        override_rows.append({"rule": rule, "key": key, "form": form})

    year = _year(request)
    levels = {r.level: r for r in RiskLevelRule.objects.all()}
    level_rows = []
    for value, label in RiskLevel.choices:
        key = f"level-{value}"
        level_rule = levels.get(value)
        initial = {"level": value, "ack_hours": level_rule.ack_hours if level_rule else None}
        level_rows.append(
            {
                "value": value,
                "label": label,
                "rule": level_rule,
                "key": key,
                "form": form_for(key, lambda key=key, initial=initial: RiskLevelRuleForm(prefix=key, initial=initial)),
            }
        )
    context = {
        "can_edit": can_edit,
        "any_rows": any_rows,
        "override_rows": override_rows,
        "new_limit": form_for(NEW_LIMIT, lambda: TimeLimitForm(prefix=NEW_LIMIT)),
        "new_limit_key": NEW_LIMIT,
        "year": year,
        "holidays": Holiday.objects.filter(day__year=year),
        "official_year": official_is_working_day(date(year, 1, 1)) is not None,
        "new_holiday": form_for(NEW_HOLIDAY, lambda: HolidayForm(prefix=NEW_HOLIDAY)),
        "new_holiday_key": NEW_HOLIDAY,
        "level_rows": level_rows,
    }
    return render(request, "rights/rules.html", context)


def _done(message: str, request: HttpRequest, anchor: str, query: str = "") -> HttpResponse:
    messages.success(request, message)
    return redirect(f"{reverse('rights:rules')}{query}#{anchor}")


def _saved[T](request: HttpRequest, form: forms.Form, save: Callable[..., T]) -> T | None:
    """What `save` returns for the form's cleaned data; None when the form is invalid or the service refuses
    (the form then carries the errors to show again)."""
    if not form.is_valid():
        return None
    try:
        return save(actor=request.user, **form.cleaned_data)
    except (Conflict, ValidationError) as e:
        apply_domain_error(form, e)
        return None


def _deleted(
    request: HttpRequest, delete: Callable[[], object], message: str, anchor: str, query: str = ""
) -> HttpResponse:
    try:
        delete()
    except Conflict as e:
        messages.error(request, e.message)
        return redirect(f"{reverse('rights:rules')}#{anchor}")
    return _done(message, request, anchor, query)


def _save_limit(request: HttpRequest, key: str) -> HttpResponse | forms.Form:
    form = TimeLimitForm(request.POST, prefix=key, fixed=key != NEW_LIMIT)
    rule = _saved(request, form, rule_services.time_limit_rule_save)
    if rule is None:
        return form
    return _done(f"已保存「{rule}」，适用于此后受理的案件。", request, "limits")


def _limit_keys() -> list[str]:
    """The rows of the time-limit table: each complexity for any category, then each category's own."""
    keys = [f"limit-any-{value}" for value in Complexity.values]
    return keys + [f"limit-{pk}" for pk in TimeLimitRule.objects.exclude(category="").values_list("pk", flat=True)]


def _save_table(
    request: HttpRequest, forms_: Mapping[str, forms.Form], save: Callable[..., list[Any]], anchor: str, what: str
) -> HttpResponse | dict[str, forms.Form]:
    """The rows of one table posted together: every row's errors shown at once, and the changed rows saved
    all together or not at all."""
    changed = {key: form for key, form in forms_.items() if form.has_changed()}
    if not all([form.is_valid() for form in changed.values()]):  # a list: every edited row is checked
        return changed
    rows = {key: form.cleaned_data for key, form in changed.items()}
    if not rows:
        messages.info(request, "没有修改。")
        return redirect(f"{reverse('rights:rules')}#{anchor}")
    try:
        saved = save(actor=request.user, rows=rows)
    except rule_services.RowErrors as e:
        for key, error in e.rows.items():
            apply_domain_error(changed[key], error)
        return changed
    except (Conflict, ValidationError) as e:
        messages.error(request, e.message)
        return changed
    return _done(f"已保存 {len(saved)} 项{what}。", request, anchor)


def _save_limits(request: HttpRequest) -> HttpResponse | dict[str, forms.Form]:
    forms_ = {
        key: TimeLimitForm(request.POST, prefix=key, fixed=True, initial=_limit_initial(key)) for key in _limit_keys()
    }
    return _save_table(request, forms_, rule_services.time_limit_rules_save, "limits", "办理时限，适用于此后受理的案件")


def _save_levels(request: HttpRequest) -> HttpResponse | dict[str, forms.Form]:
    rules = {r.level: r for r in RiskLevelRule.objects.all()}
    forms_ = {
        f"level-{value}": RiskLevelRuleForm(
            request.POST,
            prefix=f"level-{value}",
            initial={"level": value, "ack_hours": rules[value].ack_hours if value in rules else None},
        )
        for value in RiskLevel.values
    }
    return _save_table(request, forms_, rule_services.risk_level_rules_save, "levels", "签收时限，适用于此后报告的预警")


def _delete_limit(request: HttpRequest) -> HttpResponse:
    rule = TimeLimitRule.objects.filter(pk=_pk(request)).first()
    if rule is None:
        raise NotFound()
    return _deleted(
        request,
        lambda: rule_services.time_limit_rule_delete(actor=request.user, rule=rule),
        f"已删除「{rule}」，该类别改按“全部类别”的时限办理。",
        "limits",
    )


def _add_holiday(request: HttpRequest) -> HttpResponse | forms.Form:
    form = HolidayForm(request.POST, prefix=NEW_HOLIDAY)
    day = _saved(request, form, rule_services.holiday_add)
    if day is None:
        return form
    kind = "调休上班" if day.is_workday else "放假"
    return _done(f"已登记 {day.day:%Y-%m-%d}（{kind}）。", request, "holidays", f"?year={day.day.year}")


def _delete_holiday(request: HttpRequest) -> HttpResponse:
    holiday = Holiday.objects.filter(pk=_pk(request)).first()
    if holiday is None:
        raise NotFound()
    return _deleted(
        request,
        lambda: rule_services.holiday_delete(actor=request.user, holiday=holiday),
        f"已删除 {holiday.day:%Y-%m-%d}。",
        "holidays",
        f"?year={holiday.day.year}",
    )


def _save_level(request: HttpRequest, key: str) -> HttpResponse | forms.Form:
    form = RiskLevelRuleForm(request.POST, prefix=key)
    rule = _saved(request, form, rule_services.risk_level_rule_save)
    if rule is None:
        return form
    return _done(f"已保存「{rule}」，适用于此后报告的预警。", request, "levels")


def _pk(request: HttpRequest) -> int:
    text = request.POST.get("pk", "")
    return int(text) if text.isdigit() else 0


def _refuse(request: HttpRequest) -> PermissionDenied:
    record_refusal(
        actor=request.user,
        action=f"access.{Cap.PROGRAMME_CONFIG}",
        org=city_root_or_none(),
        obj=None,
        reason="permission_denied: 只有市总工会管理员可以修改维权规则",
    )
    return PermissionDenied()


@require_http_methods(["GET", "POST"])
@login_required
def rules_edit(request: HttpRequest) -> HttpResponse:
    access.require_cap_anywhere(request.user, Cap.RIGHTS_VIEW)
    can_edit = access.holds_at_root(request.user, Cap.PROGRAMME_CONFIG)
    if request.method != "POST":
        return _page(request, can_edit=can_edit)
    if not can_edit:
        raise _refuse(request)
    key = request.POST.get("form", "")
    result: HttpResponse | forms.Form | dict[str, forms.Form]
    if key == LIMITS:
        result = _save_limits(request)
    elif key == LEVELS:
        result = _save_levels(request)
    elif key == "limit-delete":
        result = _delete_limit(request)
    elif key == NEW_LIMIT or key.startswith("limit-"):
        result = _save_limit(request, key)
    elif key == "holiday-delete":
        result = _delete_holiday(request)
    elif key == NEW_HOLIDAY:
        result = _add_holiday(request)
    elif key.startswith("level-"):
        result = _save_level(request, key)
    else:
        messages.error(request, "没有这项设置，请在下面的表格中修改。")
        return _page(request, can_edit=can_edit)
    if isinstance(result, HttpResponse):
        return result
    messages.error(request, "未能保存，请检查标出的内容；所有修改均未保存。")
    return _page(request, can_edit=can_edit, bound=result if isinstance(result, dict) else {key: result})
