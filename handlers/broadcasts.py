"""'new announcement': compose an announcement, choose its audience, preview, send now or later, stop.

Actions (staff-only; every one loads the broadcast and re-checks the "broadcast" permission
for its organisation, since an option id only proves who it was issued to):
  bN[.<org>]         new broadcast: asks for the text (state "broadcast_text")
  bE.<b>.<event|0>   link one of the organisation's upcoming events (0 = none)
  bW.<b>             preview: the message as it will arrive and the audience size
  bQ.<b>             a button pressed inside the preview: "this is a preview", nothing happens
  bY.<b>             'send now' — the confirmation; nothing is queued before it
  bT.<b>             'schedule': asks for a Baghdad date and time (state "broadcast_when")
The audience (bA, bS, bG, bI, bV) is chosen in handlers/broadcast_audience.py; the card after
composing (bP, bX, bC, bL) is handlers/broadcast_card.py.
"""

from __future__ import annotations

from handlers import date_answers as dates
from handlers.broadcast_audience import audience_menu_replies, chosen_line

# card_options and card_text are re-exported for scheduler/broadcast_progress.py.
from handlers.broadcast_card import actor, card, card_options, card_text, draft, load  # noqa: F401
from handlers.context import Ctx
from handlers.notifications import renderer
from handlers.options import Decoded
from handlers.permissions import may
from handlers.router import action, awaiting
from handlers.staff import PANEL_ENTRIES, organization_for, refuse
from handlers.types import Option, Outbound
from handlers.views import event_label, when
from storage.clock import utcnow
from storage.models import Broadcast, Delivery
from storage.services import audiences
from storage.services import broadcasts as service
from storage.services.staff import get_organization

# Events offered for linking.
EVENTS_SHOWN = 6


def _panel_entries(ctx: Ctx) -> list[Option]:
    return [ctx.opt("broadcast-new", "bN"), ctx.opt("broadcast-list", "bL")]


PANEL_ENTRIES.append(("broadcast", _panel_entries))


# --- composing -------------------------------------------------------------------------------


@action("bN")
async def new_broadcast(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Pick the organisation (if several), then ask for the announcement's text."""
    organization_id = await organization_for(ctx, decoded, "broadcast", "bN")
    if isinstance(organization_id, list):
        return organization_id
    ctx.set_state(**{"await": "broadcast_text", "org": organization_id})
    return [ctx.reply("broadcast-ask-text", [ctx.opt("broadcast-abandon", "op")], limit=service.TEXT_LIMIT)]


@awaiting("broadcast_text")
async def text_typed(ctx: Ctx, text: str) -> list[Outbound]:
    """Keep the text exactly as typed (within the limit) as a draft; then the optional event."""
    organization_id = (ctx.contact.state or {}).get("org")
    if not may(ctx, organization_id, "broadcast"):
        ctx.clear_state()
        return refuse(ctx)
    keep_going = [ctx.opt("broadcast-abandon", "op")]
    if not text.strip():
        return [ctx.reply("broadcast-text-empty", keep_going)]
    if len(text) > service.TEXT_LIMIT:
        return [ctx.reply("broadcast-text-too-long", keep_going, length=len(text), limit=service.TEXT_LIMIT)]
    ctx.clear_state()
    broadcast = await service.create_draft(ctx.session, organization_id, ctx.contact.id, text)
    return await _ask_event(ctx, broadcast)


async def _ask_event(ctx: Ctx, broadcast: Broadcast) -> list[Outbound]:
    events = await service.linkable_events(ctx.session, broadcast.organization_id, EVENTS_SHOWN)
    if not events:
        return await audience_menu_replies(ctx, broadcast)
    options = [ctx.option(event_label(ctx, e), "bE", broadcast.id, e.id) for e in events]
    options.append(ctx.opt("broadcast-no-event", "bE", broadcast.id, 0))
    return [ctx.reply("broadcast-ask-event", options)]


@action("bE")
async def link_event(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Link an event of the organisation (its register button goes with the message), or none."""
    broadcast = await draft(ctx, decoded)
    if isinstance(broadcast, list):
        return broadcast
    event_id = decoded.int_arg(1)
    if event_id:
        event = await service.organization_event(ctx.session, broadcast, event_id)
        if event is None:
            return refuse(ctx)
        broadcast.event_id = event.id
    else:
        broadcast.event_id = None
    return await audience_menu_replies(ctx, broadcast)


# --- preview, send, schedule -----------------------------------------------------------------


async def broadcast_message(ctx: Ctx, broadcast: Broadcast, *, preview: bool = False) -> Outbound:
    """The announcement as a person receives it: who sends it, the text, and a register button.

    In a `preview` the button looks the same but is a distinct action that registers nobody.
    """
    organization = await get_organization(ctx.session, broadcast.organization_id)
    text = ctx.t("broadcast-message", organization=organization.name if organization else "", text=broadcast.text)
    options = []
    event = await service.linked_event(ctx.session, broadcast)
    if event is not None and event.status == "published" and event.registration_open and event.starts_at > utcnow():
        options.append(ctx.opt("register-button", "bQ", broadcast.id) if preview
                       else ctx.opt("register-button", "rg", event.id))
    return Outbound(text, options)


@renderer("broadcast", "announcement")
async def render_broadcast(ctx: Ctx, delivery: Delivery) -> list[Outbound] | None:
    """An outbox row of a broadcast; None (not sent) once the broadcast was stopped or the person
    stopped this organisation's announcements after it was queued."""
    broadcast = await service.get_broadcast(ctx.session, delivery.broadcast_id or delivery.payload.get("broadcast_id"))
    if broadcast is None or broadcast.status not in service.LIVE:
        return None
    if not await audiences.announcement_allowed(ctx.session, ctx.contact.id, broadcast.organization_id):
        return None
    return [await broadcast_message(ctx, broadcast)]


@action("bW")
async def preview(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """The message as it will arrive, the audience and its size; sending needs 'send now'."""
    broadcast = await draft(ctx, decoded)
    if isinstance(broadcast, list):
        return broadcast
    if not service.segments(broadcast):
        return [ctx.reply("broadcast-no-audience"), *await audience_menu_replies(ctx, broadcast)]
    count = await service.audience_size(ctx.session, broadcast)
    b = broadcast.id
    options = [ctx.opt("broadcast-send-now", "bY", b), ctx.opt("broadcast-schedule", "bT", b)] if count else []
    options += [ctx.opt("broadcast-edit-audience", "bA", b), ctx.opt("broadcast-discard", "bC", b)]
    summary = ctx.reply("broadcast-preview-summary", options, chosen=await chosen_line(ctx, broadcast), count=count)
    return [ctx.reply("broadcast-preview-intro"), await broadcast_message(ctx, broadcast, preview=True), summary]


@action("bQ")
async def preview_button(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """A button of the preview pressed by the organizer: it only says so (nobody is registered)."""
    broadcast = await load(ctx, decoded)
    if broadcast is None:
        return refuse(ctx)
    back = [ctx.opt("broadcast-back-to-preview", "bW", broadcast.id)] if broadcast.status == "draft" else []
    return [ctx.reply("broadcast-preview-only", back)]


def _remember_organizer(ctx: Ctx, broadcast: Broadcast) -> None:
    # Where the progress message goes (the sender's progress hook sends and then edits it).
    broadcast.progress_channel = ctx.inbound.channel
    broadcast.progress_chat = ctx.inbound.external_id
    broadcast.progress_message = None


@action("bY")
async def send_now(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """The confirmation: queue one message per audience member, once, and audit it."""
    broadcast = await draft(ctx, decoded)
    if isinstance(broadcast, list):
        return broadcast
    size = await service.start_sending(ctx.session, broadcast, actor=actor(ctx), actor_contact_id=ctx.contact.id)
    if size is None:
        return [ctx.reply("broadcast-not-draft"), await card(ctx, broadcast)]
    _remember_organizer(ctx, broadcast)
    if size == 0:
        return [ctx.reply("broadcast-nobody"), await card(ctx, broadcast)]
    return [ctx.reply("broadcast-started", count=size), await card(ctx, broadcast)]


@action("bT")
async def ask_schedule(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Ask for the Baghdad date and time to send at."""
    broadcast = await draft(ctx, decoded)
    if isinstance(broadcast, list):
        return broadcast
    asked = (ctx.contact.state or {}).get("b") == broadcast.id
    if asked and decoded.args[1:2] and decoded.args[1] in dates.CHOICES:  # "did you mean the evening?"
        return await when_typed(ctx, "", decoded.args[1])
    ctx.set_state(**{"await": "broadcast_when", "b": broadcast.id})
    return [ctx.reply("broadcast-ask-when", [ctx.opt("broadcast-back-to-preview", "bW", broadcast.id)])]


@awaiting("broadcast_when")
async def when_typed(ctx: Ctx, text: str, choice: str | None = None) -> list[Outbound]:
    """Schedule the draft for the typed Baghdad time (a bad or past time asks again)."""
    decoded = Decoded("bT", (str((ctx.contact.state or {}).get("b", "")),))
    broadcast = await draft(ctx, decoded)
    if isinstance(broadcast, list):
        ctx.clear_state()
        return broadcast
    back = [ctx.opt("broadcast-back-to-preview", "bW", broadcast.id)]
    at = dates.typed_moment(ctx, text, "bT", broadcast.id, extra=back, choice=choice)
    if isinstance(at, list):
        return at  # why the text is not a date and time, or "did you mean the evening?"
    if at <= utcnow():
        return [ctx.reply("broadcast-when-past", back)]
    ctx.clear_state()
    await service.schedule(ctx.session, broadcast, at, actor=actor(ctx), actor_contact_id=ctx.contact.id)
    _remember_organizer(ctx, broadcast)
    return [ctx.reply("broadcast-scheduled", when=when(ctx, at)), await card(ctx, broadcast)]
