"""The shared form pieces: a service's check added to what the form said, the summary of a refused submit,
and a long form in sections."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.template.loader import render_to_string

from unionhall.core.forms import Sectioned, add_further_errors, dataclass_from, error_items


class _Form(Sectioned, forms.Form):
    sections = (("职工信息", ("name", "phone")), ("家庭情况", ("size",)))
    size = forms.IntegerField(label="家庭人口")
    name = forms.CharField(label="姓名")
    phone = forms.CharField(label="联系电话", required=False)
    note = forms.CharField(label="备注", required=False)


def test_a_services_errors_land_on_fields_the_form_did_not_refuse_and_the_rest_above_it() -> None:
    form = _Form({"name": "", "phone": "1391234", "size": "x"})
    add_further_errors(
        form,
        {"name": ["请填写姓名。"], "mobile": ["电话号码不正确。"], "org": ["该工会已合并或撤销。"]},
        rename={"mobile": "phone"},
    )
    assert form.errors["name"] and "请填写姓名。" not in form.errors["name"]  # the form's own message stays
    assert form.errors["phone"] == ["电话号码不正确。"]
    assert form.non_field_errors() == ["该工会已合并或撤销。"]
    add_further_errors(form, {"org": ["该工会已合并或撤销。"]})
    assert form.non_field_errors() == ["该工会已合并或撤销。"]  # said once


def test_the_summary_lists_every_error_in_the_order_of_the_sections_with_its_target() -> None:
    form = _Form({"name": "", "phone": "1", "size": "x"})
    add_further_errors(form, {"phone": ["电话号码不正确。"], "org": ["该工会已合并或撤销。"]})
    items = error_items(form)
    assert [(i["target"], i["label"]) for i in items] == [
        ("", ""),
        ("id_name", "姓名"),
        ("id_phone", "联系电话"),
        ("id_size", "家庭人口"),
    ]
    assert error_items(_Form()) == []


def test_the_shared_template_renders_sections_the_summary_and_required_marks() -> None:
    form = _Form({"name": "", "phone": "1", "size": "x"})
    html = render_to_string("includes/form_fields.html", {"form": form})
    assert 'data-testid="form-errors"' in html and "提交的内容有 2 处需要修改：" in html
    assert '<a href="#id_name" data-uh-field="id_name">姓名：' in html
    assert html.index("<legend>职工信息</legend>") < html.index("<legend>家庭情况</legend>") < html.index("备注")
    assert '姓名<span class="uh-required" aria-hidden="true"></span>' in html
    assert '联系电话<span class="uh-required"' not in html
    assert 'id="id_name_error"' in html


@dataclass
class _Input:
    name: str
    phone: str
    note: str = "（无）"


def test_a_services_input_takes_the_fields_it_names_and_keeps_its_defaults_for_the_rest() -> None:
    made = dataclass_from(_Input, {"name": "张三", "phone": "13912345678", "size": 3})
    assert made == _Input(name="张三", phone="13912345678", note="（无）")
