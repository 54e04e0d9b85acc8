"""The retention periods page: the city's system admin (or city admin) sees and sets them; thin."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from unionhall.core.errors import NotFound, ValidationError
from unionhall.core.forms import apply_domain_error
from unionhall.dataops import retention, services
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.selectors import city_root_or_404


class RetentionForm(forms.Form):
    kind = forms.ChoiceField(label="记录类型", choices=[(k, v.label) for k, v in retention.KINDS.items()])
    days = forms.IntegerField(label="保存天数", min_value=1)


@require_http_methods(["GET", "POST"])
@login_required
def retention_edit(request: HttpRequest) -> HttpResponse:
    access.require(request.user, Cap.USER_MANAGE, city_root_or_404())
    form = RetentionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.retention_policy_set(
                actor=request.user, kind=form.cleaned_data["kind"], days=form.cleaned_data["days"]
            )
        except (NotFound, ValidationError) as e:
            apply_domain_error(form, e)
        else:
            messages.success(request, "保存期限已修改。")
            return redirect("dataops:retention")
    rows = [(name, kind, retention.days_for(name)) for name, kind in retention.KINDS.items()]
    return render(request, "dataops/retention.html", {"rows": rows, "form": form})
