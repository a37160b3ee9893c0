"""`musharaka doctor`'s channel checks: Telegram's token and webhook, WhatsApp's number and templates.

Plain HTTP GETs over one aiohttp session (no PTB: nothing is initialised, nothing is changed),
plus one probe: an empty body POSTed to TELEGRAM_WEBHOOK_URL with the secret, which the bot's
webhook answers 400 ("not an update", nothing written) when the secret matches and 403 when not.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from bot.cli_errors import OperatorError, check_http_url
from bot.doctor_check import Check, failed, passed, short
from bot.settings import Settings

HTTP_TIMEOUT = 10.0
REAL_BOT_API = "api.telegram.org"
# A webhook error this recent, with updates still waiting, means Telegram cannot deliver now.
RECENT_ERROR_SECONDS = 3600
MAX_TEMPLATE_PAGES = 10
WHATSAPP_VARIABLES = ("WHATSAPP_ACCESS_TOKEN", "WHATSAPP_PHONE_NUMBER_ID", "WHATSAPP_APP_SECRET",
                      "WHATSAPP_VERIFY_TOKEN")


async def check_channels(settings: Settings) -> list[Check]:
    """The checks of every channel the settings configure (or half configure)."""
    checks: list[Check] = []
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=HTTP_TIMEOUT)) as http:
        if settings.telegram_enabled:
            checks += await check_telegram(settings, http)
        elif settings.telegram_webhook_url:
            checks.append(failed("telegram", "TELEGRAM_WEBHOOK_URL is set but TELEGRAM_BOT_TOKEN is not: set the "
                                             "token from @BotFather, or unset TELEGRAM_WEBHOOK_URL"))
        whatsapp = _whatsapp_values(settings)
        if all(whatsapp.values()):
            checks += await check_whatsapp(settings, http)
        elif any(whatsapp.values()):
            missing = ", ".join(name for name, value in whatsapp.items() if not value)
            checks.append(failed("whatsapp", f"{missing} not set: WhatsApp needs all four of "
                                             f"{', '.join(WHATSAPP_VARIABLES)} (or none)"))
    if not settings.telegram_enabled and not any(_whatsapp_values(settings).values()):
        checks.append(failed("channels", "no channel is configured: set TELEGRAM_BOT_TOKEN and/or the four "
                                         "WHATSAPP_* variables"))
    return checks


def _whatsapp_values(settings: Settings) -> dict[str, str | None]:
    return dict(zip(WHATSAPP_VARIABLES, (settings.whatsapp_access_token, settings.whatsapp_phone_number_id,
                                         settings.whatsapp_app_secret, settings.whatsapp_verify_token), strict=True))


async def _get_json(call: Callable[[], Any]) -> tuple[int, Any]:
    """Status and JSON body (None when it is not JSON) of a request context manager."""
    async with call() as response:
        try:
            body = await response.json(content_type=None)
        except ValueError:
            body = None
        return response.status, body


# --- Telegram ----------------------------------------------------------------------------------------


async def check_telegram(settings: Settings, http: aiohttp.ClientSession) -> list[Check]:
    """The token (getMe), then the webhook (getWebhookInfo and a probe) or long polling."""
    assert settings.telegram_bot_token
    root = settings.telegram_api_base_url.rstrip("/")
    try:
        check_http_url("TELEGRAM_API_BASE_URL", root)
    except OperatorError as error:
        return [failed("telegram", str(error))]

    async def bot_api(method: str) -> tuple[int, Any]:
        return await _get_json(lambda: http.get(f"{root}/bot{settings.telegram_bot_token}/{method}"))

    try:
        status, body = await bot_api("getMe")
    except (aiohttp.ClientError, TimeoutError) as error:
        return [failed("telegram", f"cannot reach the Telegram Bot API at {root} ({short(error)}): check the "
                                   "network, or TELEGRAM_API_BASE_URL")]
    if status in (401, 404):
        reason = "401 Unauthorized" if status == 401 else "404 Not Found"
        return [failed("telegram", f"Telegram rejected TELEGRAM_BOT_TOKEN ({reason}): check the token from "
                                   "@BotFather")]
    if status != 200 or not isinstance(body, dict) or not isinstance(body.get("result"), dict):
        return [failed("telegram", f"getMe answered {status} at {root}: is TELEGRAM_API_BASE_URL a Bot API server?")]
    username = body["result"].get("username") or body["result"].get("id")
    checks = [passed("telegram", f"TELEGRAM_BOT_TOKEN is the token of @{username}")]
    try:
        status, body = await bot_api("getWebhookInfo")
    except (aiohttp.ClientError, TimeoutError) as error:
        return [*checks, failed("telegram webhook", f"getWebhookInfo failed ({short(error)}): try again")]
    info = body.get("result") if isinstance(body, dict) else None
    if status != 200 or not isinstance(info, dict):
        return [*checks, failed("telegram webhook", f"getWebhookInfo answered {status}: try again")]
    if not settings.telegram_webhook_url:
        registered = info.get("url") or ""
        note = (f"; a webhook is still registered at {registered}, which `musharaka run` removes when it starts"
                if registered else "")
        return [*checks, passed("telegram mode", f"long polling (no TELEGRAM_WEBHOOK_URL){note}")]
    return [*checks, *await _check_webhook(settings, http, root, info)]


async def _check_webhook(settings: Settings, http: aiohttp.ClientSession, root: str,
                         info: dict[str, Any]) -> list[Check]:
    from bot.runner import telegram_webhook_secret
    from bot.webserver import TELEGRAM_PATH

    wanted = settings.telegram_webhook_url or ""
    try:
        check_http_url("TELEGRAM_WEBHOOK_URL", wanted)
    except OperatorError as error:
        return [failed("telegram webhook", str(error))]
    if urlsplit(root).hostname == REAL_BOT_API and urlsplit(wanted).scheme != "https":
        return [failed("telegram webhook", f"TELEGRAM_WEBHOOK_URL {wanted} is not https: Telegram delivers only "
                                           "to https URLs (ports 443, 80, 88 or 8443); put the reverse proxy with "
                                           "TLS in front (deploy/nginx-musharaka.conf)")]
    registered = info.get("url") or ""
    if not registered:
        return [failed("telegram webhook", f"no webhook is registered: start `musharaka run` (it registers "
                                           f"{wanted} when it starts)")]
    if registered != wanted:
        return [failed("telegram webhook", f"registered at {registered}, not at TELEGRAM_WEBHOOK_URL {wanted}: "
                                           "restart `musharaka run` with these settings (it registers the URL "
                                           "when it starts), and stop any other program using this bot token")]
    checks: list[Check] = []
    pending = info.get("pending_update_count") or 0
    error_at = info.get("last_error_date")
    if pending and isinstance(error_at, int | float) and time.time() - error_at < RECENT_ERROR_SECONDS:
        minutes = max(1, round((time.time() - error_at) / 60))
        message = info.get("last_error_message") or "no reason given"
        hint = ("the secret Telegram sends is not the one the server expects: restart `musharaka run`"
                if "403" in message else "see the next line, and the reverse proxy's error log")
        checks.append(failed("telegram webhook", f"Telegram could not deliver {pending} waiting updates "
                                                 f"({minutes} min ago: {message}): {hint}"))
    reached, probe = await _probe_webhook(http, wanted, telegram_webhook_secret(settings))
    if not reached:
        return [*checks, failed("telegram webhook", probe)]
    if not urlsplit(wanted).path.endswith(TELEGRAM_PATH):
        note = f" (through a proxy rewriting the path to {TELEGRAM_PATH})"
    else:
        note = ""
    if not checks:
        checks.append(passed("telegram webhook", f"registered at {wanted}{note}; {probe}; {pending} updates waiting"))
    return checks


async def _probe_webhook(http: aiohttp.ClientSession, url: str, secret: str) -> tuple[bool, str]:
    """(True, what was learnt) when the bot at `url` accepts `secret`; else (False, what is wrong).

    The body is an empty object: the bot answers it 400 "bad request" and writes nothing down.
    """
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret, "Content-Type": "application/json"}
    try:
        async with http.post(url, data=b"{}", headers=headers) as response:
            status, text = response.status, (await response.text())[:200].strip()
    except aiohttp.ClientSSLError as error:
        return False, (f"the TLS certificate of {url} was refused ({short(error)}): Telegram refuses it too; "
                       "install a valid certificate (e.g. Let's Encrypt) on the reverse proxy")
    except (aiohttp.ClientError, TimeoutError) as error:
        return False, (f"cannot reach {url} from here ({short(error)}): is `musharaka run` running, and the "
                       "reverse proxy forwarding to WEBHOOK_PORT?")
    if status == 400 and text == "bad request":
        return True, "the server there accepts the secret"
    if status == 403 and text == "forbidden":
        return False, (f"the server at {url} refused the webhook secret: it runs with another "
                       "TELEGRAM_WEBHOOK_SECRET or bot token; restart `musharaka run` with these settings")
    if status == 403:
        # Not the bot's answer: the proxy itself (an allow list of Telegram's networks) turned this machine away.
        return True, "the reverse proxy admits only Telegram's networks, so the secret was not checked from here"
    if status == 404:
        return False, (f"{url} answered 404: the reverse proxy does not pass this path to the bot's "
                       "/telegram/webhook (see deploy/nginx-musharaka.conf)")
    if status in (502, 503, 504):
        return False, (f"{url} answered {status}: the bot is stopped, stopping, or cannot reach its database "
                       "(`systemctl status musharaka`, `musharaka doctor` on that machine)")
    return False, f"{url} answered {status} to an empty update, not what Musharaka answers: check where it points"


# --- WhatsApp ----------------------------------------------------------------------------------------


async def check_whatsapp(settings: Settings, http: aiohttp.ClientSession) -> list[Check]:
    """The phone number id is readable with the token; the templates named in the settings are approved."""
    base = settings.whatsapp_api_base_url.rstrip("/")
    try:
        check_http_url("WHATSAPP_API_BASE_URL", base)
    except OperatorError as error:
        return [failed("whatsapp", str(error))]
    headers = {"Authorization": f"Bearer {settings.whatsapp_access_token}"}

    async def graph(path: str, params: dict[str, str]) -> tuple[int, Any]:
        return await _get_json(lambda: http.get(f"{base}/{path}", params=params, headers=headers))

    number = settings.whatsapp_phone_number_id or ""
    fields = "id,display_phone_number,verified_name,quality_rating"
    try:
        status, body = await graph(number, {"fields": fields})
    except (aiohttp.ClientError, TimeoutError) as error:
        return [failed("whatsapp", f"cannot reach the Graph API at {base} ({short(error)}): check the network, "
                                   "or WHATSAPP_API_BASE_URL")]
    if status != 200 or not isinstance(body, dict):
        return [failed("whatsapp", _graph_problem(status, body, f"WHATSAPP_PHONE_NUMBER_ID {number}"))]
    checks = [_number_check(settings, body)]
    return checks + await _check_templates(settings, graph)


def _graph_problem(status: int, body: Any, subject: str) -> str:
    from bot.whatsapp.errors import describe

    error = body.get("error") if isinstance(body, dict) else None
    error = error if isinstance(error, dict) else {"message": f"HTTP {status}"}
    text = describe(error)
    if status == 401 or error.get("code") == 190:
        return (f"Meta rejected WHATSAPP_ACCESS_TOKEN ({text}): create a new one (a system user's permanent "
                "token, with whatsapp_business_messaging and whatsapp_business_management)")
    if error.get("code") == 100 or status == 404:
        return (f"{subject} cannot be read with this token ({text}): copy the id from WhatsApp Manager "
                "(API setup), and check the token's app has access to it")
    return f"the Graph API answered {status} for {subject} ({text}): try again, or check the token's permissions"


def _number_check(settings: Settings, number: dict[str, Any]) -> Check:
    from bot.settings import _dial_digits

    shown = str(number.get("display_phone_number") or "?")
    about = [str(number[key]) for key in ("verified_name",) if number.get(key)]
    quality = number.get("quality_rating")
    if quality:
        about.append(f"quality {quality}")
    detail = f"WHATSAPP_PHONE_NUMBER_ID is {shown}" + (f" ({', '.join(about)})" if about else "")
    configured = _dial_digits(settings.whatsapp_display_number)
    if configured and configured != _dial_digits(shown):
        return failed("whatsapp", f"{detail}, but WHATSAPP_DISPLAY_NUMBER is {configured}: QR tickets would open "
                                  "a chat with another number; set it to this number's digits")
    if quality == "RED":
        return failed("whatsapp", f"{detail}: Meta rates this number's quality RED and may limit it; "
                                  "send fewer announcements and check the WhatsApp Manager insights")
    return passed("whatsapp", detail)


def _configured_templates(settings: Settings) -> list[tuple[str, str, str]]:
    """(variable, template name, language) of every template the settings name."""
    plain = settings.whatsapp_template_language
    english = settings.whatsapp_template_language_en
    named = [
        ("WHATSAPP_TEMPLATE_REMINDER", settings.whatsapp_template_reminder, plain),
        ("WHATSAPP_TEMPLATE_SURVEY", settings.whatsapp_template_survey, plain),
        ("WHATSAPP_TEMPLATE_ANNOUNCEMENT", settings.whatsapp_template_announcement, plain),
        ("WHATSAPP_TEMPLATE_REMINDER_EN", settings.whatsapp_template_reminder_en, english),
        ("WHATSAPP_TEMPLATE_SURVEY_EN", settings.whatsapp_template_survey_en, english),
        ("WHATSAPP_TEMPLATE_ANNOUNCEMENT_EN", settings.whatsapp_template_announcement_en, english),
    ]
    return [(variable, name, language) for variable, name, language in named if name]


def _language_variable(variable: str) -> str:
    """The setting that holds the language of the template `variable` names."""
    return "WHATSAPP_TEMPLATE_LANGUAGE_EN" if variable.endswith("_EN") else "WHATSAPP_TEMPLATE_LANGUAGE"


Graph = Callable[[str, dict[str, str]], Awaitable[tuple[int, Any]]]


async def _check_templates(settings: Settings, graph: Graph) -> list[Check]:
    wanted = _configured_templates(settings)
    if not wanted:
        return [passed("whatsapp templates", "none configured: reminders, surveys and announcements reach only "
                                             "people who wrote within the last 24 hours (WHATSAPP_TEMPLATE_*)")]
    account = settings.whatsapp_business_account_id
    if not account:
        return [failed("whatsapp templates", "set WHATSAPP_BUSINESS_ACCOUNT_ID (WhatsApp Manager, account "
                                             "settings) so the templates named in WHATSAPP_TEMPLATE_* can be "
                                             "checked")]
    checks: list[Check] = []
    found: dict[str, list[dict[str, Any]] | str] = {}
    for variable, name, language in wanted:
        if name not in found:
            found[name] = await _templates_named(graph, account, name)
        listed = found[name]
        if isinstance(listed, str):
            checks.append(failed("whatsapp templates", listed))
            continue
        checks.append(_template_check(variable, name, language, listed))
    return checks


async def _templates_named(graph: Graph, account: str, name: str) -> list[dict[str, Any]] | str:
    """The templates called exactly `name` (every language), or what went wrong listing them."""
    params = {"name": name, "fields": "name,status,language", "limit": "100"}
    templates: list[dict[str, Any]] = []
    for _ in range(MAX_TEMPLATE_PAGES):
        try:
            status, body = await graph(f"{account}/message_templates", params)
        except (aiohttp.ClientError, TimeoutError) as error:
            return f"cannot list the templates ({short(error)}): try again"
        if status != 200 or not isinstance(body, dict):
            return _graph_problem(status, body, f"WHATSAPP_BUSINESS_ACCOUNT_ID {account}")
        templates += [t for t in body.get("data") or [] if isinstance(t, dict) and t.get("name") == name]
        paging = body.get("paging") if isinstance(body.get("paging"), dict) else {}
        after = (paging.get("cursors") or {}).get("after") if paging.get("next") else None
        if not after:
            break
        params = {**params, "after": str(after)}
    return templates


def _template_check(variable: str, name: str, language: str, templates: list[dict[str, Any]]) -> Check:
    if not templates:
        return failed("whatsapp templates", f"{name} ({variable}) does not exist in this WhatsApp Business Account: "
                                            "create it in WhatsApp Manager, or fix the name")
    exact = [t for t in templates if t.get("language") == language]
    if not exact:
        others = ", ".join(sorted(str(t.get("language")) for t in templates))
        return failed("whatsapp templates", f"{name} ({variable}) has no '{language}' version (it has {others}): "
                                            f"add that language in WhatsApp Manager, or set "
                                            f"{_language_variable(variable)}")
    status = str(exact[0].get("status") or "UNKNOWN")
    if status != "APPROVED":
        return failed("whatsapp templates", f"{name} ({variable}, {language}) is {status}, not APPROVED: Meta "
                                            "sends only approved templates; wait for the review, or fix and "
                                            "resubmit it")
    return passed("whatsapp templates", f"{name} ({variable}, {language}) is approved")
