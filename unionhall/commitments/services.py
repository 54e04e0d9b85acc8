"""Writes of job-commitment cards: publishing a card, the steps of a commitment's life, rating a commitment.
Each is one business action inside `audited`: permission through the scope rule, every field error at once,
then the write."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from unionhall.commitments import selectors, workflow
from unionhall.commitments.models import Commitment, CommitmentCard, Group, Rating, TemplateItem
from unionhall.core.actors import Actor, user_of
from unionhall.core.audit import audited
from unionhall.core.barcodes import shown_qr_svg
from unionhall.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from unionhall.documents.issuing import issue_pdf
from unionhall.notifications.services import notify
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import OrgUnit
from unionhall.orgs.selectors import require_at_city_root
from unionhall.workflow import kernel


@dataclass(frozen=True)
class Own:
    """One of the cadre's own commitments, as typed."""

    text: str
    due_on: date | None


def card_problems(
    *, year: int | None, items: Sequence[TemplateItem], own: Sequence[Own], due_on: date | None
) -> dict[str, list[str]]:
    """Every field error of a new card at once, without writing (the form shows them together)."""
    errors: dict[str, list[str]] = {}
    this_year = timezone.localdate().year
    if year is None or not this_year - 1 <= year <= this_year + 1:
        errors["year"] = [f"年度应为 {this_year - 1}—{this_year + 1} 年。"]
    if not items and not any(o.text.strip() for o in own):
        errors["items"] = ["请至少选择一项模板承诺或填写一项本人承诺。"]
    if items and due_on is None:
        errors["due_on"] = ["请填写模板承诺的兑现期限。"]
    for i, o in enumerate(own, start=1):
        if o.text.strip() and o.due_on is None:
            errors[f"own_{i}_due"] = ["请填写这项承诺的兑现期限。"]
        elif o.due_on is not None and not o.text.strip():
            errors[f"own_{i}_text"] = ["请填写承诺内容。"]
        if len(o.text.strip()) > 200:
            errors[f"own_{i}_text"] = ["承诺内容不超过 200 字。"]
    return errors


def commitment_card_publish(
    *,
    actor: Actor,
    cadre: Any,
    year: int | None,
    items: Sequence[TemplateItem] = (),
    own: Sequence[Own] = (),
    due_on: date | None = None,
) -> CommitmentCard:
    """Publish a federation cadre's card for a year: the city's template items chosen (their words copied,
    due on `due_on`) and the cadre's own commitments, each with its due date. One card per cadre and year."""
    unit = selectors.cadre_unit(cadre)
    with audited(actor=actor, action="commitment_card.publish", org=unit) as event:
        if unit is None:
            raise ValidationError(field_errors={"cadre": ["只有区县、乡镇（街道）总工会干部发布岗位承诺卡。"]})
        access.require(actor, Cap.RESPONSIBILITY_MANAGE, unit)
        errors = card_problems(year=year, items=items, own=own, due_on=due_on)
        if errors:
            raise ValidationError(field_errors=errors)
        assert year is not None  # checked by card_problems, as are the dates below
        if CommitmentCard.objects.filter(cadre=cadre, year=year).exists():
            raise ValidationError(field_errors={"year": [f"{year} 年的岗位承诺卡已发布。"]})
        try:
            with transaction.atomic():
                card = CommitmentCard.objects.create(
                    cadre=cadre, org=unit, year=year, token=secrets.token_urlsafe(32), published_by=user_of(actor)
                )
        except IntegrityError:  # published alongside, by another request
            raise ValidationError(field_errors={"year": [f"{year} 年的岗位承诺卡已发布。"]}) from None
        rows = [
            Commitment(card=card, group=item.group, text=item.text, due_on=due_on, order=n)  # type: ignore[misc]
            for n, item in enumerate(items, start=1)
        ]
        rows += [
            Commitment(card=card, group=Group.OWN, text=o.text.strip(), due_on=o.due_on, order=100 + n)  # type: ignore[misc]
            for n, o in enumerate((o for o in own if o.text.strip()), start=1)
        ]
        Commitment.objects.bulk_create(rows)
        event.target(card)
        event.changes = {"year": year, "cadre": cadre.username, "template": len(items), "own": len(rows) - len(items)}
    return card


def commitment_fulfil(*, actor: Actor, commitment: Commitment) -> Commitment:
    """The commitment is kept: the cadre, or who manages responsibility above them, says so (workflow.py)."""
    result: Commitment = kernel.run(workflow.TABLE, "fulfil", actor=actor, obj=commitment)
    return result


def commitment_miss(*, actor: Actor, commitment: Commitment, reason: str) -> Commitment:
    """The commitment was not kept, and why (kept in its history; the public card shows the status only)."""
    result: Commitment = kernel.run(workflow.TABLE, "miss", actor=actor, obj=commitment, reason=reason)
    return result


def commitment_reopen(*, actor: Actor, commitment: Commitment, reason: str) -> Commitment:
    """A status set by mistake, or work taken up again: back to 推进中, with the reason in its history."""
    result: Commitment = kernel.run(workflow.TABLE, "reopen", actor=actor, obj=commitment, reason=reason)
    return result


def commitment_rate(
    *, actor: Actor, commitment: Commitment, unit: OrgUnit, score: int | None, comment: str = ""
) -> Rating:
    """A grassroots union in the cadre's area (包片) or fixed points (定点) rates a commitment, once a quarter."""
    card = commitment.card
    with audited(actor=actor, action="commitment.rate", org=unit, obj=commitment) as event:
        if unit not in selectors.chaired_units(actor):
            raise NotFound()
        if not selectors.in_area(card.cadre_id, unit):
            raise PermissionDenied(f"「{unit.name}」不在该干部包片或定点联系的范围内，不能评价。")
        errors: dict[str, list[str]] = {}
        if score is None or not 1 <= score <= 5:
            errors["score"] = ["请打 1—5 分。"]
        if len(comment.strip()) > 300:
            errors["comment"] = ["评价意见不超过 300 字。"]
        if errors:
            raise ValidationError(field_errors=errors)
        assert score is not None
        period = selectors.period_of(timezone.localdate())
        refusal = f"「{unit.name}」本季度（{selectors.period_label(period)}）已评价过这项承诺。"
        if Rating.objects.filter(commitment=commitment, unit=unit, period=period).exists():
            raise Conflict(refusal)
        try:
            with transaction.atomic():
                rating = Rating.objects.create(
                    commitment=commitment,
                    unit=unit,
                    period=period,
                    score=score,
                    comment=comment.strip(),
                    rated_by=user_of(actor),
                )
        except IntegrityError:  # a second rating sent at the same moment
            raise Conflict(refusal) from None
        notify(
            [card.cadre],
            kind="commitments.rated",
            title=f"{unit.name}评价了您的承诺：{score} 分",
            body=commitment.text,
            url=reverse("commitments:card", args=[card.pk]),
        )
        event.target(commitment)
        event.changes = {"period": period, "score": score, "unit": unit.pk}
    return rating


def commitment_card_print(*, actor: Actor, card: CommitmentCard, request: Any = None) -> bytes:
    """The printable card (to hang at the cadre's desk): its QR code opens the public page; registered as an
    issued document, so the printout can be checked too."""
    with audited(actor=actor, action="commitment_card.print", org=card.org, obj=card) as event:
        selectors.card_for_user_or_404(actor, card.pk)  # whoever sees the card: a rating chair prints it too
        public = reverse("commitments:public", args=[card.token])
        context = {
            **selectors.public_context(card),
            "qr": shown_qr_svg(request.build_absolute_uri(public) if request is not None else public),
        }
        content, issued = issue_pdf(
            request,
            "commitments/card_pdf.html",
            context,
            kind="commitments.card",
            title="工作岗位承诺卡",
            org=card.org,
            actor=actor,
        )
        event.changes = {"serial": issued.serial}
    return content


# --- the city's template ---------------------------------------------------------------------------------


def _item_problems(group: str, text: str, *, item: TemplateItem | None = None) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if group not in (Group.STYLE, Group.DUTY):
        problems["group"] = ["请选择六多六少或六不六要。"]
    others = TemplateItem.objects.exclude(pk=item.pk) if item is not None else TemplateItem.objects.all()
    if not text:
        problems["text"] = ["请填写承诺内容。"]
    elif len(text) > 200:
        problems["text"] = ["承诺内容不超过 200 字。"]
    elif others.filter(group=group, text=text).exists():
        problems["text"] = ["模板中已有这一项。"]
    return problems


def template_item_create(*, actor: Actor, group: str, text: str, order: int = 0) -> TemplateItem:
    """Add an item to the city's template (whoever manages responsibility at the root)."""
    with audited(actor=actor, action="template_item.create") as event:
        require_at_city_root(actor, Cap.RESPONSIBILITY_MANAGE, event)
        text = text.strip()
        problems = _item_problems(group, text)
        if problems:
            raise ValidationError(field_errors=problems)
        item = TemplateItem.objects.create(group=group, text=text, order=order)
        event.target(item)
        event.changes = {"group": group, "text": text, "order": order}
    return item


def template_item_update(*, actor: Actor, item: TemplateItem, text: str, order: int, active: bool) -> TemplateItem:
    """Reword, reorder or retire an item; cards already published keep the words they copied."""
    with audited(actor=actor, action="template_item.update", obj=item) as event:
        require_at_city_root(actor, Cap.RESPONSIBILITY_MANAGE, event)
        item = TemplateItem.objects.select_for_update().get(pk=item.pk)
        text = text.strip()
        problems = _item_problems(item.group, text, item=item)
        if problems:
            raise ValidationError(field_errors=problems)
        fields = (("text", item.text, text), ("order", item.order, order), ("active", item.active, active))
        event.changes = {k: [old, new] for k, old, new in fields if old != new}
        item.text, item.order, item.active = text, order, active
        item.save(update_fields=["text", "order", "active"])
    return item
