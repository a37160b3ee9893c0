"""Configuration from environment variables (and an optional .env file), via pydantic-settings."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from handlers.core import CoreConfig
from messages.normalize import to_ascii_digits
from storage.content import CONTENT_DIR
from storage.db import Database
from storage.services.staff_bootstrap import log_bootstrap_staff_warnings, split_entries

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///musharaka.db"
GRAPH_API_BASE_URL = "https://graph.facebook.com/v21.0"


def _dial_digits(number: str | None) -> str | None:
    """A display number as wa.me wants it: digits only («+964 770 123 4567» → 9647701234567)."""
    digits = "".join(ch for ch in to_ascii_digits(number or "") if ch.isascii() and ch.isdigit())
    return digits or None


# Telegram's ceiling for a bot with paid broadcasts enabled (messages per second).
PAID_BROADCAST_RATE = 1000.0


class Settings(BaseSettings):
    """Every environment variable the bot reads; the README lists them all."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = Field(DEFAULT_DATABASE_URL, alias="DATABASE_URL")
    log_level: str = Field("INFO", alias="LOG_LEVEL")
    # "text" (default) or "json": one JSON object per line, for a log collector (bot.logging_setup).
    log_format: str = Field("text", alias="LOG_FORMAT")
    # Bearer token that opens /metrics to other machines (loopback callers need none).
    metrics_token: str | None = Field(None, alias="METRICS_TOKEN")
    # A port of its own for /metrics (each `musharaka worker` needs a different one; `run` also serves
    # it on WEBHOOK_PORT when that server runs).
    metrics_host: str = Field("127.0.0.1", alias="METRICS_HOST")
    metrics_port: int | None = Field(None, alias="METRICS_PORT")
    secret_key: str | None = Field(None, alias="MUSHARAKA_SECRET_KEY")
    # Bootstrap admins, "telegram:42@ORG" (storage/services/staff_bootstrap.py): only for an organisation without one.
    staff_ids: str = Field("", alias="MUSHARAKA_STAFF")
    content_dir: Path = Field(CONTENT_DIR, alias="MUSHARAKA_CONTENT_DIR")
    flood_limit: int = Field(30, alias="FLOOD_LIMIT")
    flood_window: float = Field(10.0, alias="FLOOD_WINDOW_SECONDS")
    # Handled inbox rows and the idempotency keys are deleted after this many days (failed rows stay).
    inbox_retention_days: int = Field(7, alias="INBOX_RETENTION_DAYS", ge=1)
    # People who never consented are deleted this many days after their last message (least data).
    unconsented_retention_days: int = Field(7, alias="UNCONSENTED_RETENTION_DAYS", ge=1)

    telegram_bot_token: str | None = Field(None, alias="TELEGRAM_BOT_TOKEN")
    telegram_webhook_url: str | None = Field(None, alias="TELEGRAM_WEBHOOK_URL")
    telegram_webhook_secret: str | None = Field(None, alias="TELEGRAM_WEBHOOK_SECRET")
    telegram_api_base_url: str = Field("https://api.telegram.org", alias="TELEGRAM_API_BASE_URL")
    telegram_rate_per_second: float = Field(25.0, alias="TELEGRAM_RATE_PER_SECOND")
    telegram_rate_per_chat: float = Field(1.0, alias="TELEGRAM_RATE_PER_CHAT")
    # Telegram paid broadcasts: outbox sends carry allow_paid_broadcast (Stars are charged beyond the
    # free 30/s) and the outbox rate defaults to 1,000/s instead of 25/s.
    telegram_paid_broadcast: bool = Field(False, alias="TELEGRAM_PAID_BROADCAST")

    # The public base URL of the coordinators' web page (https://bot.example.org): sign-in links start with it.
    dashboard_url: str | None = Field(None, alias="DASHBOARD_URL")

    webhook_host: str = Field("0.0.0.0", alias="WEBHOOK_HOST")
    webhook_port: int = Field(8080, alias="WEBHOOK_PORT")
    # How often `musharaka run` tries a Bot API it cannot reach at start; the pause doubles each time.
    startup_attempts: int = Field(3, alias="STARTUP_ATTEMPTS")
    startup_retry_seconds: float = Field(2.0, alias="STARTUP_RETRY_SECONDS")

    whatsapp_access_token: str | None = Field(None, alias="WHATSAPP_ACCESS_TOKEN")
    whatsapp_phone_number_id: str | None = Field(None, alias="WHATSAPP_PHONE_NUMBER_ID")
    whatsapp_app_secret: str | None = Field(None, alias="WHATSAPP_APP_SECRET")
    whatsapp_verify_token: str | None = Field(None, alias="WHATSAPP_VERIFY_TOKEN")
    whatsapp_api_base_url: str = Field(GRAPH_API_BASE_URL, alias="WHATSAPP_API_BASE_URL")
    # The bot's WhatsApp number as people dial it (9647701234567): QR tickets open a chat with it.
    whatsapp_display_number: str | None = Field(None, alias="WHATSAPP_DISPLAY_NUMBER")
    whatsapp_rate_per_second: float = Field(70.0, alias="WHATSAPP_RATE_PER_SECOND")
    whatsapp_template_reminder: str | None = Field(None, alias="WHATSAPP_TEMPLATE_REMINDER")
    whatsapp_template_survey: str | None = Field(None, alias="WHATSAPP_TEMPLATE_SURVEY")
    whatsapp_template_announcement: str | None = Field(None, alias="WHATSAPP_TEMPLATE_ANNOUNCEMENT")
    whatsapp_template_language: str = Field("ar", alias="WHATSAPP_TEMPLATE_LANGUAGE")
    # The WhatsApp Business Account the templates belong to: `musharaka doctor` checks they are approved.
    whatsapp_business_account_id: str | None = Field(None, alias="WHATSAPP_BUSINESS_ACCOUNT_ID")
    # Templates approved in English, for people who chose English (each falls back to the plain one
    # above).
    whatsapp_template_reminder_en: str | None = Field(None, alias="WHATSAPP_TEMPLATE_REMINDER_EN")
    whatsapp_template_survey_en: str | None = Field(None, alias="WHATSAPP_TEMPLATE_SURVEY_EN")
    whatsapp_template_announcement_en: str | None = Field(None, alias="WHATSAPP_TEMPLATE_ANNOUNCEMENT_EN")
    whatsapp_template_language_en: str = Field("en", alias="WHATSAPP_TEMPLATE_LANGUAGE_EN")
    # Kurdish readers get the _CKB template when configured, else the plain one. Meta has no Kurdish
    # template language: the Kurdish wording is approved under another code (default "ar").
    whatsapp_template_reminder_ckb: str | None = Field(None, alias="WHATSAPP_TEMPLATE_REMINDER_CKB")
    whatsapp_template_survey_ckb: str | None = Field(None, alias="WHATSAPP_TEMPLATE_SURVEY_CKB")
    whatsapp_template_announcement_ckb: str | None = Field(None, alias="WHATSAPP_TEMPLATE_ANNOUNCEMENT_CKB")
    whatsapp_template_language_ckb: str = Field("ar", alias="WHATSAPP_TEMPLATE_LANGUAGE_CKB")

    def whatsapp_localized_templates(self) -> dict[str, tuple[dict[str, str], str]]:
        """Per catalog language: the template names configured by purpose, and their Meta language code."""
        english = {"reminder": self.whatsapp_template_reminder_en, "survey": self.whatsapp_template_survey_en,
                   "announcement": self.whatsapp_template_announcement_en}
        configured = {purpose: name for purpose, name in english.items() if name}
        kurdish = {"reminder": self.whatsapp_template_reminder_ckb, "survey": self.whatsapp_template_survey_ckb,
                   "announcement": self.whatsapp_template_announcement_ckb}
        return {"en": (configured, self.whatsapp_template_language_en),
                "ckb": ({p: n for p, n in kurdish.items() if n}, self.whatsapp_template_language_ckb)}

    @model_validator(mode="after")
    def _paid_broadcast_rate(self) -> Settings:
        # Paid broadcasts lift Telegram's 30/s ceiling to 1,000/s; an explicit rate still wins.
        if self.telegram_paid_broadcast and "telegram_rate_per_second" not in self.model_fields_set:
            self.telegram_rate_per_second = PAID_BROADCAST_RATE
        return self

    @property
    def telegram_enabled(self) -> bool:
        """A Telegram token is configured."""
        return bool(self.telegram_bot_token)

    @property
    def whatsapp_enabled(self) -> bool:
        """All four WhatsApp variables are configured."""
        return all(
            (self.whatsapp_access_token, self.whatsapp_phone_number_id, self.whatsapp_app_secret,
             self.whatsapp_verify_token)
        )

    def core_config(self) -> CoreConfig:
        """The part of the settings the channel-agnostic handlers need."""
        staff = split_entries(self.staff_ids)
        return CoreConfig(staff_ids=staff, content_dir=self.content_dir, secret_key=self.secret_key,
                          flood_limit=self.flood_limit or None, flood_window=self.flood_window,
                          whatsapp_number=_dial_digits(self.whatsapp_display_number),
                          dashboard_url=self.dashboard_url)

    async def warn_about_staff_bootstrap(self, db: Database) -> None:
        """At start: log a warning while MUSHARAKA_STAFF is set, and one per entry it ignores."""
        entries = split_entries(self.staff_ids)
        if entries:
            async with db.transaction() as session:
                await log_bootstrap_staff_warnings(session, entries)
