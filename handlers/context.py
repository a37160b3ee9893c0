"""What a handler gets for one inbound message: the session, the person, the catalog, the codec."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from handlers.options import OptionCodec
from handlers.types import Inbound, Option, Outbound
from messages import catalog
from messages.formatting import locale_of
from storage.db import AsyncSession
from storage.models import Contact, Identity
from storage.services.menu_facts import MenuFacts, menu_facts

if TYPE_CHECKING:
    from handlers.core import BotCore


@dataclass(slots=True)
class Ctx:
    """Per-message context injected into every handler."""

    core: BotCore
    session: AsyncSession
    contact: Contact
    identity: Identity
    inbound: Inbound
    # False when the person's contact holds no staff role at all (read with their identity).
    holds_roles: bool = True
    # Set when the person is staff: organization id -> roles (filled by a context hook).
    staff_roles: dict[int, set[str]] = field(default_factory=dict)
    # Prefetched by context hooks for menus (e.g. "pending_surveys").
    extras: dict[str, Any] = field(default_factory=dict)
    # The language of this conversation when it is not the stored one: before consent nothing
    # is stored, so the welcome's language buttons say it for the message they answer.
    language: str | None = None

    @property
    def codec(self) -> OptionCodec:
        """The option-id codec of this deployment."""
        return self.core.codec

    @property
    def lang(self) -> str:
        """The person's language (catalog folder): the stored one, or before consent the one proposed."""
        if self.language:
            return self.language
        if self.contact.consent_at is None:
            # Nothing is stored before consent: the platform's language code proposes one.
            return catalog.language_for_hint(self.inbound.language_hint)
        return self.contact.language or catalog.DEFAULT_LANGUAGE

    @property
    def locale(self) -> str:
        """The Babel locale of the person's language, for dates, times and numbers (ar → ar_IQ)."""
        return locale_of(self.lang)

    async def menu_facts(self) -> MenuFacts:
        """The person's ticket and survey facts for a main menu, read once per message (menu hooks)."""
        facts = self.extras.get("menu_facts")
        if facts is None:
            facts = self.extras["menu_facts"] = await menu_facts(self.session, self.contact.id)
        return facts

    def t(self, key: str, **args: Any) -> str:
        """Render a catalog entry in the person's language."""
        return catalog.text(key, self.lang, **args)

    def words(self, key: str) -> tuple[str, ...]:
        """The typed words of catalog entry `key` (kw-…) in the person's language, then in Arabic."""
        return catalog.words(key, self.lang)

    def option(self, label: str, action: str, *args: str | int, description: str | None = None) -> Option:
        """An option with a literal label (event titles) that comes back as `action(args)`."""
        return Option(self.codec.encode(self.contact.id, action, *args), label, description)

    def opt(self, key: str, action: str, *args: str | int, **fmt: Any) -> Option:
        """An option labelled from the catalog entry `key`."""
        return self.option(self.t(key, **fmt), action, *args)

    def reply(self, key: str, options: list[Option] | None = None, *, replace: bool = False, **args: Any) -> Outbound:
        """One reply rendered from the catalog."""
        return Outbound(self.t(key, **args), options or [], replace=replace)

    def set_state(self, **state: Any) -> None:
        """Remember what the bot waits for from this person (kept in the database)."""
        self.contact.state = {k: v for k, v in state.items() if v is not None}

    def clear_state(self) -> None:
        """Forget any pending question."""
        if self.contact.state:
            self.contact.state = {}
