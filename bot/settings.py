"""Configuration from environment variables (and an optional .env file), via pydantic-settings."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from handlers.core import CoreConfig
from storage.content import CONTENT_DIR

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///musharaka.db"
GRAPH_API_BASE_URL = "https://graph.facebook.com/v21.0"


class Settings(BaseSettings):
    """Every environment variable the bot reads; the README lists them all."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = Field(DEFAULT_DATABASE_URL, alias="DATABASE_URL")
    log_level: str = Field("INFO", alias="LOG_LEVEL")
    secret_key: str | None = Field(None, alias="MUSHARAKA_SECRET_KEY")
    staff_ids: str = Field("", alias="MUSHARAKA_STAFF")
    content_dir: Path = Field(CONTENT_DIR, alias="MUSHARAKA_CONTENT_DIR")
    flood_limit: int = Field(30, alias="FLOOD_LIMIT")
    flood_window: float = Field(10.0, alias="FLOOD_WINDOW_SECONDS")

    telegram_bot_token: str | None = Field(None, alias="TELEGRAM_BOT_TOKEN")
    telegram_webhook_url: str | None = Field(None, alias="TELEGRAM_WEBHOOK_URL")
    telegram_webhook_secret: str | None = Field(None, alias="TELEGRAM_WEBHOOK_SECRET")
    telegram_api_base_url: str = Field("https://api.telegram.org", alias="TELEGRAM_API_BASE_URL")
    telegram_rate_per_second: float = Field(25.0, alias="TELEGRAM_RATE_PER_SECOND")
    telegram_rate_per_chat: float = Field(1.0, alias="TELEGRAM_RATE_PER_CHAT")

    webhook_host: str = Field("0.0.0.0", alias="WEBHOOK_HOST")
    webhook_port: int = Field(8080, alias="WEBHOOK_PORT")

    whatsapp_access_token: str | None = Field(None, alias="WHATSAPP_ACCESS_TOKEN")
    whatsapp_phone_number_id: str | None = Field(None, alias="WHATSAPP_PHONE_NUMBER_ID")
    whatsapp_app_secret: str | None = Field(None, alias="WHATSAPP_APP_SECRET")
    whatsapp_verify_token: str | None = Field(None, alias="WHATSAPP_VERIFY_TOKEN")
    whatsapp_api_base_url: str = Field(GRAPH_API_BASE_URL, alias="WHATSAPP_API_BASE_URL")
    whatsapp_rate_per_second: float = Field(70.0, alias="WHATSAPP_RATE_PER_SECOND")
    whatsapp_template_reminder: str | None = Field(None, alias="WHATSAPP_TEMPLATE_REMINDER")
    whatsapp_template_survey: str | None = Field(None, alias="WHATSAPP_TEMPLATE_SURVEY")
    whatsapp_template_announcement: str | None = Field(None, alias="WHATSAPP_TEMPLATE_ANNOUNCEMENT")
    whatsapp_template_language: str = Field("ar", alias="WHATSAPP_TEMPLATE_LANGUAGE")

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
        staff = frozenset(s.strip() for s in self.staff_ids.split(",") if s.strip())
        return CoreConfig(staff_ids=staff, content_dir=self.content_dir, secret_key=self.secret_key,
                          flood_limit=self.flood_limit or None, flood_window=self.flood_window)
