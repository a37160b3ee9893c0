"""Governorates by the names people use: the governorate's own name, its cities and districts.

For matching only (the names shown come from the catalog, gov-<code>). «الموصل» chooses
Nineveh and «الناصرية» Dhi Qar; «بصره», «نجف» and «ذيقار» are the same as «البصرة», «النجف»
and «ذي قار». Matching is by a loose key: normalised (messages/normalize.py), «ال» dropped
from every word, spaces and punctuation removed, a leading «محافظة» / «مدينة» / «أنا من»
dropped. Nothing fuzzier: a near miss gets a hint and the list again, not a guess.
"""

from __future__ import annotations

import unicodedata

from messages.normalize import normalize_arabic, strip_definite_article

__all__ = ["GOVERNORATE_NAMES", "match_governorate"]

# Code (storage/vocab.py GOVERNORATES) -> the names that choose it: the governorate, then its
# centre and other cities and districts, then spellings in Latin letters and Kurdish script.
# A place whose name is shared by two governorates, or is also a common word, is left out.
GOVERNORATE_NAMES: dict[str, tuple[str, ...]] = {
    "baghdad": (
        "بغداد", "الكرخ", "الرصافة", "الكاظمية", "الأعظمية", "مدينة الصدر", "المحمودية", "أبو غريب",
        "الطارمية", "المدائن", "اليوسفية", "الدورة", "المنصور", "الزعفرانية", "الشعلة", "التاجي",
        "baghdad", "bagdad",
        # Kurdish and English names (issue 13)
        "بەغدا", "بەغداد",
    ),
    "basra": (
        "البصرة", "الزبير", "أبو الخصيب", "القرنة", "الفاو", "شط العرب", "أم قصر", "الهارثة",
        "basra", "basrah",
        # Kurdish and English names (issue 13)
        "بەسرە", "al basra",
    ),
    "nineveh": (
        "نينوى", "نينوي", "الموصل", "تلعفر", "سنجار", "الحمدانية", "بخديدا", "قرقوش", "بعشيقة", "تلكيف",
        "البعاج", "الحضر", "القيارة", "حمام العليل", "ربيعة", "nineveh", "ninawa", "ninewa", "mosul",
        # Kurdish and English names (issue 13)
        "نەینەوا", "مووسڵ", "موسڵ", "شنگال", "sinjar", "tal afar", "tel afar",
    ),
    "erbil": (
        "أربيل", "هولير", "شقلاوة", "كويسنجق", "كويه", "سوران", "راوندوز", "خبات", "عينكاوة", "عنكاوا",
        "هەولێر", "erbil", "arbil", "irbil", "hawler", "hewler",
        # Kurdish and English names (issue 13)
        "ئەربیل", "شەقڵاوە", "کۆیە", "ڕەواندز", "عەنکاوە", "خەبات", "soran", "shaqlawa", "koya", "ankawa",
    ),
    "najaf": (
        "النجف", "النجف الأشرف", "الكوفة", "المناذرة", "المشخاب", "الحيرة", "najaf", "kufa",
        # Kurdish and English names (issue 13)
        "نەجەف",
    ),
    "karbala": (
        "كربلاء", "كربلا", "كربلاء المقدسة", "عين التمر", "الهندية", "طويريج", "karbala", "kerbala",
        # Kurdish and English names (issue 13)
        "کەربەلا", "کەربەلائ",
    ),
    "maysan": (
        "ميسان", "العمارة", "علي الغربي", "الميمونة", "المجر الكبير", "قلعة صالح", "الكحلاء", "المشرح",
        "maysan", "missan", "amarah", "amara",
        # Kurdish and English names (issue 13)
        "مەیسان", "عەمارە",
    ),
    "wasit": (
        "واسط", "الكوت", "الصويرة", "النعمانية", "بدرة", "العزيزية", "جصان", "wasit", "kut",
        # Kurdish and English names (issue 13)
        "واسیت", "کووت",
    ),
    "anbar": (
        "الأنبار", "الرمادي", "الفلوجة", "هيت", "حديثة", "عانة", "القائم", "راوة", "الرطبة", "عامرية الفلوجة",
        "الحبانية", "الخالدية", "الكرمة", "anbar", "ramadi", "fallujah", "falluja",
        # Kurdish and English names (issue 13)
        "ئەنبار", "ڕومادی", "فەللوجە",
    ),
    "dhiqar": (
        "ذي قار", "الناصرية", "سوق الشيوخ", "الشطرة", "الرفاعي", "الجبايش", "قلعة سكر", "الغراف", "الفهود",
        "dhiqar", "dhi qar", "thi qar", "nasiriyah", "nasiriya",
        # Kurdish and English names (issue 13)
        "زیقار", "ناسریە",
    ),
    "babil": (
        "بابل", "الحلة", "المسيب", "المحاويل", "الهاشمية", "الإسكندرية", "القاسم", "جبلة", "الكفل",
        "babil", "babylon", "hillah", "hilla",
        # Kurdish and English names (issue 13)
        "حیللە",
    ),
    "diyala": (
        "ديالى", "ديالا", "بعقوبة", "المقدادية", "الخالص", "بلدروز", "خانقين", "جلولاء", "السعدية", "مندلي",
        "كفري", "diyala", "baqubah", "baquba",
        # Kurdish and English names (issue 13)
        "دیالە", "خانەقین", "جەلەولا", "بەعقووبە", "khanaqin",
    ),
    "salahaddin": (
        "صلاح الدين", "صلاحالدين", "تكريت", "سامراء", "بيجي", "الشرقاط", "طوز خورماتو", "الطوز",
        "الضلوعية", "الإسحاقي", "salahaddin", "salah al-din", "salah al din", "tikrit", "samarra",
        # Kurdish and English names (issue 13)
        "سەلاحەدین", "توزخورماتوو", "تکریت", "salahuddin", "salah ad din",
    ),
    "kirkuk": (
        "كركوك", "الحويجة", "داقوق", "الدبس", "كەرکووک", "kirkuk", "kerkuk",
        # Kurdish and English names (issue 13)
        "کەرکوک",
    ),
    "muthanna": (
        "المثنى", "المثنا", "السماوة", "الرميثة", "الخضر", "السلمان", "الوركاء", "muthanna", "samawah", "samawa",
        # Kurdish and English names (issue 13)
        "موسەننا", "سەماوە",
    ),
    "qadisiyah": (
        "القادسية", "الديوانية", "الشامية", "عفك", "الحمزة", "الدغارة", "qadisiyah", "qadisiya",
        "diwaniyah", "diwaniya",
        # Kurdish and English names (issue 13)
        "قادسیە", "دیوانیە",
    ),
    "duhok": (
        "دهوك", "دهۆک", "زاخو", "زاخۆ", "العمادية", "سميل", "عقرة", "بردرش", "duhok", "dohuk", "dahuk", "zakho",
        # Kurdish and English names (issue 13)
        "ئامێدی", "ئاکرێ", "سێمێل", "amedi", "amadiya", "akre", "aqrah", "semel", "simele",
    ),
    "sulaymaniyah": (
        "السليمانية", "رانية", "جمجمال", "دوكان", "بنجوين", "قلعة دزة", "دربندخان", "كلار", "سيد صادق", "بشدر",
        "سلێمانی", "سليماني", "sulaymaniyah", "sulaimaniya", "sulaimani", "slemani", "suli",
        # Kurdish and English names (issue 13)
        "سلێمانیە", "ڕانیە", "چەمچەماڵ", "پێنجوێن", "قەڵادزێ", "دەربەندیخان", "کەلار", "سەیدسادق", "پشدەر",
        "ranya", "chamchamal", "penjwen", "qaladze", "darbandikhan", "kalar", "sulaymaniya", "sulaimaniyah",
    ),
    "halabja": (
        "حلبجة", "هەڵەبجە", "halabja", "halabjah",
        # Kurdish and English names (issue 13)
        "هەڵەبجەی شەهید",
    ),
}

# Words before the name that do not change it: «محافظة البصرة», «مدينة الموصل», «انا من الحلة».
_LEADING_WORDS = ("محافظة", "محافظه", "مدينة", "قضاء", "ناحية", "أنا", "اني", "من", "في", "province", "city",
                  # Kurdish («پارێزگای هەولێر», «لە سلێمانی») and English ("I am from Erbil").
                  "پارێزگای", "پارێزگا", "شاری", "لە", "خەڵکی", "i", "am", "i'm", "from", "in")
# A governorate name is a few words; anything longer is a sentence, not an answer.
_MAX_LENGTH = 60


def _loose(text: str) -> str:
    """The loose key: normalised words without «ال», joined without spaces or punctuation."""
    words = []
    for word in normalize_arabic(text).split():
        word = "".join(ch for ch in word if unicodedata.category(ch)[0] in "LN")
        if word:
            words.append(strip_definite_article(word))
    return "".join(words)


def _table() -> dict[str, str]:
    table: dict[str, str] = {}
    for code, names in GOVERNORATE_NAMES.items():
        for name in (code, *names):
            key = _loose(name)
            if table.get(key, code) != code:
                raise ValueError(f"{name!r} names two governorates: {table[key]} and {code}")
            table[key] = code
    return table


_BY_NAME = _table()
_LEADING = frozenset(normalize_arabic(word) for word in _LEADING_WORDS)


def match_governorate(text: str) -> str | None:
    """The governorate code a typed name chooses («الموصل» → "nineveh"), or None."""
    if not text or len(text) > _MAX_LENGTH:
        return None
    words = normalize_arabic(text).split()
    # Drop the leading words one at a time, so «محافظة النجف» and «انا من النجف» both match,
    # and a place whose own name starts with one of them still matches whole first.
    while words:
        code = _BY_NAME.get(_loose(" ".join(words)))
        if code is not None:
            return code
        if words[0].strip("«»\"'()") not in _LEADING:
            return None
        words = words[1:]
    return None
