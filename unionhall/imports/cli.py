"""What the import commands share — `import_file --kind KEY` for any registered kind, and the commands a
module keeps for its own kind (`import_members`, `import_employers`): parse, run the job's steps in this process as the
system, print a few human lines and, last, one JSON line for programs:

    {"rows", "created", "updated", "unchanged", "errors", "warnings", "error_file"}

Exit status 0 when the file was committed (or validated, with --dry-run), 1 when --all-or-nothing
refused, 2 for usage errors and unreadable or hostile files.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandError, CommandParser

from unionhall.core.actors import SystemActor
from unionhall.core.errors import Conflict, ValidationError
from unionhall.imports import kinds, pipeline, services
from unionhall.imports.mapping import normalize_header
from unionhall.imports.models import ImportJob
from unionhall.orgs.models import OrgUnit


class ImportCommand(BaseCommand):
    kind: str = ""  # a module's own command names its kind; else --kind chooses one
    command_name = "import_file"
    # Django's system checks import the whole URL configuration, every view of every app (about 2 s of CPU:
    # `manage.py check` takes 3.0 s, `import_members --help` 0.8 s), and the import uses none of it;
    # `manage.py check`, migrate and the server still run them (docs/performance.md, issue 15).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        if not self.kind:
            parser.add_argument(
                "--kind",
                required=True,
                help="导入类型：" + "、".join(f"{k.key}（{k.label}）" for k in kinds.all_kinds()),
            )
        parser.add_argument("file", help="要导入的 .xlsx 或 .csv 文件")
        parser.add_argument("--org", required=True, help="导入到的组织编码")
        parser.add_argument("--dry-run", action="store_true", help="只校验，不写入")
        parser.add_argument("--all-or-nothing", action="store_true", help="有任何一行不能导入时，全部不导入")
        parser.add_argument(
            "--mapping",
            help='列映射 JSON，{"文件表头": "字段"}；字段：'
            + (
                "、".join(f"{f.key}（{f.label}）" for f in kinds.get(self.kind).fields)
                if self.kind
                else "见 --kind 的字段"
            ),
        )
        if not self.kind or kinds.get(self.kind).transfers:
            parser.add_argument("--transfer", action="store_true", help="其他工会的记录（如会员）接转到本工会")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = SystemActor(f"manage.py {self.command_name}")
        if not self.kind:
            if not kinds.exists(options["kind"]):
                raise CommandError(f"没有这种导入类型：{options['kind']}。", returncode=2)
            self.kind = options["kind"]
        result: dict[str, Any] = {
            "rows": 0,
            "created": 0,
            "updated": 0,
            "unchanged": 0,
            "errors": 0,
            "warnings": 0,
            "error_file": None,
        }
        path = Path(options["file"])
        if not path.is_file():
            self._fail(result, f"找不到文件：{path}")
        org = OrgUnit.objects.filter(code=options["org"].strip()).first()
        if org is None:
            self._fail(result, f"没有编码为 {options['org']} 的组织。")
        assert org is not None
        try:
            with path.open("rb") as upload:
                job = services.import_job_create(
                    actor=actor, org=org, kind=self.kind, upload=upload, filename=path.name
                )
        except ValidationError as error:
            self._fail(result, _explain(error))
        self.stdout.write(f"读取 {path.name}：表头在第 {job.header_row + 1} 行，约 {job.total_rows} 行数据。")
        fields = self._fields(job, options.get("mapping"), result)
        labels = kinds.get(self.kind).field_labels()
        chosen = "，".join(f"{job.headers[i]} → {labels[k]}" for i, k in enumerate(fields) if k)
        self.stdout.write(f"列：{chosen}")
        try:
            services.import_job_map(actor=actor, job=job, fields=fields, background=False)
        except ValidationError as error:
            self._fail(result, _explain(error) + f"（文件中的表头：{'、'.join(job.headers)}）")
        counts = job.counts
        result.update(rows=counts.get("rows", 0), errors=counts.get("errors", 0), warnings=counts.get("warnings", 0))
        result["error_file"] = _path(job)
        self.stdout.write(self._check_line(job))
        if options["dry_run"]:
            self.stdout.write("试运行（--dry-run）：未写入任何数据。")
            job.message = "命令行试运行（--dry-run），未提交。"
            ImportJob.objects.filter(pk=job.pk).update(message=job.message)
            self._emit(result)
            return
        try:
            services.import_job_commit(
                actor=actor,
                job=job,
                transfer_all=bool(options.get("transfer")),
                all_or_nothing=options["all_or_nothing"],
                background=False,
            )
        except pipeline.AllOrNothingRefused as refusal:
            self.stdout.write(refusal.message)
            self._emit(result)
            raise SystemExit(1) from None
        except (ValidationError, Conflict) as error:
            self._fail(result, _explain(error))
        outcome = job.outcome
        result.update(
            created=outcome.get("added", 0),
            updated=outcome.get("updated", 0),
            unchanged=outcome.get("unchanged", 0),
            errors=outcome.get("errors", 0),
            error_file=_path(job),
        )
        self.stdout.write(self._outcome_line(job))
        self._emit(result)

    def _fields(self, job: ImportJob, mapping: str | None, result: dict[str, Any]) -> list[str]:
        fields = [job.mapping.get(str(i), "") for i in range(len(job.headers))]
        if not mapping:
            return fields
        try:
            given = json.loads(mapping)
            assert isinstance(given, dict)
        except (ValueError, AssertionError):
            self._fail(result, '--mapping 应为 JSON 对象，如 {"名字": "name", "证件号": "id_number"}。')
        keys = set(kinds.get(self.kind).field_labels())
        by_header = {normalize_header(h): i for i, h in enumerate(job.headers)}
        for header, key in given.items():
            if key not in keys and header in keys:
                header, key = key, header  # {"字段": "表头"} is understood too
            index = by_header.get(normalize_header(header))
            if index is None or (key and key not in keys):
                self._fail(result, f"--mapping 中的「{header}」→「{key}」无法对应：表头或字段不存在。")
            fields = [("" if f == key else f) for f in fields]
            fields[index] = key or ""
        return fields

    def _check_line(self, job: ImportJob) -> str:
        c = job.counts
        line = (
            f"校验：{c.get('rows', 0)} 行，可导入 {c.get('valid', 0)} 行，错误 {c.get('errors', 0)} 行"
            f"（文件内重复 {c.get('duplicates', 0)} 行），提示 {c.get('warnings', 0)} 行"
        )
        counts = kinds.get(self.kind).counts
        if counts:
            line += "；" + "，".join(f"{label} {c.get(key, 0)}" for key, label in counts)
        return line + "。"

    def _outcome_line(self, job: ImportJob) -> str:
        o = job.outcome
        line = f"导入到 {job.org.name}：新增 {o.get('added', 0)}，更新 {o.get('updated', 0)}，无变化 {o.get('unchanged', 0)}"
        if o.get("transferred"):
            line += f"（其中接转 {o['transferred']}）"
        if o.get("not_committed"):
            line += f"；未导入 {len(o['not_committed'])} 行，见 {_path(job)}"
        return line + "。"

    def _emit(self, result: dict[str, Any]) -> None:
        self.stdout.write(json.dumps(result, ensure_ascii=False))

    def _fail(self, result: dict[str, Any], message: str) -> NoReturn:
        self._emit(result)
        raise CommandError(message, returncode=2)


def _path(job: ImportJob) -> str | None:
    return job.error_file.path if job.error_file else None


def _explain(error: ValidationError | Conflict) -> str:
    details = [m for messages in error.field_errors.values() for m in messages]
    return " ".join(details) or error.message
