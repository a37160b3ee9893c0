"""Hostile and awkward inputs that every free-text entry point must survive.

Each is something a real person (or a broken client) can send: the project's long Arabic
sample documents (plus the real ../shared/seeds when present), a short real-looking
announcement, 10,000-character messages, emoji and ZWJ sequences, bidi marks, control
characters, markup, format strings, SQL, mixed digits, and nothing at all.
"""

from __future__ import annotations

from tests.arabic_samples import documents, short_announcement

AWKWARD: dict[str, str] = {
    "empty": "",
    "spaces": "   \t  ",
    "newlines only": "\n\n\n",
    "ten thousand characters": ("مشاركة " * 1500)[:10000],
    "one ten-thousand-character word": "ا" * 10000,
    "emoji": "👍🏽🇮🇶❤️‍🔥",
    "zwj family": "👨‍👩‍👧‍👦 عائلة",
    "rtl and ltr marks": "\u200fالانتخابات\u200e \u202bمضمن\u202c",
    "isolates": "\u2067القائمة\u2069 \u2066menu\u2069",
    "zero width": "ال\u200cفعاليات\u200d\ufeff",
    "nul and controls": "مرحبا\x00\x01\x07\x1b[31mأحمر\x7f",
    "lone surrogate-like": "\ufffd\ufffe",
    "markdown": "*عريض* _مائل_ `كود` [رابط](http://x) ~~شطب~~ ||سر||",
    "html": "<b>عريض</b> <script>alert(1)</script> &amp; 1 < 2 > 0",
    "format strings": "{0} {name} %s %d %(x)s {{}} ${x} { $count }",
    "sql": "'; DROP TABLE contacts; -- \" OR 1=1 --",
    "mixed digits": "١2٣4۵6 ٠٧٧٠١٢٣٤٥٦٧",
    "fluent syntax": "{ -brand } [one] *[other] = .attr",
    "path and url": "../../etc/passwd https://t.me/bot?start=ev_1",
    "tatweel and diacritics": "الانْتِخَابـــات",
    # Deep-link payloads (also typed): «²» passes str.isdigit() but not int(); thirty digits pass
    # int() but not the database's integers. Both once raised inside the handler.
    "superscript digit id": "ev_²",
    "thirty digit id": "ev_" + "1" * 30,
    "arabic-indic id beyond the integers": "ev_" + "٩" * 12,
}


def corpus() -> dict[str, str]:
    """Every awkward input plus the long Arabic documents (samples, then seeds when present), by name."""
    cases = dict(AWKWARD)
    # Short enough to be kept as an announcement or a survey answer; the documents mostly are not.
    cases["short announcement"] = short_announcement()
    for name, text in documents().items():
        cases[name.replace("-", " ", 1)] = text
    return cases
