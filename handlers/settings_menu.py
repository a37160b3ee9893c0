"""Settings: governorate, interests, language, the organisations I follow, and 'delete my data'."""

from __future__ import annotations

from handlers.context import Ctx
from handlers.governorate_words import ask_governorate
from handlers.menu import main_menu
from handlers.options import Decoded
from handlers.router import action, keywords
from handlers.types import Option, Outbound
from messages import catalog
from messages.textsplit import shorten_label
from storage.models import Organization
from storage.services import audiences
from storage.services.contacts import delete_contact
from storage.services.staff import get_organization
from storage.vocab import INTERESTS

# Entries feature modules add to the settings menu: fn(ctx) -> list[Option].
SETTINGS_EXTRAS: list = []
# Organisations shown per page of «the organisations I follow».
ORGANIZATIONS_PAGE = 8
NAME_IN_LABEL = 50


@action("st")
async def settings(ctx: Ctx, _: Decoded | None = None) -> list[Outbound]:
    """The settings menu with the current governorate and interests."""
    interests = ctx.t("list-separator").join(ctx.t(f"interest-{code}") for code in ctx.contact.interests or [])
    interests = interests or ctx.t("none")
    options = [
        ctx.opt("settings-governorate", "sg"),
        ctx.opt("settings-interests", "si"),
        ctx.opt("settings-language", "sl"),
        ctx.opt("settings-organizations", "fwL", 0),
    ]
    for extra in SETTINGS_EXTRAS:
        options.extend(extra(ctx))
    options += [ctx.opt("settings-delete", "dd"), ctx.opt("back-to-menu", "mm")]
    governorate = ctx.t(f"gov-{ctx.contact.governorate}") if ctx.contact.governorate else ctx.t("none")
    return [ctx.reply("settings", options, replace=True, governorate=governorate, interests=interests)]


@keywords("kw-settings")
async def settings_word(ctx: Ctx) -> list[Outbound]:
    """Typed 'settings'."""
    return await settings(ctx)


@action("sg")
async def change_governorate(ctx: Ctx, _: Decoded) -> list[Outbound]:
    """Offer the governorates again (a typed name is understood too)."""
    return ask_governorate(ctx)


@action("si")
async def interests(ctx: Ctx, _: Decoded | None = None) -> list[Outbound]:
    """Interests as toggles: a tick marks the ones chosen."""
    chosen = set(ctx.contact.interests or [])
    options = [
        ctx.opt("interest-on" if code in chosen else "interest-off", "it", code, name=ctx.t(f"interest-short-{code}"))
        for code in INTERESTS
    ]
    options += [ctx.opt("interests-done", "st")]
    return [ctx.reply("choose-interests", options, replace=True)]


@action("it")
async def toggle_interest(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Add or remove one interest."""
    code = decoded.args[0] if decoded.args else ""
    if code not in INTERESTS:
        return [ctx.reply("option-stale"), main_menu(ctx)]
    current = list(ctx.contact.interests or [])
    current = [c for c in current if c != code] if code in current else [*current, code]
    # A new list object, so the JSON column is seen as changed.
    ctx.contact.interests = [c for c in INTERESTS if c in current]
    return await interests(ctx)


# --- the organisations I follow ----------------------------------------------------------------


async def _organizations_page(ctx: Ctx, page: int) -> Outbound:
    """One page of the organisations that publish events, each a follow / unfollow toggle."""
    organizations = await audiences.publishing_organizations(ctx.session)
    following = await audiences.followed_ids(ctx.session, ctx.contact.id)
    stopped = await audiences.stopped_ids(ctx.session, ctx.contact.id)
    pages = max(1, -(-len(organizations) // ORGANIZATIONS_PAGE))
    page = min(max(page, 0), pages - 1)
    shown = organizations[page * ORGANIZATIONS_PAGE:(page + 1) * ORGANIZATIONS_PAGE]
    options: list[Option] = []
    for organization in shown:
        key = ("follow-on" if organization.id in following
               else "follow-stopped" if organization.id in stopped else "follow-off")
        options.append(ctx.opt(key, "fwT", organization.id, page, name=shorten_label(organization.name, NAME_IN_LABEL)))
    if page + 1 < pages:
        options.append(ctx.opt("follow-next", "fwL", page + 1))
    if page > 0:
        options.append(ctx.opt("follow-prev", "fwL", page - 1))
    options += [ctx.opt("follow-back-to-settings", "st"), ctx.opt("back-to-menu", "mm")]
    if not organizations:
        return ctx.reply("follow-list-empty", options, replace=True)
    return ctx.reply("follow-list", options, replace=True, page=page + 1, pages=pages)


@action("fwL")
async def organizations(ctx: Ctx, decoded: Decoded | None = None) -> list[Outbound]:
    """«The organisations I follow»: follow or unfollow each organisation that has published events."""
    page = decoded.int_arg(0) if decoded is not None else 0
    return [await _organizations_page(ctx, page or 0)]


async def toggle_follow(ctx: Ctx, organization: Organization) -> Outbound:
    """Follow the organisation, or stop following it; the reply says what changed and what it means."""
    name = organization.name
    if await audiences.is_following(ctx.session, ctx.contact.id, organization.id):
        await audiences.unfollow(ctx.session, ctx.contact.id, organization.id)
        if await audiences.in_audience(ctx.session, organization.id, ctx.contact.id):
            # Still reachable through a registration: say so, and offer the way to stop it.
            stop = ctx.opt("optout-this-organization", "oX", organization.id,
                           organization=shorten_label(name, NAME_IN_LABEL))
            return ctx.reply("follow-ended-still-registered", [stop], organization=name)
        return ctx.reply("follow-ended", organization=name)
    await audiences.follow(ctx.session, ctx.contact.id, organization.id)
    key = "follow-started-while-stopped" if ctx.contact.opted_out else "follow-started"
    return ctx.reply(key, organization=name)


async def followable(ctx: Ctx, organization_id: int | None) -> Organization | None:
    """An organisation this person may follow or unfollow: one that publishes, or one already followed."""
    organization = await get_organization(ctx.session, organization_id)
    if organization is None:
        return None
    if await audiences.publishes(ctx.session, organization.id) or await audiences.is_following(
            ctx.session, ctx.contact.id, organization.id):
        return organization
    return None


@action("fwT")
async def toggle_from_settings(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """A tap on one organisation of the list: follow it or stop following it, then the list again."""
    organization = await followable(ctx, decoded.int_arg(0))
    if organization is None:
        return [ctx.reply("option-stale"), await _organizations_page(ctx, 0)]
    return [await toggle_follow(ctx, organization), await _organizations_page(ctx, decoded.int_arg(1) or 0)]


@action("sl")
async def language(ctx: Ctx, _: Decoded) -> list[Outbound]:
    """Offer the languages that have a catalog, each named in its own language."""
    options = [ctx.option(catalog.language_name(code), "lg", code) for code in catalog.available_languages()]
    return [ctx.reply("choose-language", [*options, ctx.opt("back-to-menu", "mm")], replace=True)]


@action("lg")
async def set_language(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Store the chosen language."""
    code = decoded.args[0] if decoded.args else ""
    if code not in catalog.available_languages():
        return [ctx.reply("option-stale"), main_menu(ctx)]
    ctx.contact.language = code  # from here on ctx.t speaks it: the confirmation is in the new language
    return [ctx.reply("language-saved"), main_menu(ctx)]


@action("dd")
async def delete_ask(ctx: Ctx, _: Decoded) -> list[Outbound]:
    """Ask for confirmation before deleting the person's data."""
    return [ctx.reply("delete-confirm", [ctx.opt("delete-yes", "dD"), ctx.opt("delete-no", "st")], replace=True)]


@keywords("kw-delete")
async def delete_word(ctx: Ctx) -> list[Outbound]:
    """Typed 'delete my data'."""
    return await delete_ask(ctx, Decoded("dd", ()))


@action("dD")
async def delete_confirmed(ctx: Ctx, _: Decoded) -> list[Outbound]:
    """Delete the contact, identities and registrations (seats freed, waiting list promoted)."""
    lang = ctx.lang
    cancelled = await delete_contact(ctx.session, ctx.contact)
    return [Outbound(catalog.text("deleted", lang, count=cancelled))]
