"""Who may do staff things. Every staff action asks here, on the server side."""

from __future__ import annotations

from handlers.context import Ctx


def is_configured_staff(ctx: Ctx) -> bool:
    """True for people listed in MUSHARAKA_STAFF as channel:external_id (bootstrap staff)."""
    return f"{ctx.inbound.channel}:{ctx.inbound.external_id}" in ctx.core.config.staff_ids
