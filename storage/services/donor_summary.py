"""The donor summary of one organisation over a period: people registered, attended and reached
per governorate, split by sex and age group, events by kind, and the average rating.

How the figures are counted (also written in the file's notes row):
- Events: the organisation's published events starting in the period (Baghdad dates, inclusive);
  drafts and cancelled events are left out. The governorate is the event's.
- People are distinct: someone at three workshops in Basra counts once for Basra, and once in
  the total even if they also came to an event in Baghdad.
- Registered: a seat (confirmed registration); attended: checked in at the door; reached:
  registered or on a waiting list.
- Sex and age group are the person's current answers to the optional registration questions;
  no answer and «prefer not to say» are both "not said".
- Average rating: the 1-5 rating of complete post-event survey responses.
- Small groups: a count of people from 1 to 4 is never shown as a number (`suppressed`), so nobody
  can be recognised; the dashboard uses the same function.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from messages import catalog
from messages.formatting import BAGHDAD, to_utc
from messages.normalize import parse_id
from storage.models import Event, Organization, Registration, Survey, SurveyResponse
from storage.models_questions import ContactAnswer
from storage.services.registration import CONFIRMED, WAITLISTED
from storage.services.registration_questions import STANDARD
from storage.vocab import EVENT_KINDS, GOVERNORATES

# Groups smaller than this are shown as "fewer than 5" (catalog key donor-fewer-than-5).
SMALL_GROUP = 5
NOT_SAID = "not_said"
SEX_GROUPS: tuple[str, ...] = (*(STANDARD["sex"] or ()), NOT_SAID)
AGE_GROUPS: tuple[str, ...] = (*(STANDARD["age"] or ()), NOT_SAID)


def is_small_group(count: int) -> bool:
    """Whether a count of people is too small to show (1-4; nobody, 0, can be shown)."""
    return 0 < count < SMALL_GROUP


def suppressed(count: int, lang: str = catalog.DEFAULT_LANGUAGE) -> int | str:
    """A count of people as it may be shown: the number, or "fewer than 5" (in `lang`) for a group of 1-4."""
    return catalog.text("donor-fewer-than-5", lang) if is_small_group(count) else count


@dataclass(slots=True)
class Figures:
    """The figures of one governorate (or of the whole period), as distinct people."""

    events: int = 0
    events_by_kind: dict[str, int] = field(default_factory=dict)
    registered: int = 0
    attended: int = 0
    reached: int = 0
    registered_by_sex: dict[str, int] = field(default_factory=dict)
    attended_by_sex: dict[str, int] = field(default_factory=dict)
    registered_by_age: dict[str, int] = field(default_factory=dict)
    attended_by_age: dict[str, int] = field(default_factory=dict)
    ratings: int = 0
    average_rating: float | None = None


@dataclass(slots=True)
class DonorSummary:
    """The summary of one organisation over [since, until]: one Figures per governorate and a total."""

    organization_id: int
    organization_name: str
    since: date
    until: date
    governorates: list[tuple[str, Figures]]
    total: Figures


async def find_organization(session: AsyncSession, ref: str) -> Organization | None:
    """An organisation by id or by its exact name (spaces normalised)."""
    organization_id = parse_id(ref)
    found = await session.get(Organization, organization_id) if organization_id is not None else None
    if found is None:
        found = await session.scalar(select(Organization).where(Organization.name == " ".join(ref.split())))
    return found


def utc_bounds(since: date, until: date) -> tuple[datetime, datetime]:
    """The Baghdad dates [since, until] as naive UTC [start, end) bounds."""
    start = to_utc(datetime.combine(since, time(), BAGHDAD)).replace(tzinfo=None)
    end = to_utc(datetime.combine(until + timedelta(days=1), time(), BAGHDAD)).replace(tzinfo=None)
    return start, end


class _People:
    """Distinct contacts of one governorate (or the total), by what they did."""

    def __init__(self) -> None:
        self.registered: set[int] = set()
        self.attended: set[int] = set()
        self.reached: set[int] = set()
        self.events: dict[str, int] = defaultdict(int)
        self.ratings: list[int] = []

    def figures(self, answers: dict[int, dict[str, str]]) -> Figures:
        def split(people: set[int], question: str, groups: tuple[str, ...]) -> dict[str, int]:
            counts = dict.fromkeys(groups, 0)
            for contact_id in people:
                answer = answers.get(contact_id, {}).get(question)
                counts[answer if answer in counts else NOT_SAID] += 1
            return counts

        kinds = {kind: self.events[kind] for kind in EVENT_KINDS if self.events.get(kind)}
        return Figures(
            events=sum(self.events.values()), events_by_kind=kinds,
            registered=len(self.registered), attended=len(self.attended), reached=len(self.reached),
            registered_by_sex=split(self.registered, "sex", SEX_GROUPS),
            attended_by_sex=split(self.attended, "sex", SEX_GROUPS),
            registered_by_age=split(self.registered, "age", AGE_GROUPS),
            attended_by_age=split(self.attended, "age", AGE_GROUPS),
            ratings=len(self.ratings),
            average_rating=sum(self.ratings) / len(self.ratings) if self.ratings else None,
        )


async def donor_summary(session: AsyncSession, organization: Organization, since: date,
                        until: date) -> DonorSummary:
    """Count the organisation's period: per governorate (in the usual order) and in total."""
    start, end = utc_bounds(since, until)
    in_period = ((Event.organization_id == organization.id) & (Event.status == "published")
                 & (Event.starts_at >= start) & (Event.starts_at < end))
    places: dict[str, _People] = defaultdict(_People)
    total = _People()
    for governorate, kind in (await session.execute(select(Event.governorate, Event.kind).where(in_period))).all():
        places[governorate].events[kind] += 1
        total.events[kind] += 1
    rows = await session.execute(
        select(Event.governorate, Registration.contact_id, Registration.status, Registration.checked_in_at)
        .join(Event, Event.id == Registration.event_id).where(in_period)
    )
    for governorate, contact_id, status, checked_in in rows.all():
        for people in (places[governorate], total):
            if status in (CONFIRMED, WAITLISTED):
                people.reached.add(contact_id)
            if status == CONFIRMED:
                people.registered.add(contact_id)
            if checked_in is not None:
                # Attendance is by check-in: a person let in at the door counts, whatever happened after.
                people.attended.add(contact_id)
                people.reached.add(contact_id)
    contacts = select(Registration.contact_id).join(Event, Event.id == Registration.event_id).where(in_period)
    answers: dict[int, dict[str, str]] = defaultdict(dict)
    found = await session.execute(
        select(ContactAnswer.contact_id, ContactAnswer.question, ContactAnswer.answer)
        .where(ContactAnswer.question.in_(("sex", "age")), ContactAnswer.contact_id.in_(contacts))
    )
    for contact_id, question, answer in found.all():
        answers[contact_id][question] = answer
    responses = await session.execute(
        select(Event.governorate, SurveyResponse.answers)
        .join(Survey, Survey.id == SurveyResponse.survey_id).join(Event, Event.id == Survey.event_id)
        .where(in_period, SurveyResponse.completed_at.is_not(None))
    )
    for governorate, given in responses.all():
        rating = (given or {}).get("rating")
        if isinstance(rating, int) and not isinstance(rating, bool) and 1 <= rating <= 5:
            places[governorate].ratings.append(rating)
            total.ratings.append(rating)
    order = {code: index for index, code in enumerate(GOVERNORATES)}
    governorates = [(code, places[code].figures(answers))
                    for code in sorted(places, key=lambda c: (order.get(c, len(order)), c))]
    return DonorSummary(organization.id, organization.name, since, until, governorates, total.figures(answers))
