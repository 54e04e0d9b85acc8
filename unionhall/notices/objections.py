"""Recording and resolving objections, called inside a module's audited service (the module checks who may
act and writes the audit event; these check and write the objection itself)."""

from __future__ import annotations

from datetime import date
from typing import Any

from unionhall.core.errors import Conflict, ValidationError
from unionhall.notices.models import Objection


def objection_add[O: Objection](
    model: type[O],
    *,
    in_notice: bool,
    noun: str,
    content: str,
    received_on: date | None,
    today: date,
    recorded_by: Any,
    **links: Any,
) -> O:
    """A new objection to what `links` names (`file=...`): only while it is in notice (`noun` says what it is
    in the refusal: "档案"), with words, received no later than today (the default)."""
    if not in_notice:
        raise Conflict(f"只有公示中的{noun}可以登记异议。")
    content = (content or "").strip()
    if not content:
        raise ValidationError(field_errors={"content": ["请填写异议内容。"]})
    day = received_on or today
    if day > today:
        raise ValidationError(field_errors={"received_on": ["收到日期不能晚于今天。"]})
    return model._default_manager.create(received_on=day, content=content, recorded_by=recorded_by, **links)


def objection_settle[O: Objection](objection: O, *, upheld: bool, resolution: str, today: date) -> O:
    """The finding on an objection, once: the row is locked so two verifiers cannot both settle it."""
    objection = type(objection)._default_manager.select_for_update().get(pk=objection.pk)
    if objection.resolved_on is not None:
        raise Conflict("该异议已处理。")
    resolution = (resolution or "").strip()
    if not resolution:
        raise ValidationError(field_errors={"resolution": ["请填写处理结果。"]})
    objection.upheld = bool(upheld)
    objection.resolution = resolution
    objection.resolved_on = today
    objection.save(update_fields=["upheld", "resolution", "resolved_on"])
    return objection
