"""Donor figures on the page: the programme's donor summary tables and the event's registration-question breakdown.

Every count of people goes through donor_summary.suppressed (Speaker.people), exactly as in the
donor summary file: a group of 1-4 people is shown as "fewer than 5", never as its number, and is
left out of the charts (a bar's length would tell it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from markupsafe import Markup
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Organization
from storage.services.dashboard_questions import registered_by_answer
from storage.services.donor_summary import (
    AGE_GROUPS,
    NOT_SAID,
    SEX_GROUPS,
    DonorSummary,
    Figures,
    donor_summary,
    hidden_groups,
)
from web import charts
from web.render import Speaker


@dataclass(frozen=True, slots=True)
class GroupTable:
    """One table of the page: caption, column titles and rows of (row title, shown cells)."""

    table_id: str
    caption: str
    columns: list[str]
    rows: list[tuple[str, list[str]]]


@dataclass(frozen=True, slots=True)
class Breakdown:
    """One registration question of an event: its chart (groups of 5 or more) and (group, shown count) rows."""

    key: str
    caption: str
    svg: Markup | None
    rows: list[tuple[str, str]]


def group_label(say: Speaker, question: str, group: str) -> str:
    """An answer code of a standard question in words ("not said" for no answer or «prefer not to say»)."""
    return say.t("donor-not-said") if group == NOT_SAID else say.t(f"rq-a-{question}-{group}")


async def summaries(session: AsyncSession, organization_ids: list[int], since: date,
                    until: date) -> list[DonorSummary]:
    """The donor summary of each of the viewer's organisations over [since, until]."""
    found = []
    for organization_id in organization_ids:
        organization = await session.get(Organization, organization_id)
        if organization is not None:
            found.append(await donor_summary(session, organization, since, until))
    return found


def _split_table(say: Speaker, summary: DonorSummary, question: str, groups: tuple[str, ...]) -> GroupTable:
    registered, attended = say.t("dash-registered"), say.t("dash-attended")
    columns = [say.t("dash-col-governorate"), registered, attended]
    for group in groups:
        name = group_label(say, question, group)
        columns += [say.t("donor-col-split", measure=registered, group=name),
                    say.t("donor-col-split", measure=attended, group=name)]

    def cells(figures: Figures) -> list[str]:
        by_registered = figures.registered_by_sex if question == "sex" else figures.registered_by_age
        by_attended = figures.attended_by_sex if question == "sex" else figures.attended_by_age
        shown = [say.people(figures.registered), say.people(figures.attended)]
        hidden = [hidden_groups({g: split.get(g, 0) for g in groups}) for split in (by_registered, by_attended)]
        for group in groups:
            shown += [str(say.split_people(by_registered.get(group, 0), group in hidden[0])),
                      str(say.split_people(by_attended.get(group, 0), group in hidden[1]))]
        return shown

    rows = [(say.governorate(code), cells(figures)) for code, figures in summary.governorates]
    rows.append((say.t("donor-total"), cells(summary.total)))
    return GroupTable(f"donor-{summary.organization_id}-by-{question}",
                      say.t(f"dash-donor-by-{question}", organization=summary.organization_name),
                      columns, rows)


def donor_tables(say: Speaker, summary: DonorSummary) -> list[GroupTable]:
    """The page's two tables of one summary: per governorate by sex, and by age group."""
    return [_split_table(say, summary, "sex", SEX_GROUPS), _split_table(say, summary, "age", AGE_GROUPS)]


async def event_breakdowns(session: AsyncSession, say: Speaker, organization_ids: list[int],
                           event_id: int) -> list[Breakdown]:
    """The registered people of an event by each standard question it asked, ready for the page."""
    found = []
    for breakdown in await registered_by_answer(session, organization_ids, event_id):
        labelled = [(group_label(say, breakdown.key, group), count) for group, count in breakdown.groups]
        caption = say.t(f"dash-registered-by-{breakdown.key}")
        # Small groups (and the complement that would give one away) are not drawn; the table says so.
        hidden = hidden_groups({name: count for name, count in labelled})
        drawn = [(name, count) for name, count in labelled if name not in hidden]
        svg = charts.bar_chart(drawn, chart_id=f"registered-by-{breakdown.key}-chart", title=caption,
                               rtl=say.direction == "rtl", fmt=charts.number_formatter(say.lang)) if drawn else None
        found.append(Breakdown(breakdown.key, caption, svg,
                               [(name, say.split_people(count, name in hidden)) for name, count in labelled]))
    return found
