"""Phone numbers in one form (E.164), so the same person is recognised on Telegram and WhatsApp.

Iraqi numbers are written many ways: «0770 123 4567», '0770 123 4567' in Arabic-Indic digits, «+964 770 123 4567»,
«009647701234567», and Telegram and WhatsApp send them as bare digits with the country code
(«9647701234567»). phonenumbers knows all of these (and Arabic-Indic digits); this module only
chooses the default region and the fallbacks.
"""

from __future__ import annotations

import phonenumbers

__all__ = ["DEFAULT_REGION", "normalize_phone", "wa_id_to_e164"]

DEFAULT_REGION = "IQ"
# Longer than any real number with its punctuation; anything longer is not a phone number.
_MAX_INPUT = 40


def _parse(raw: str, region: str | None) -> str | None:
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalize_phone(raw: str | None, region: str = DEFAULT_REGION) -> str | None:
    """The E.164 form of a typed or shared number («07701234567» -> «+9647701234567»); None if invalid.

    A number without «+» is read as a number of `region` first; if that is not valid it is
    read as international digits, because Telegram shares foreign numbers as «447911123456».
    """
    if not raw:
        return None
    text = raw.strip()
    if not text or len(text) > _MAX_INPUT:
        return None
    found = _parse(text, region)
    if found is None and not text.startswith("+"):
        found = _parse("+" + text, None)
    return found


def wa_id_to_e164(wa_id: str) -> str | None:
    """The E.164 number of a WhatsApp user id (the wa_id is the number's digits with country code)."""
    if not wa_id or not wa_id.isdigit():
        return None
    return _parse("+" + wa_id, None)
