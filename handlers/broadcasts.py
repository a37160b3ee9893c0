"""'new announcement': compose an announcement, choose its audience, preview, send now or later, stop.

Actions (staff-only; every one loads the broadcast and re-checks the "broadcast" permission
for its organisation, since an option id only proves who it was issued to):
  bN[.<org>]         new broadcast: asks for the text (state "broadcast_text")
  bE.<b>.<event|0>   link one of the organisation's upcoming events (0 = none)
  bA.<b>             the audience menu
  bS.<b>.<segment>   tick / untick a segment (see storage.services.broadcasts)
  bG.<b> / bI.<b>    governorates / interests as toggles
  bV.<b>.<r|a|w>     pick events for registrants / attendees / waiting list
  bW.<b>             preview: the message as it will arrive and the audience size
  bQ.<b>             a button pressed inside the preview: «هذه معاينة», nothing happens
  bY.<b>             'send now' — the confirmation; nothing is queued before it
  bT.<b>             'schedule': asks for a Baghdad date and time (state "broadcast_when")
  bC.<b>             cancel a draft or a scheduled broadcast
  bP.<b>             the broadcast's card with live progress
  bX.<b>             'stop sending'
  bL                 recent broadcasts of my organisations
"""

from __future__ import annotations

from datetime import timedelta

from handlers import date_answers as dates
from handlers.context import Ctx
from handlers.notifications import renderer
from handlers.options import Decoded
from handlers.permissions import may, organizations_with
from handlers.router import action, awaiting
from handlers.staff import PANEL_ENTRIES, organization_for, organization_names, refuse
from handlers.types import Option, Outbound
from handlers.views import LABEL_LIMIT, event_label, short_date, when
from messages.textsplit import shorten_label
from storage.clock import utcnow
from storage.models import Broadcast, Delivery
from storage.services import audiences
from storage.services import broadcasts as service
from storage.services.staff import get_organization
from storage.vocab import GOVERNORATES, INTERESTS

# Events offered for linking and for event segments.
EVENTS_SHOWN = 6
# Attendees and registrants of events up to this long ago can still be reached.
PAST_EVENTS = timedelta(days=90)
EXCERPT = 60


def _actor(ctx: Ctx) -> str:
    return f"staff:{ctx.contact.id}"


async def _load(ctx: Ctx, decoded: Decoded) -> Broadcast | None:
    """The broadcast an option points at, if this person may broadcast for its organisation."""
    return await service.organization_broadcast(ctx.session, decoded.int_arg(0), organizations_with(ctx, "broadcast"))


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
        return await _audience_menu(ctx, broadcast)
    options = [ctx.option(event_label(ctx, e), "bE", broadcast.id, e.id) for e in events]
    options.append(ctx.opt("broadcast-no-event", "bE", broadcast.id, 0))
    return [ctx.reply("broadcast-ask-event", options)]


async def _draft(ctx: Ctx, decoded: Decoded) -> Broadcast | list[Outbound]:
    """A draft this person may edit, or the replies that say why not."""
    broadcast = await _load(ctx, decoded)
    if broadcast is None:
        return refuse(ctx)
    if broadcast.status != "draft":
        return [ctx.reply("broadcast-not-draft"), await _card(ctx, broadcast)]
    return broadcast


@action("bE")
async def link_event(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Link an event of the organisation (its register button goes with the message), or none."""
    broadcast = await _draft(ctx, decoded)
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
    return await _audience_menu(ctx, broadcast)


# --- audience --------------------------------------------------------------------------------


async def _segment_labels(ctx: Ctx, broadcast: Broadcast) -> list[str]:
    labels = []
    for key in service.segments(broadcast):
        kind, value = service.parse_segment(key)  # type: ignore[misc]
        if kind == "all":
            labels.append(ctx.t("broadcast-segment-all"))
        elif kind == "g":
            labels.append(ctx.t("broadcast-segment-governorate", governorate=ctx.t(f"gov-{value}")))
        elif kind == "i":
            labels.append(ctx.t("broadcast-segment-interest", interest=ctx.t(f"interest-{value}")))
        else:
            event = await service.organization_event(ctx.session, broadcast, int(value))
            title = shorten_label(event.title, 40) if event is not None else value
            labels.append(ctx.t(f"broadcast-segment-{kind}", title=title))
    return labels


async def _chosen_line(ctx: Ctx, broadcast: Broadcast) -> str:
    labels = await _segment_labels(ctx, broadcast)
    return ctx.t("broadcast-list-separator").join(labels) if labels else ctx.t("broadcast-segment-none")


async def _audience_menu(ctx: Ctx, broadcast: Broadcast) -> list[Outbound]:
    chosen = service.segments(broadcast)
    b = broadcast.id
    options = [
        ctx.opt("broadcast-toggle-on" if "all" in chosen else "broadcast-toggle-off", "bS", b, "all",
                name=ctx.t("broadcast-segment-all")),
        ctx.opt("broadcast-by-governorate", "bG", b),
        ctx.opt("broadcast-by-interest", "bI", b),
        ctx.opt("broadcast-by-registrants", "bV", b, "r"),
        ctx.opt("broadcast-by-attendees", "bV", b, "a"),
        ctx.opt("broadcast-by-waitlist", "bV", b, "w"),
        ctx.opt("broadcast-preview", "bW", b),
        ctx.opt("broadcast-discard", "bC", b),
    ]
    return [ctx.reply("broadcast-audience", options, replace=True, chosen=await _chosen_line(ctx, broadcast),
                      count=await service.audience_size(ctx.session, broadcast))]


@action("bA")
async def audience_menu(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """The audience menu of a draft."""
    broadcast = await _draft(ctx, decoded)
    if isinstance(broadcast, list):
        return broadcast
    return await _audience_menu(ctx, broadcast)


def _toggle(ctx: Ctx, broadcast: Broadcast, key: str, name: str) -> Option:
    on = key in service.segments(broadcast)
    return ctx.opt("broadcast-toggle-on" if on else "broadcast-toggle-off", "bS", broadcast.id, key, name=name)


def _governorates(ctx: Ctx, broadcast: Broadcast) -> list[Outbound]:
    options = [_toggle(ctx, broadcast, f"g-{code}", ctx.t(f"gov-{code}")) for code in GOVERNORATES]
    options.append(ctx.opt("broadcast-segments-done", "bA", broadcast.id))
    return [ctx.reply("broadcast-choose-governorates", options, replace=True)]


def _interests(ctx: Ctx, broadcast: Broadcast) -> list[Outbound]:
    options = [_toggle(ctx, broadcast, f"i-{code}", ctx.t(f"interest-short-{code}")) for code in INTERESTS]
    options.append(ctx.opt("broadcast-segments-done", "bA", broadcast.id))
    return [ctx.reply("broadcast-choose-interests", options, replace=True)]


async def _events_for_segment(ctx: Ctx, broadcast: Broadcast, kind: str) -> list[Outbound]:
    events = await service.segment_events(ctx.session, broadcast.organization_id, utcnow() - PAST_EVENTS,
                                          EVENTS_SHOWN)
    if not events:
        return [ctx.reply("broadcast-no-events", [ctx.opt("broadcast-segments-done", "bA", broadcast.id)])]
    options = [
        _toggle(ctx, broadcast, f"{kind}-{event.id}",
                shorten_label(ctx.t("broadcast-event-option", title=event.title,
                                    date=short_date(event.starts_at, ctx.locale)), LABEL_LIMIT - 2))
        for event in events
    ]
    options.append(ctx.opt("broadcast-segments-done", "bA", broadcast.id))
    return [ctx.reply(f"broadcast-choose-events-{kind}", options, replace=True)]


@action("bG")
async def governorates(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Governorates as toggles (one or several)."""
    broadcast = await _draft(ctx, decoded)
    return broadcast if isinstance(broadcast, list) else _governorates(ctx, broadcast)


@action("bI")
async def interests(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Interests as toggles."""
    broadcast = await _draft(ctx, decoded)
    return broadcast if isinstance(broadcast, list) else _interests(ctx, broadcast)


@action("bV")
async def event_segments(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """The organisation's recent and upcoming events, to reach their registrants / attendees / waiting list."""
    broadcast = await _draft(ctx, decoded)
    if isinstance(broadcast, list):
        return broadcast
    kind = decoded.args[1] if len(decoded.args) > 1 else ""
    if kind not in service.EVENT_SEGMENTS:
        return refuse(ctx)
    return await _events_for_segment(ctx, broadcast, kind)


@action("bS")
async def toggle_segment(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Tick or untick one segment, then show the list it belongs to again."""
    broadcast = await _draft(ctx, decoded)
    if isinstance(broadcast, list):
        return broadcast
    key = decoded.args[1] if len(decoded.args) > 1 else ""
    if not await service.segment_allowed(ctx.session, broadcast, key):
        return refuse(ctx)
    service.toggle_segment(broadcast, key)
    kind = key.partition("-")[0]
    if kind == "g":
        return _governorates(ctx, broadcast)
    if kind == "i":
        return _interests(ctx, broadcast)
    if kind in service.EVENT_SEGMENTS:
        return await _events_for_segment(ctx, broadcast, kind)
    return await _audience_menu(ctx, broadcast)


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
    broadcast = await _draft(ctx, decoded)
    if isinstance(broadcast, list):
        return broadcast
    if not service.segments(broadcast):
        return [ctx.reply("broadcast-no-audience"), *await _audience_menu(ctx, broadcast)]
    count = await service.audience_size(ctx.session, broadcast)
    b = broadcast.id
    options = [ctx.opt("broadcast-send-now", "bY", b), ctx.opt("broadcast-schedule", "bT", b)] if count else []
    options += [ctx.opt("broadcast-edit-audience", "bA", b), ctx.opt("broadcast-discard", "bC", b)]
    summary = ctx.reply("broadcast-preview-summary", options, chosen=await _chosen_line(ctx, broadcast), count=count)
    return [ctx.reply("broadcast-preview-intro"), await broadcast_message(ctx, broadcast, preview=True), summary]


@action("bQ")
async def preview_button(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """A button of the preview pressed by the organizer: it only says so (nobody is registered)."""
    broadcast = await _load(ctx, decoded)
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
    broadcast = await _draft(ctx, decoded)
    if isinstance(broadcast, list):
        return broadcast
    size = await service.start_sending(ctx.session, broadcast, actor=_actor(ctx), actor_contact_id=ctx.contact.id)
    if size is None:
        return [ctx.reply("broadcast-not-draft"), await _card(ctx, broadcast)]
    _remember_organizer(ctx, broadcast)
    if size == 0:
        return [ctx.reply("broadcast-nobody"), await _card(ctx, broadcast)]
    return [ctx.reply("broadcast-started", count=size), await _card(ctx, broadcast)]


@action("bT")
async def ask_schedule(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Ask for the Baghdad date and time to send at."""
    broadcast = await _draft(ctx, decoded)
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
    broadcast = await _draft(ctx, decoded)
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
    await service.schedule(ctx.session, broadcast, at, actor=_actor(ctx), actor_contact_id=ctx.contact.id)
    _remember_organizer(ctx, broadcast)
    return [ctx.reply("broadcast-scheduled", when=when(ctx, at)), await _card(ctx, broadcast)]


# --- after sending: card, progress, stop, cancel ---------------------------------------------


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


async def _card(ctx: Ctx, broadcast: Broadcast) -> Outbound:
    counts = await service.progress(ctx.session, broadcast.id)
    await service.finish_if_done(ctx.session, broadcast, counts)
    return Outbound(card_text(ctx, broadcast, counts), card_options(ctx, broadcast))


@action("bP")
async def show_card(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """The broadcast's card with live counts ('progress')."""
    broadcast = await _load(ctx, decoded)
    if broadcast is None:
        return refuse(ctx)
    return [await _card(ctx, broadcast)]


@action("bX")
async def stop(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """'stop sending': what is not sent yet is cancelled; what went out stays."""
    broadcast = await _load(ctx, decoded)
    if broadcast is None:
        return refuse(ctx)
    cancelled = await service.stop(ctx.session, broadcast, actor=_actor(ctx), actor_contact_id=ctx.contact.id)
    if cancelled is None:
        return [ctx.reply("broadcast-not-sending"), await _card(ctx, broadcast)]
    return [ctx.reply("broadcast-stopped", count=cancelled), await _card(ctx, broadcast)]


@action("bC")
async def cancel(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Discard a draft or cancel a scheduled broadcast before its time."""
    broadcast = await _load(ctx, decoded)
    if broadcast is None:
        return refuse(ctx)
    was = broadcast.status
    if not await service.cancel(ctx.session, broadcast, actor=_actor(ctx), actor_contact_id=ctx.contact.id):
        return [ctx.reply("broadcast-cannot-cancel"), await _card(ctx, broadcast)]
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
