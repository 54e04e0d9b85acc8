"""Forms of the supervision pages: they parse what was typed; the services decide whether it is valid."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from unionhall.core.forms import DATE, PhoneField
from unionhall.documents.forms import UploadField
from unionhall.orgs.access import Cap
from unionhall.orgs.pickers import UnitPickerField
from unionhall.supervision import sources
from unionhall.supervision.models import TaskStatus

ACTIVE = "active"  # the list's default: what is still to be done


class TaskFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="状态", required=False, choices=[(ACTIVE, "未办结"), *TaskStatus.choices, ("all", "全部")]
    )
    overdue = forms.BooleanField(label="只看超期", required=False)
    due_within = forms.IntegerField(label="几天内到期", required=False, min_value=0, max_value=366)
    org = UnitPickerField(label="涉及单位（含下级）", cap=Cap.TASK_VIEW)
    responsible = forms.ChoiceField(
        label="责任方",
        required=False,
        choices=[("", "全部"), ("mine", "我负责的"), ("cadre", "工会干部"), ("department", "成员单位")],
    )
    department = forms.TypedChoiceField(label="成员单位", required=False, coerce=int, empty_value=None)
    source = forms.ChoiceField(label="来源", required=False)

    def __init__(self, *args: Any, departments: list[tuple[int, str]] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", "全部"), *(departments or [])]  # type: ignore[attr-defined]
        self.fields["source"].choices = [("", "全部"), *((k.code, k.label) for k in sources.kinds())]  # type: ignore[attr-defined]


class TaskForm(forms.Form):
    """A manual task (source 手工交办) entered by a federation cadre."""

    org = UnitPickerField(label="涉及单位", cap=Cap.TASK_MANAGE, strict=True, required=True)
    title = forms.CharField(label="督办事项", max_length=200)
    detail = forms.CharField(
        label="具体要求", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    responsible_user = forms.TypedChoiceField(label="责任人（工会干部）", required=False, coerce=int, empty_value=None)
    department = forms.TypedChoiceField(label="或 责任单位（成员单位）", required=False, coerce=int, empty_value=None)
    due_workdays = forms.IntegerField(label="办理期限（工作日）", required=False, min_value=1, max_value=250)
    due_on = forms.DateField(label="或 办结日期", required=False, widget=DATE)

    def __init__(
        self,
        *args: Any,
        cadres: Sequence[tuple[int, str]] = (),
        departments: Sequence[tuple[int, str]] = (),
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.fields["responsible_user"].choices = [("", "—"), *cadres]  # type: ignore[attr-defined]
        self.fields["department"].choices = [("", "—"), *departments]  # type: ignore[attr-defined]


class ProgressForm(forms.Form):
    text = forms.CharField(label="办理进展", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    upload = UploadField(label="附件（PDF、JPG、PNG，可不传）")


class CloseForm(forms.Form):
    evidence = forms.CharField(
        label="办结情况", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    upload = UploadField(label="佐证材料（PDF、JPG、PNG）", help_text="办结情况与佐证材料至少填写一项。")


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class ReopenForm(ReasonForm):
    due_on = forms.DateField(label="新的办理期限（可不改）", required=False, widget=DATE)


class DepartmentForm(forms.Form):
    org = UnitPickerField(label="所属工会（政府层级）", cap=Cap.TASK_MANAGE, strict=True, required=True)
    name = forms.CharField(label="单位全称", max_length=100)
    short_name = forms.CharField(label="简称", max_length=20, help_text="如 人社局、住建局、公安局")


class DepartmentEditForm(forms.Form):
    name = forms.CharField(label="单位全称", max_length=100)
    short_name = forms.CharField(label="简称", max_length=20)
    active = forms.BooleanField(label="联席会议成员单位（取消后不再接收新的督办事项）", required=False)


class LiaisonEditForm(forms.Form):
    # Checked by the service with the phone, so a missing name and a wrong phone show together.
    name = forms.CharField(label="姓名", max_length=50, required=False)
    post = forms.CharField(label="职务", max_length=50, required=False)
    phone = PhoneField(label="联系电话", required=False)


class LiaisonForm(LiaisonEditForm):
    username = forms.CharField(label="登录用户名（开通账号时填写）", max_length=150, required=False)
    password = forms.CharField(label="初始密码", required=False, widget=forms.PasswordInput(render_value=False))
