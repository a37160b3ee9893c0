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
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, case, distinct, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

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


def hidden_groups(counts: Mapping[str, int]) -> set[str]:
    """The groups of one split (sex, age…) that may not be shown: every group of 1-4 people and,
    when that is a single group, the next smallest non-empty one too — else the total minus the
    groups shown would give the small one away."""
    hidden = {group for group, count in counts.items() if is_small_group(count)}
    if len(hidden) == 1:
        others = sorted((count, group) for group, count in counts.items() if count and group not in hidden)
        if others:
            hidden.add(others[0][1])
    return hidden


def shown_count(count: int, hidden: bool, lang: str = catalog.DEFAULT_LANGUAGE) -> int | str:
    """A count of a split as it may be shown: "fewer than 5" for a small group, "hidden" for its complement."""
    if hidden and not is_small_group(count):
        return catalog.text("donor-hidden", lang)
    return suppressed(count, lang)


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
    """One governorate (or the total): events by kind, ratings, and people counted by (sex, age) group."""

    def __init__(self) -> None:
        self.events: dict[str, int] = defaultdict(int)
        self.ratings: list[int] = []
        self.counts = Figures(registered_by_sex=dict.fromkeys(SEX_GROUPS, 0),
                              attended_by_sex=dict.fromkeys(SEX_GROUPS, 0),
                              registered_by_age=dict.fromkeys(AGE_GROUPS, 0),
                              attended_by_age=dict.fromkeys(AGE_GROUPS, 0))

    def add(self, sex: str | None, age: str | None, registered: int, attended: int, reached: int) -> None:
        """Add the distinct people of one (sex answer, age answer) group; the groups do not overlap."""
        sex = sex if sex in self.counts.registered_by_sex else NOT_SAID
        age = age if age in self.counts.registered_by_age else NOT_SAID
        figures = self.counts
        figures.registered += registered
        figures.attended += attended
        figures.reached += reached
        figures.registered_by_sex[sex] += registered
        figures.attended_by_sex[sex] += attended
        figures.registered_by_age[age] += registered
        figures.attended_by_age[age] += attended

    def figures(self) -> Figures:
        """The finished figures (events, kinds and the average rating added to the people counts)."""
        figures = self.counts
        figures.events_by_kind = {kind: self.events[kind] for kind in EVENT_KINDS if self.events.get(kind)}
        figures.events = sum(self.events.values())
        figures.ratings = len(self.ratings)
        figures.average_rating = sum(self.ratings) / len(self.ratings) if self.ratings else None
        return figures


def _people_counts(in_period: ColumnElement[bool], by_governorate: bool) -> Select[Any]:
    """Distinct registered, attended and reached people per (governorate,) sex answer and age answer.

    Each person has at most one answer per question, so the (sex, age) groups do not overlap and
    their distinct counts add up to the governorate's (or the total's) distinct people.
    """
    sex, age = aliased(ContactAnswer), aliased(ContactAnswer)
    contact = Registration.contact_id
    checked_in = Registration.checked_in_at.is_not(None)
    # Attendance is by check-in: a person let in at the door counts, whatever happened after.
    measures = (func.count(distinct(case((Registration.status == CONFIRMED, contact)))),
                func.count(distinct(case((checked_in, contact)))),
                func.count(distinct(case((or_(Registration.status.in_((CONFIRMED, WAITLISTED)), checked_in),
                                          contact)))))
    keys = (Event.governorate, sex.answer, age.answer) if by_governorate else (sex.answer, age.answer)
    return (select(*keys, *measures).join(Event, Event.id == Registration.event_id)
            .outerjoin(sex, (sex.contact_id == contact) & (sex.question == "sex"))
            .outerjoin(age, (age.contact_id == contact) & (age.question == "age"))
            .where(in_period).group_by(*keys))


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
    for governorate, sex, age, registered, attended, reached in await session.execute(
            _people_counts(in_period, by_governorate=True)):
        places[governorate].add(sex, age, int(registered), int(attended), int(reached))
    # The total is counted on its own: someone at events in two governorates is one person.
    for sex, age, registered, attended, reached in await session.execute(_people_counts(in_period, False)):
        total.add(sex, age, int(registered), int(attended), int(reached))
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
    governorates = [(code, places[code].figures())
                    for code in sorted(places, key=lambda c: (order.get(c, len(order)), c))]
    return DonorSummary(organization.id, organization.name, since, until, governorates, total.figures())
