"""What an outbox row says when it is delivered: reminders, survey invitations, notices.

Rendering happens at send time, in the recipient's language (their contact.language) and
with option ids issued to them, and re-checks that the message still makes sense (a reminder
for a cancelled seat, an event that already started) — None means "do not send".
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from handlers.context import Ctx
from handlers.core import BotCore
from handlers.types import Inbound, InboundKind, Outbound
from handlers.views import titled, when
from messages import catalog
from storage.clock import utcnow
from storage.db import AsyncSession
from storage.models import Contact, Delivery, Event, Identity, Registration
from storage.services.events import get_event
from storage.services.registration import own_registration
from storage.services.surveys import get_survey

Renderer = Callable[[Ctx, Delivery], Awaitable[list[Outbound] | None]]
RENDERERS: dict[str, Renderer] = {}
# The WhatsApp template purpose each kind falls under outside the 24-hour window.
PURPOSES: dict[str, str] = {
    "reminder": "reminder", "promoted": "reminder", "event-moved": "reminder", "event-cancelled": "reminder",
    "survey": "survey", "broadcast": "announcement",
}


def renderer(kind: str, purpose: str | None = None) -> Callable[[Renderer], Renderer]:
    """Register how deliveries of `kind` are rendered."""

    def register(fn: Renderer) -> Renderer:
        RENDERERS[kind] = fn
        if purpose:
            PURPOSES[kind] = purpose
        return fn

    return register


def delivery_context(core: BotCore, session: AsyncSession, contact: Contact, identity: Identity) -> Ctx:
    """A handler context for a message the bot starts (no inbound message behind it), in the recipient's language."""
    inbound = Inbound(identity.channel, identity.external_id, InboundKind.TEXT)
    # The stored language, whatever the recipient's consent state: there is no app language to go by.
    return Ctx(core, session, contact, identity, inbound, language=contact.language or catalog.DEFAULT_LANGUAGE)


async def render_delivery(ctx: Ctx, delivery: Delivery) -> list[Outbound] | None:
    """The replies for an outbox row in the recipient's language, or None when it should no longer be sent."""
    render = RENDERERS.get(delivery.kind)
    if render is None:
        return None
    replies = await render(ctx, delivery)
    for reply in replies or []:
        # Outside WhatsApp's 24-hour window the channel picks the approved template of this language.
        reply.language = ctx.lang
    return replies


async def _registration_and_event(ctx: Ctx, delivery: Delivery) -> tuple[Registration, Event] | None:
    registration = await own_registration(ctx.session, ctx.contact.id, delivery.payload.get("registration_id"))
    if registration is None or registration.status != "confirmed":
        return None
    event = await get_event(ctx.session, registration.event_id)
    if event is None or event.status != "published" or event.starts_at <= utcnow():
        return None
    return registration, event


@renderer("reminder")
async def reminder(ctx: Ctx, delivery: Delivery) -> list[Outbound] | None:
    """'reminder' with the time in Iraqi style, the venue, the ticket and will-come / can't-come options."""
    found = await _registration_and_event(ctx, delivery)
    if found is None:
        return None
    registration, event = found
    options = [ctx.opt("rsvp-yes", "rv", registration.id), ctx.opt("rsvp-no", "cx", registration.id)]
    key = "reminder-hour" if delivery.payload.get("hours", 24) <= 1 else "reminder-day"
    return [ctx.reply(key, options, title=titled(ctx, event), when=when(ctx, event.starts_at), venue=event.venue,
                      ticket=registration.ticket_code, hours=int(delivery.payload.get("hours", 24)))]


@renderer("promoted")
async def promoted(ctx: Ctx, delivery: Delivery) -> list[Outbound] | None:
    """The good news that a seat freed up for someone on the waiting list."""
    found = await _registration_and_event(ctx, delivery)
    if found is None:
        return None
    registration, event = found
    from handlers.calendar_file import event_calendar

    text = ctx.reply("promoted", [ctx.opt("menu-my", "my")], title=titled(ctx, event), when=when(ctx, event.starts_at),
                     ticket=registration.ticket_code)
    return [text, Outbound(ctx.t("calendar-caption"), document=event_calendar(ctx, event, registration))]


@renderer("event-moved")
async def event_moved(ctx: Ctx, delivery: Delivery) -> list[Outbound] | None:
    """Tell a registrant their event has a new time."""
    event = await get_event(ctx.session, delivery.payload.get("event_id"))
    if event is None or event.status != "published" or event.starts_at <= utcnow():
        return None
    old = datetime.fromisoformat(delivery.payload["old_starts_at"])
    return [ctx.reply("event-moved-notice", [ctx.opt("menu-my", "my")], title=event.title,
                      old=when(ctx, old), new=when(ctx, event.starts_at), venue=event.venue)]


@renderer("event-cancelled")
async def event_cancelled(ctx: Ctx, delivery: Delivery) -> list[Outbound] | None:
    """Tell a registrant their event was cancelled."""
    event = await get_event(ctx.session, delivery.payload.get("event_id"))
    if event is None:
        return None
    return [ctx.reply("event-cancelled-notice", [ctx.opt("menu-events", "el", 0, "m", "x")], title=event.title,
                      when=when(ctx, event.starts_at))]


@renderer("survey")
async def survey_invitation(ctx: Ctx, delivery: Delivery) -> list[Outbound] | None:
    """Invite an attendee to the post-event survey."""
    survey = await get_survey(ctx.session, delivery.payload.get("survey_id"))
    if survey is None:
        return None
    event = await get_event(ctx.session, survey.event_id)
    if event is None:
        return None
    return [ctx.reply("survey-invitation", [ctx.opt("survey-start", "sv", survey.id), ctx.opt("survey-later", "mm")],
                      title=event.title, count=len(survey.questions))]
