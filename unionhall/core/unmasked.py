"""Exports with personal data in clear are a deliberate act: a POST from our own page (CSRF), with a stated
purpose that goes into the audit event. A link cannot do it: a page on another site could make a logged-in
user's browser fetch one, and the download would be recorded in that user's name."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

REFUSED = "导出完整数据须在列表页填写用途、确认后提交，不能通过链接下载。"


class PurposeForm(forms.Form):
    purpose = forms.CharField(
        label="用途",
        min_length=2,
        max_length=200,
        help_text="例如：报送市总工会会员实名制核对。记入审计日志。",
        error_messages={"required": "请填写导出完整数据的用途。", "min_length": "请写明用途（至少 2 个字）。"},
    )
    confirm = forms.BooleanField(
        label="我确认只将完整数据用于上述用途，并妥善保管导出的文件",
        error_messages={"required": "请勾选确认。"},
    )

    def clean_purpose(self) -> str:
        return " ".join(self.cleaned_data["purpose"].split())


def refuse_link(request: HttpRequest) -> HttpResponse:
    """A GET asking for clear data: refused, nothing exported, nothing recorded."""
    response = render(request, "error.html", {"error": {"message": REFUSED}}, status=405)
    response["Allow"] = "POST"
    return response


def carried_filters(data: Any, *, skip: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """The list's filters as (name, value) pairs, for hidden fields of the export form."""
    dropped = {"page", "csrfmiddlewaretoken", "purpose", "confirm", *skip}
    return [(name, value) for name, values in data.lists() if name not in dropped for value in values]


def confirm_page(request: HttpRequest, *, title: str, action: str, form: forms.Form, filters: Any) -> HttpResponse:
    """The form again, with what is missing said, when the list page's form came incomplete."""
    carried = carried_filters(filters) if filters is not None else []
    context = {"title": title, "action": action, "form": form, "filters": carried}
    return render(request, "core/unmasked_export.html", context)
