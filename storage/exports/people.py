"""The exporters that list people: registrations (with their status) and attendance.

Neither names anyone, and neither carries a phone number unless the coordinator asks for one
(`Selection.with_phone`): only then are the numbers even read from the database. A number
then goes in the column that says where it comes from, and appears once:
  whatsapp-number   ("WhatsApp number") the number the person writes from on WhatsApp (their
                    address there);
  shared-number     ("the shared number") a number the person shared themselves on Telegram,
                    when it is not already their WhatsApp number.
Cancelled registrations are left out of the registrations file unless asked for
(`Selection.include_cancelled`), and so is its always-empty cancellation-time column.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.exports.base import (
    Cell,
    Exporter,
    Selection,
    Summary,
    baghdad,
    channels_label,
    channels_of_contact,
    event_column,
    label,
    stream_rows,
    titles,
)
from storage.exports.question_columns import answer_cells, answer_columns, asked_questions, question_titles
from storage.models import Contact, Event, Identity, Registration
from storage.services.registration import CANCELLED, WAITLISTED

WHATSAPP = "whatsapp"
PHONE_COLUMNS = ("whatsapp-number", "shared-number")


def _whatsapp_ids_of_contact() -> Any:
    # The WhatsApp id is the number's digits with the country code; a contact normally has one.
    return (
        select(func.aggregate_strings(Identity.external_id, ","))
        .where(Identity.contact_id == Contact.id, Identity.channel == WHATSAPP)
        .scalar_subquery()
    )


def phone_cells(whatsapp_ids: str | None, stored: str | None, lang: str) -> list[Cell]:
    """The two phone cells of a person: their WhatsApp number(s), then a number shared on Telegram.

    `stored` is `contacts.phone_e164`: a WhatsApp number kept at consent, or a number the person
    shared on Telegram. It goes in the second column only when it is not a WhatsApp number already
    shown in the first, so nobody reads one number as two.
    """
    numbers = [f"+{wa_id}" for wa_id in (whatsapp_ids or "").split(",") if wa_id.isdigit()]
    numbers.sort()
    shared = stored if stored and stored not in numbers else None
    whatsapp = label("export-list-separator", lang, ", ").join(numbers) if numbers else None
    return [whatsapp, shared]


def _phone_columns(selection: Selection) -> list[Any]:
    # Selected only when asked for: without --with-phone the numbers never leave the database.
    return [_whatsapp_ids_of_contact(), Contact.phone_e164] if selection.with_phone else []


class RegistrationsExporter(Exporter):
    """Registrations: ticket, status, waiting-list place, times, channels, governorate (phones if asked)."""

    identifier = "registrations"
    name_key = "export-name-registrations"
    offers_phone = True
    offers_cancelled = True

    def columns(self, selection: Selection) -> tuple[str, ...]:
        """The column keys of this selection's file."""
        cancelled = ("cancelled-at",) if selection.include_cancelled else ()
        phones = PHONE_COLUMNS if selection.with_phone else ()
        return (*event_column(selection), "ticket", "status", "waitlist-position", "registered-at",
                "confirmed-at", *cancelled, "checked-in-at", "channels", "governorate", *phones)

    async def header(self, session: AsyncSession, selection: Selection) -> list[str]:
        """Column titles of the registrations export (then the registration questions asked, if any)."""
        questions = await asked_questions(session, selection)
        return titles(self.columns(selection), selection.lang) + question_titles(questions, selection.lang)

    def _where(self, selection: Selection) -> ColumnElement[bool]:
        clause = selection.event_filter()
        if not selection.include_cancelled:
            clause = clause & (Registration.status != CANCELLED)
        return clause

    def _query(self, selection: Selection) -> Select[Any]:
        # Waiting-list place computed in SQL, the same order the promotion service uses. The
        # window is partitioned by status, so leaving cancelled rows out does not change it.
        place = func.row_number().over(
            partition_by=(Registration.event_id, Registration.status),
            order_by=(Registration.waitlisted_at, Registration.id),
        )
        return (
            select(
                Event.title, Registration.ticket_code, Registration.status, place, Registration.created_at,
                Registration.confirmed_at, Registration.cancelled_at, Registration.checked_in_at,
                channels_of_contact(), Contact.governorate, *_phone_columns(selection),
            )
            .join(Event, Event.id == Registration.event_id)
            .join(Contact, Contact.id == Registration.contact_id)
            .where(self._where(selection))
            .order_by(Event.starts_at, Event.id, Registration.created_at, Registration.id)
        )

    async def rows(
        self, session: AsyncSession, selection: Selection, tally: Summary | None = None
    ) -> AsyncIterator[list[Cell]]:
        """One row per registration, oldest first within each event."""
        lang, many = selection.lang, selection.spans_events
        with_cancelled, with_phone = selection.include_cancelled, selection.with_phone
        questions = await asked_questions(session, selection)
        query = self._query(selection).add_columns(*answer_columns(questions))
        async for row in stream_rows(session, query):
            (title, ticket, status, place, created, confirmed, cancelled, checked_in,
             channels, governorate) = row[:10]
            cells: list[Cell] = [title] if many else []
            cells += [ticket, label(f"export-status-{status}", lang, status),
                      place if status == WAITLISTED else None, baghdad(created), baghdad(confirmed)]
            if with_cancelled:
                cells.append(baghdad(cancelled))
            cells += [baghdad(checked_in), channels_label(channels, lang),
                      label(f"gov-{governorate}", lang, governorate) if governorate else None]
            if with_phone:
                cells += phone_cells(row[10], row[11], lang)
            if questions:
                cells += answer_cells(questions, row[-len(questions):], lang)
            yield cells

    async def count(self, session: AsyncSession, selection: Selection) -> int:
        """Number of registrations in the selection."""
        query = select(func.count()).select_from(Registration).join(Event, Event.id == Registration.event_id)
        return await session.scalar(query.where(self._where(selection))) or 0


class AttendanceExporter(Exporter):
    """The people checked in at the door, in the order they arrived (phones if asked)."""

    identifier = "attendance"
    name_key = "export-name-attendance"
    offers_phone = True

    def columns(self, selection: Selection) -> tuple[str, ...]:
        """The column keys of this selection's file."""
        phones = PHONE_COLUMNS if selection.with_phone else ()
        return (*event_column(selection), "ticket", "checked-in-at", "registered-at", "channels", "governorate",
                *phones)

    async def header(self, session: AsyncSession, selection: Selection) -> list[str]:
        """Column titles of the attendance export (then the registration questions asked, if any)."""
        questions = await asked_questions(session, selection)
        return titles(self.columns(selection), selection.lang) + question_titles(questions, selection.lang)

    def _where(self, selection: Selection) -> ColumnElement[bool]:
        return selection.event_filter() & Registration.checked_in_at.is_not(None)

    async def rows(
        self, session: AsyncSession, selection: Selection, tally: Summary | None = None
    ) -> AsyncIterator[list[Cell]]:
        """One row per checked-in registration."""
        questions = await asked_questions(session, selection)
        query = (
            select(Event.title, Registration.ticket_code, Registration.checked_in_at, Registration.created_at,
                   channels_of_contact(), Contact.governorate, *_phone_columns(selection),
                   *answer_columns(questions))
            .join(Event, Event.id == Registration.event_id)
            .join(Contact, Contact.id == Registration.contact_id)
            .where(self._where(selection))
            .order_by(Event.starts_at, Event.id, Registration.checked_in_at, Registration.id)
        )
        lang, many, with_phone = selection.lang, selection.spans_events, selection.with_phone
        async for row in stream_rows(session, query):
            title, ticket, checked_in, created, channels, governorate = row[:6]
            cells: list[Cell] = [title] if many else []
            cells += [ticket, baghdad(checked_in), baghdad(created), channels_label(channels, lang),
                      label(f"gov-{governorate}", lang, governorate) if governorate else None]
            if with_phone:
                cells += phone_cells(row[6], row[7], lang)
            if questions:
                cells += answer_cells(questions, row[-len(questions):], lang)
            yield cells

    async def count(self, session: AsyncSession, selection: Selection) -> int:
        """Number of checked-in people in the selection."""
        query = select(func.count()).select_from(Registration).join(Event, Event.id == Registration.event_id)
        return await session.scalar(query.where(self._where(selection))) or 0
