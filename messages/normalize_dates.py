"""The words people put around a typed date and time (Arabic, Kurdish Sorani, English), for matching only.

Read by messages/dates_input.py after normalisation (messages/normalize.py), so each word is
written here as people spell it and compared by its normalised key (Kurdish letters folded:
«ئێوارە» and «ئيواره» are one word). Nothing here is shown to anyone: replies come from the
message catalog. Every language's words are accepted whatever the person's language: an
organiser in Erbil may type «٧ کانوونی یەکەم» or «7 December» in the same chat.
"""

from __future__ import annotations

# Words that say which half of the day a 12-hour time is in. "noon" and "night" differ from
# plain am/pm at the edges: «١٢ ظهراً» is 12:00 and «٢ ظهراً» 14:00; «١٢ ليلاً» is midnight and
# «٢ ليلاً» is 02:00 (after midnight), while «٩ ليلاً» is 21:00.
PERIOD_WORDS: dict[str, tuple[str, ...]] = {
    "am": ("ص", "صباحاً", "صباحا", "صباح", "الصباح", "صباحًا", "الصبح", "صبحاً", "فجراً", "الفجر", "am",
           # Kurdish: morning, before noon, dawn.
           "بەیانی", "بەیانیان", "سپێدە", "پێش نیوەڕۆ", "پێشنیوەڕۆ", "بەرەبەیان",
           "morning", "in the morning"),
    "pm": ("م", "مساءً", "مساء", "مساءا", "المساء", "عصراً", "عصرا", "العصر", "بعد الظهر", "pm",
           # Kurdish: afternoon, evening.
           "دوای نیوەڕۆ", "دوانیوەڕۆ", "پاش نیوەڕۆ", "پاشنیوەڕۆ", "عەسر", "ئێوارە", "ئێوارێ", "ئێواران",
           "afternoon", "in the afternoon", "evening", "in the evening"),
    "noon": ("ظهراً", "ظهرا", "الظهر", "ظهر", "نیوەڕۆ", "noon", "midday"),
    "night": ("ليلاً", "ليلا", "الليل", "بالليل", "ليل", "شەو", "نیوەشەو", "night", "at night", "midnight"),
}

# Month names: the Iraqi (Syriac) ones the bot shows in Arabic, the ones people also type, the
# Kurdish ones the bot shows in Kurdish (CLDR ckb, with the spellings people use beside them),
# and the English ones with their usual short forms.
MONTH_WORDS: dict[int, tuple[str, ...]] = {
    1: ("كانون الثاني", "يناير", "کانوونی دووەم", "کانونی دووەم", "january", "jan"),
    2: ("شباط", "فبراير", "شوبات", "شباط", "february", "feb"),
    3: ("آذار", "مارس", "ئازار", "march", "mar"),
    4: ("نيسان", "أبريل", "ابريل", "نیسان", "april", "apr"),
    5: ("أيار", "مايو", "ئایار", "may"),
    6: ("حزيران", "يونيو", "يونيه", "حوزەیران", "june", "jun"),
    7: ("تموز", "يوليو", "يوليه", "تەمووز", "تەموز", "july", "jul"),
    8: ("آب", "أغسطس", "ئاب", "august", "aug"),
    9: ("أيلول", "سبتمبر", "ئەیلوول", "ئەیلول", "september", "sep", "sept"),
    10: ("تشرين الأول", "أكتوبر", "تشرینی یەکەم", "october", "oct"),
    11: ("تشرين الثاني", "نوفمبر", "تشرینی دووەم", "november", "nov"),
    12: ("كانون الأول", "ديسمبر", "کانونی یەکەم", "کانوونی یەکەم", "december", "dec"),
}

# Days counted from today: «غداً ١٠ صباحاً», «سبەی ٦ی ئێوارە», «tomorrow 6pm».
RELATIVE_DAY_WORDS: dict[int, tuple[str, ...]] = {
    0: ("اليوم", "هذا اليوم", "ئەمڕۆ", "today"),
    1: ("غداً", "غدا", "غد", "باجر", "باچر", "بكرة", "بكره", "سبەی", "سبەینێ", "سبەینی", "tomorrow"),
    2: ("بعد غد", "بعد غداً", "بعد باجر", "عقب باجر", "دووسبەی", "دووسبەینێ", "day after tomorrow",
        "the day after tomorrow"),
}

# «الساعة ١٠», «کاتژمێر ١٠»: the number after it is the hour.
HOUR_WORDS: tuple[str, ...] = ("الساعة", "ساعة", "بالساعة", "الساعه", "کاتژمێر", "سەعات", "o'clock", "oclock",
                               "clock")

# Words that carry no date or time of their own and may be skipped: weekday names (as the bot
# itself writes a date), "on the date of", "corresponding to", "at" — in the three languages.
FILLER_WORDS: tuple[str, ...] = (
    "يوم", "السبت", "الأحد", "الاثنين", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة",
    "بتاريخ", "تاريخ", "الموافق", "في", "على", "عند", "من",
    # Kurdish: weekdays (CLDR ckb, and هەینی with either h), "day of", "at/in", "on the date".
    "یەکشەممە", "دووشەممە", "سێشەممە", "چوارشەممە", "پێنجشەممە", "هەینی", "ھەینی", "شەممە",
    "ڕۆژی", "ڕۆژ", "لە", "بە", "ڕێکەوتی", "بەرواری", "ی",
    # English.
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
    "on", "at", "the", "in", "of", "st", "nd", "rd", "th",
)

# Between a day and its month name: «٧ من كانون الأول», «٧ی کانوونی یەکەم», «7th of December».
OF_WORDS: tuple[str, ...] = ("من", "ی", "of", "st", "nd", "rd", "th")

# «٢٠٢٦م», «٢٠٢٦ز»: the era mark (Gregorian) right after a year, not the evening.
ERA_WORDS: tuple[str, ...] = ("م", "ز", "ad")

# «و» written onto the next word: «والساعة ١٠».
AND_PREFIX = "و"
