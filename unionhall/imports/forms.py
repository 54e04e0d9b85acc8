"""Forms of the import pages: they parse what was chosen; the services decide whether it is allowed."""

from __future__ import annotations

from typing import Any

from django import forms

from unionhall.imports import kinds as registry
from unionhall.imports.mapping import fields_of
from unionhall.imports.models import ImportJob
from unionhall.orgs.access import Cap
from unionhall.orgs.pickers import UnitPickerField


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label="导入内容", choices=(), widget=forms.RadioSelect)
    # Searched among the units the user may import the chosen kind into (the view sets the capability).
    org = UnitPickerField(label="导入到", cap=Cap.ORG_VIEW, required=True)
    file = forms.FileField(
        label="Excel 文件",
        help_text="支持 .xlsx 与 .csv，读取第一个工作表；20 MB 以内。",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args: Any, kinds: list[str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        offered = [k for k in registry.all_kinds() if k.key in kinds]
        field = self.fields["kind"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(k.key, k.label) for k in offered]
        # where each kind goes, from the kinds themselves
        self.fields["org"].help_text = "；".join(k.help.rstrip("。") for k in offered if k.help) + "。"


def column_field(index: int) -> str:
    return f"col_{index}"


class MappingForm(forms.Form):
    """One choice per column of the file: which field it holds, or none."""

    def __init__(self, job: ImportJob, *args: Any, samples: list[list[str]] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.job = job
        choices = [("", "— 不导入 —")] + [
            (f.key, f"{f.label}（必填）" if f.required else f.label) for f in fields_of(job.kind)
        ]
        self.columns: list[dict[str, Any]] = []
        for index, header in enumerate(job.headers):
            name = column_field(index)
            label = header or f"第 {index + 1} 列"
            self.fields[name] = forms.ChoiceField(
                label=label,
                choices=choices,
                required=False,
                initial=job.mapping.get(str(index), ""),
                widget=forms.Select(attrs={"aria-label": f"「{label}」导入为"}),
            )
            shown = samples[index] if samples and index < len(samples) else []
            self.columns.append({"index": index, "header": header, "field": self[name], "samples": shown})

    def chosen(self) -> list[str]:
        return [self.cleaned_data.get(column_field(i)) or "" for i in range(len(self.job.headers))]


class CommitForm(forms.Form):
    transfer_all = forms.BooleanField(label="其他工会的会员全部接转到本工会", required=False)
    transfer_rows = forms.TypedMultipleChoiceField(
        label="逐行选择接转", required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    all_or_nothing = forms.BooleanField(label="整体导入：有任何一行不能导入时，全部不导入", required=False)

    def __init__(self, job: ImportJob, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["transfer_rows"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [(e["row"], f"第 {e['row']} 行 {e['name']}（{e['org']}）") for e in job.elsewhere]
