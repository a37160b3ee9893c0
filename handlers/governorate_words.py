"""A governorate typed instead of pressed, at onboarding and in settings.

Mosul chooses Nineveh, "Basra" without its article Basra (messages/normalize_places.py). A word that names no
governorate gets a short hint and the list again, never a silent repeat. In settings the
question is a pending state (`await: governorate`), so that a typed name reaches it; menu words
still lead out of it.
"""

from __future__ import annotations

from handlers.context import Ctx
from handlers.menu import choose_governorate, governorate_picker
from handlers.options import Decoded
from handlers.router import KEYWORDS, awaiting
from handlers.types import InboundKind, Outbound
from messages.normalize import keyword_match, normalize_arabic
from messages.normalize_places import match_governorate

AWAIT_GOVERNORATE = "governorate"


def ask_governorate(ctx: Ctx) -> list[Outbound]:
    """The settings question «which governorate?», waiting for a press or a typed name."""
    ctx.set_state(**{"await": AWAIT_GOVERNORATE})
    return [governorate_picker(ctx, onboarding=False)]


async def onboarding_answer(ctx: Ctx) -> list[Outbound]:
    """Anything but a governorate option while onboarding waits for the governorate."""
    inbound = ctx.inbound
    if inbound.kind != InboundKind.TEXT:
        return [governorate_picker(ctx, onboarding=True)]
    code = match_governorate(inbound.text)
    if code is not None:
        # The state keeps what the person came with (a deep link, an invite): choose_governorate opens it.
        return await choose_governorate(ctx, Decoded("gv", (code,)))
    return _not_recognised(ctx, inbound.text, onboarding=True)


@awaiting(AWAIT_GOVERNORATE)
async def settings_answer(ctx: Ctx, text: str) -> list[Outbound]:
    """A typed answer to the settings governorate question."""
    code = match_governorate(text)
    if code is not None:
        ctx.clear_state()
        return await choose_governorate(ctx, Decoded("gv", (code,)))
    for catalog_key, handler in KEYWORDS:
        # "Events" or "Settings" typed here means that, not a governorate.
        if keyword_match(text, ctx.words(catalog_key)):
            ctx.clear_state()
            return await handler(ctx)
    return _not_recognised(ctx, text, onboarding=False)


def _not_recognised(ctx: Ctx, text: str, *, onboarding: bool) -> list[Outbound]:
    picker = governorate_picker(ctx, onboarding=onboarding)
    if not normalize_arabic(text):
        return [picker]  # a sticker or blank: the list is the answer
    return [ctx.reply("governorate-not-recognised"), picker]
