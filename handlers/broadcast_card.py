"""A broadcast's card after composing: status, time or live progress, and stop / cancel / the recent list.

Every action loads the broadcast through `load`, which re-checks the "broadcast" permission for
its organisation (an option id only proves who it was issued to).

Actions:
  bP.<b>   the broadcast's card with live progress
  bX.<b>   'stop sending'
  bC.<b>   cancel a draft or a scheduled broadcast
  bL       recent broadcasts of my organisations
"""

from __future__ import annotations

from handlers.context import Ctx
from handlers.options import Decoded
from handlers.permissions import organizations_with
from handlers.router import action
from handlers.staff import organization_names, refuse
from handlers.types import Option, Outbound
from handlers.views import LABEL_LIMIT, when
from messages.textsplit import shorten_label
from storage.models import Broadcast
from storage.services import broadcasts as service

EXCERPT = 60


def actor(ctx: Ctx) -> str:
    """The audit actor of the person acting."""
    return f"staff:{ctx.contact.id}"


async def load(ctx: Ctx, decoded: Decoded) -> Broadcast | None:
    """The broadcast an option points at, if this person may broadcast for its organisation."""
    return await service.organization_broadcast(ctx.session, decoded.int_arg(0), organizations_with(ctx, "broadcast"))


async def draft(ctx: Ctx, decoded: Decoded) -> Broadcast | list[Outbound]:
    """A draft this person may edit, or the replies that say why not."""
    broadcast = await load(ctx, decoded)
    if broadcast is None:
        return refuse(ctx)
    if broadcast.status != "draft":
        return [ctx.reply("broadcast-not-draft"), await card(ctx, broadcast)]
    return broadcast


def progress_text(ctx: Ctx, counts: service.Progress) -> str:
    """'sent 120 of 2000 — failed 3 — unreachable 5 — needs template 0' (and what is unconfirmed or was not sent)."""
    text = ctx.t("broadcast-progress", sent=counts.sent, total=counts.total, failed=counts.failed,
                 unreachable=counts.unreachable, template=counts.needs_template)
    if counts.unknown:
        text += "\n" + ctx.t("broadcast-progress-unknown", count=counts.unknown)
    if counts.cancelled:
        text += "\n" + ctx.t("broadcast-progress-cancelled", count=counts.cancelled)
    return text


def card_options(ctx: Ctx, broadcast: Broadcast) -> list[Option]:
    """What can be done with a broadcast in its current status."""
    b = broadcast.id
    options: list[Option] = []
    if broadcast.status == "draft":
        options.append(ctx.opt("broadcast-preview", "bW", b))
    if broadcast.status in ("draft", "scheduled"):
        options.append(ctx.opt("broadcast-cancel-scheduled" if broadcast.status == "scheduled" else "broadcast-discard",
                               "bC", b))
    if broadcast.status == "sending":
        options += [ctx.opt("broadcast-refresh", "bP", b), ctx.opt("broadcast-stop", "bX", b)]
    options += [ctx.opt("broadcast-list", "bL"), ctx.opt("menu-staff-panel", "op")]
    return options


def card_text(ctx: Ctx, broadcast: Broadcast, counts: service.Progress) -> str:
    """The broadcast's card: an excerpt, its status, its time or its progress."""
    text = ctx.t("broadcast-card", excerpt=shorten_label(broadcast.text, EXCERPT),
                 status=ctx.t(f"broadcast-status-{broadcast.status}"))
    if broadcast.status == "scheduled" and broadcast.scheduled_at is not None:
        text += "\n" + ctx.t("broadcast-card-at", when=when(ctx, broadcast.scheduled_at))
    if broadcast.status in ("sending", "done", "stopped"):
        text += "\n" + progress_text(ctx, counts)
    return text


async def card(ctx: Ctx, broadcast: Broadcast) -> Outbound:
    """The card of a broadcast, with live counts (a finished sending is marked done)."""
    counts = await service.progress(ctx.session, broadcast.id)
    await service.finish_if_done(ctx.session, broadcast, counts)
    return Outbound(card_text(ctx, broadcast, counts), card_options(ctx, broadcast))


@action("bP")
async def show_card(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """The broadcast's card with live counts ('progress')."""
    broadcast = await load(ctx, decoded)
    if broadcast is None:
        return refuse(ctx)
    return [await card(ctx, broadcast)]


@action("bX")
async def stop(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """'stop sending': what is not sent yet is cancelled; what went out stays."""
    broadcast = await load(ctx, decoded)
    if broadcast is None:
        return refuse(ctx)
    cancelled = await service.stop(ctx.session, broadcast, actor=actor(ctx), actor_contact_id=ctx.contact.id)
    if cancelled is None:
        return [ctx.reply("broadcast-not-sending"), await card(ctx, broadcast)]
    return [ctx.reply("broadcast-stopped", count=cancelled), await card(ctx, broadcast)]


@action("bC")
async def cancel(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Discard a draft or cancel a scheduled broadcast before its time."""
    broadcast = await load(ctx, decoded)
    if broadcast is None:
        return refuse(ctx)
    was = broadcast.status
    if not await service.cancel(ctx.session, broadcast, actor=actor(ctx), actor_contact_id=ctx.contact.id):
        return [ctx.reply("broadcast-cannot-cancel"), await card(ctx, broadcast)]
    key = "broadcast-cancelled" if was == "scheduled" else "broadcast-discarded"
    return [ctx.reply(key, [ctx.opt("broadcast-list", "bL"), ctx.opt("menu-staff-panel", "op")])]


@action("bL")
async def recent(ctx: Ctx, _: Decoded | None = None) -> list[Outbound]:
    """The latest broadcasts of the organisations I may broadcast for."""
    organizations = organizations_with(ctx, "broadcast")
    if not organizations:
        return refuse(ctx)
    rows = await service.recent(ctx.session, organizations)
    names = await organization_names(ctx, organizations)
    options = [
        ctx.option(shorten_label(ctx.t("broadcast-list-item", status=ctx.t(f"broadcast-status-{b.status}"),
                                       excerpt=b.text), LABEL_LIMIT), "bP", b.id)
        for b in rows
    ]
    options += [ctx.opt("broadcast-new", "bN"), ctx.opt("menu-staff-panel", "op")]
    key = "broadcast-list-header" if rows else "broadcast-list-empty"
    joined = ctx.t("broadcast-list-separator").join(names[o] for o in organizations if o in names)
    return [ctx.reply(key, options, replace=True, organizations=joined)]
