"""Elections information: topics from content/elections.yaml, each with its source and date."""

from __future__ import annotations

from datetime import datetime

from handlers.context import Ctx
from handlers.options import Decoded
from handlers.router import action, keywords
from handlers.types import Outbound
from messages.formatting import to_arabic_digits
from messages.textsplit import shorten_label
from storage.content import TopicText

_ID_OK = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")


@action("et")
async def topics(ctx: Ctx, _: Decoded | None = None) -> list[Outbound]:
    """The list of elections topics."""
    content = ctx.core.elections
    text = ctx.t("elections-header")
    if content.sample:
        text += "\n\n" + ctx.t("sample-marker")
    options = [
        ctx.option(shorten_label(_title(ctx, topic.in_language(ctx.lang)), 60), "eT", topic.id)
        for topic in content.topics
        if set(topic.id) <= _ID_OK and len(topic.id) <= 24
    ]
    options.append(ctx.opt("back-to-menu", "mm"))
    return [Outbound(text, options, replace=True)]


@action("eT")
async def topic(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """One topic: its text, its source and 'last updated'."""
    content = ctx.core.elections
    found = content.topic(decoded.args[0]) if decoded.args else None
    if found is None:
        return [ctx.reply("option-stale"), *await topics(ctx)]
    updated = datetime(found.updated.year, found.updated.month, found.updated.day, 12)
    shown = found.in_language(ctx.lang)
    text = ctx.t("elections-topic", title=_title(ctx, shown), body=shown.body, source=shown.source,
                 updated=_date_only(ctx, updated))
    if content.sample:
        text += "\n\n" + ctx.t("sample-marker")
    return [Outbound(text, [ctx.opt("elections-back", "et"), ctx.opt("back-to-menu", "mm")], replace=True)]


def _title(ctx: Ctx, shown: TopicText) -> str:
    """The topic's title, with «(in Arabic)» in the person's language when no translation exists."""
    return shown.title if shown.translated else ctx.t("content-title-in-arabic", title=shown.title)


def _date_only(ctx: Ctx, moment: datetime) -> str:
    from messages.formatting import format_date

    return format_date(moment, ctx.locale) if moment else to_arabic_digits("")


@keywords("kw-elections")
async def elections_word(ctx: Ctx) -> list[Outbound]:
    """Typed 'elections'."""
    return await topics(ctx)
