"""Reading what organizers type when they create or edit an event, and the questions that ask for it.

Shared by the creation conversation (handlers/event_create.py) and editing
(handlers/event_edit.py): every answer is checked by the rules of storage.services.event_admin,
and a bad one raises `EventInputError` whose code names the catalog message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from handlers import date_answers as dates
from handlers.context import Ctx
from handlers.types import Outbound
from messages.dates_input import read_date_time
from messages.formatting import DEFAULT_LOCALE, baghdad_now
from messages.normalize import keyword_match, normalize_arabic, parse_int, to_ascii_digits
from messages.normalize_places import match_governorate
from storage.clock import utcnow
from storage.services import event_admin as service
from storage.services.event_admin import EventInputError
from storage.vocab import EVENT_KINDS, GOVERNORATES

PERMISSION = "events.manage"
# The await names of the two conversations (kept in the person's state).
CREATING = "event_create"
EDITING = "event_edit"
DURATION_CHOICES = (60, 120, 180)
# How long before the start the check-in door opens, offered as choices beside typing (minutes).
CHECKIN_CHOICES = (30, 60, 120, 180)
# Reminder choices offered when editing: the usual day-and-hour-before, or none.
REMINDER_PRESET = (24, 1)
# U+0648 (the Arabic "and") or "and" between hours, or any list separator.
_HOURS_SEPARATORS = re.compile(r"\s*(?:\u0648|and)\s*|[\s,;\u060c\u061b]+")

_NEGATIVE = re.compile(r"[-\u2212\u2013]\s*\d+")
_GROUPED = re.compile(r"\d{1,3}(?:[,\u066c]\d{3})+")
_AMOUNT = re.compile(r"(\d+(?:[.,\u066b]\d+)?)\s*(.*)")


def words(ctx: Ctx, key: str) -> list[str]:
    """A keyword list in the person's language, then Arabic."""
    return list(ctx.words(key))


def error(ctx: Ctx, problem: EventInputError) -> Outbound:
    """The catalog message of a broken rule."""
    return ctx.reply(f"ea-error-{problem.code}", **problem.args_)


def actor(ctx: Ctx) -> dict[str, Any]:
    """The audit actor arguments of the person acting."""
    return {"actor": f"staff:{ctx.contact.id}", "actor_contact_id": ctx.contact.id}


def limit(step: str) -> int:
    """The longest answer a text step takes (shown in its question)."""
    return {"title": service.TITLE_MAX, "venue": service.VENUE_MAX}.get(step, service.DESCRIPTION_MAX)


def question(ctx: Ctx, step: str) -> str:
    """The question text of one step (creation and editing share it)."""
    if step == "checkin":
        return ctx.t("conv-ask-checkin", max=service.CHECKIN_OPENS_MAX // 60)
    return ctx.t(f"ea-ask-{step}", min=service.TITLE_MIN, max=limit(step))


@dataclass(frozen=True, slots=True)
class EveningQuestion:
    """A start typed between 00:00 and 06:59 without am/pm: ask whether twelve hours later was meant."""

    typed: datetime  # naive UTC, as typed


def parse_starts(text: str, locale: str = DEFAULT_LOCALE) -> tuple[datetime, datetime | None]:
    """A typed Baghdad start as naive UTC in the future, or EventInputError saying precisely why not.

    The second value is the evening reading (twelve hours later) of a time from 00:00 to 06:59
    typed without an am/pm word, for the organizer to choose between; otherwise None.
    """
    reading = read_date_time(text, today=baghdad_now(utcnow).date())
    if reading.wall is None:
        raise EventInputError(f"starts-{reading.problem}", **dates.problem_args(reading, locale))
    typed = dates.naive_utc(reading.wall)
    if reading.maybe_evening:
        evening = typed + timedelta(hours=12)
        service.check_starts(evening)  # if even the evening is past (or too far), say so now
        return typed, evening
    return service.check_starts(typed), None


def typed_minutes(ctx: Ctx, text: str, invalid: str) -> int:
    """Minutes from «90», '90 minutes' (Arabic-Indic digits), '2 hours', '1.5 hours', 'two hours'."""
    if keyword_match(text, words(ctx, "ea-kw-two-hours")):
        return 120
    if keyword_match(text, words(ctx, "ea-kw-one-hour")):
        return 60
    match = _AMOUNT.fullmatch(normalize_arabic(text))
    if match is None:
        raise EventInputError(invalid)
    amount = float(match[1].replace(",", ".").replace("\u066b", "."))
    unit = match[2]
    if not unit or keyword_match(unit, words(ctx, "ea-kw-minutes")):
        return round(amount)
    if keyword_match(unit, words(ctx, "ea-kw-hours")):
        return round(amount * 60)
    raise EventInputError(invalid)


def parse_duration(ctx: Ctx, text: str) -> int:
    """The event's length in minutes, typed in minutes or hours."""
    return service.check_duration(typed_minutes(ctx, text, "duration-invalid"))


def parse_checkin_opens(ctx: Ctx, text: str) -> int:
    """How many minutes before the start the check-in door opens, typed in minutes or hours."""
    return service.check_checkin_opens(typed_minutes(ctx, text, "checkin-invalid"))


def parse_capacity(ctx: Ctx, text: str) -> int | None:
    """Seats from a typed number (any digits, «1,000» too) or None for 'unlimited'."""
    if keyword_match(text, words(ctx, "ea-kw-unlimited")):
        return None
    digits = to_ascii_digits(text).strip()
    if _GROUPED.fullmatch(digits):
        digits = re.sub(r"[,\u066c]", "", digits)
    number = parse_int(digits)
    if number is None:
        # «-5» is a number on the wrong side of the range: say so rather than "not a number".
        if _NEGATIVE.fullmatch(digits):
            raise EventInputError("capacity-range", max=service.CAPACITY_MAX)
        raise EventInputError("capacity-invalid")
    return service.check_capacity(number)


def parse_reminder_hours(ctx: Ctx, text: str) -> list[int]:
    """Hours before the start from "24, 1", Arabic-Indic digits joined by "and", "48 24 1"; [] for "no reminders"."""
    if keyword_match(text, words(ctx, "ea-kw-no-reminders")):
        return []
    items = [item for item in _HOURS_SEPARATORS.split(to_ascii_digits(text).strip()) if item]
    hours = [parse_int(item) for item in items]
    if not hours or any(h is None for h in hours):
        raise EventInputError("reminders-invalid", max=service.REMINDER_HOURS_MAX, count=service.REMINDER_COUNT_MAX)
    return service.check_reminder_hours([h for h in hours if h is not None])


def _pick(ctx: Ctx, text: str, codes: tuple[str, ...], prefix: str) -> str:
    """A kind or governorate typed by its Arabic name or code instead of pressed."""
    for code in codes:
        if keyword_match(text, [ctx.t(f"{prefix}-{code}"), code]):
            return code
    raise EventInputError("choice")


def parse_answer(ctx: Ctx, step: str, text: str) -> Any:
    """The stored value of a typed answer to `step` (raises EventInputError for a bad one)."""
    if step == "title":
        return service.check_title(text)
    if step == "kind":
        return _pick(ctx, text, EVENT_KINDS, "kind")
    if step == "governorate":
        return match_governorate(text) or _pick(ctx, text, GOVERNORATES, "gov")
    if step == "venue":
        return service.check_venue(text)
    if step == "map":
        return None if keyword_match(text, [ctx.t("ea-skip-map")]) else service.check_map_url(text)
    if step == "starts":
        typed, evening = parse_starts(text, ctx.locale)
        return EveningQuestion(typed) if evening is not None else typed.isoformat()
    if step == "duration":
        return parse_duration(ctx, text)
    if step == "capacity":
        return parse_capacity(ctx, text)
    if step == "description":
        return service.check_description(text)
    if step == "reminders":
        return parse_reminder_hours(ctx, text)
    if step == "checkin":
        return parse_checkin_opens(ctx, text)
    raise EventInputError("choice")
