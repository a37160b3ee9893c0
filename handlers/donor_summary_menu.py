"""The donor summary in the bot: coordinators and admins pick the organisation, a period and a format.

Reached from the downloads menu (handlers/exports_menu.py). Who: the "export" permission, for
their own organisations only, checked again at every step. Actions:
  xS[.<org>[.<period>[.<fmt>]]]   organisation → period (3m, 6m, 12m, y) → format → the file
"""

from __future__ import annotations

from datetime import date, timedelta

from handlers.context import Ctx
from handlers.menu import main_menu
from handlers.options import Decoded
from handlers.permissions import organizations_with, staff_audit
from handlers.router import action
from handlers.types import Document, Outbound
from messages.formatting import baghdad_now, localise_digits
from messages.textsplit import shorten_label
from storage.clock import utcnow
from storage.exports.donor import render_donor_summary
from storage.exports.writers import FORMATS
from storage.services.donor_summary import donor_summary
from storage.services.staff import get_organization, organization_names

PERIODS = ("3m", "6m", "12m", "y")
FORMAT_LABELS = {"csv": "export-format-csv", "xlsx": "export-format-xlsx"}
NAME_LIMIT = 40


def _months_back(day: date, months: int) -> date:
    """The same day `months` months earlier (the month's last day when it is shorter)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, candidate)
        except ValueError:
            continue
    raise ValueError(day)


def period_bounds(period: str, today: date) -> tuple[date, date]:
    """The Baghdad dates [since, until] of a period code, ending today."""
    if period == "y":
        return date(today.year, 1, 1), today
    months = int(period.removesuffix("m"))
    return _months_back(today, months) + timedelta(days=1), today


def _refused(ctx: Ctx) -> list[Outbound]:
    return [ctx.reply("option-stale"), main_menu(ctx)]


@action("xS")
async def donor_menu(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """One step of choosing the donor summary, or the file itself once everything is chosen."""
    allowed = organizations_with(ctx, "export")
    if not allowed:
        return _refused(ctx)
    args = decoded.args
    back = [ctx.opt("export-back-events", "xe", 0), ctx.opt("back-to-menu", "mm")]
    if not args:
        if len(allowed) > 1:
            names = await organization_names(ctx.session, allowed)
            options = [ctx.option(shorten_label(names.get(org, str(org)), NAME_LIMIT), "xS", org) for org in allowed]
            return [ctx.reply("donor-choose-organization", [*options, *back], replace=True)]
        args = (str(allowed[0]),)
    organization_id = decoded.int_arg(0) if decoded.args else allowed[0]
    if organization_id not in allowed:
        return _refused(ctx)
    organization = await get_organization(ctx.session, organization_id)
    if organization is None:
        return _refused(ctx)
    if len(args) == 1:
        options = [ctx.opt(f"donor-period-{p}", "xS", organization_id, p) for p in PERIODS]
        return [ctx.reply("donor-choose-period", [*options, *back], replace=True, organization=organization.name)]
    period = args[1]
    if period not in PERIODS:
        return _refused(ctx)
    since, until = period_bounds(period, baghdad_now(utcnow).date())
    shown = {"from": localise_digits(since.isoformat(), ctx.locale),
             "to": localise_digits(until.isoformat(), ctx.locale)}
    if len(args) == 2:
        options = [ctx.opt(FORMAT_LABELS[fmt], "xS", organization_id, period, fmt) for fmt in FORMATS]
        return [ctx.reply("donor-choose-format", [*options, *back], replace=True, **shown)]
    fmt = args[2]
    if fmt not in FORMATS:
        return _refused(ctx)
    summary = await donor_summary(ctx.session, organization, since, until)
    result = await render_donor_summary(ctx.session, summary, fmt, lang=ctx.lang, **staff_audit(ctx))
    caption = ctx.t("donor-caption", organization=organization.name, **shown)
    document = Document(result.filename, result.data, result.mimetype)
    return [Outbound(caption, document=document), ctx.reply("export-more", back)]
