"""The Arabic words people put around a typed date and time, for matching only.

Read by messages/dates_input.py after normalisation (messages/normalize.py), so each word is
written here as people spell it and compared by its normalised key. Nothing here is shown to
anyone: replies come from the message catalog.
"""

from __future__ import annotations

# Words that say which half of the day a 12-hour time is in. "noon" and "night" differ from
# plain am/pm at the edges: «١٢ ظهراً» is 12:00 and «٢ ظهراً» 14:00; «١٢ ليلاً» is midnight and
# «٢ ليلاً» is 02:00 (after midnight), while «٩ ليلاً» is 21:00.
PERIOD_WORDS: dict[str, tuple[str, ...]] = {
    "am": ("ص", "صباحاً", "صباحا", "صباح", "الصباح", "صباحًا", "الصبح", "صبحاً", "فجراً", "الفجر", "am"),
    "pm": ("م", "مساءً", "مساء", "مساءا", "المساء", "عصراً", "عصرا", "العصر", "بعد الظهر", "pm"),
    "noon": ("ظهراً", "ظهرا", "الظهر", "ظهر"),
    "night": ("ليلاً", "ليلا", "الليل", "بالليل", "ليل"),
}

# Month names: the Iraqi (Syriac) ones the bot shows, and the ones people also type.
MONTH_WORDS: dict[int, tuple[str, ...]] = {
    1: ("كانون الثاني", "يناير"),
    2: ("شباط", "فبراير"),
    3: ("آذار", "مارس"),
    4: ("نيسان", "أبريل", "ابريل"),
    5: ("أيار", "مايو"),
    6: ("حزيران", "يونيو", "يونيه"),
    7: ("تموز", "يوليو", "يوليه"),
    8: ("آب", "أغسطس"),
    9: ("أيلول", "سبتمبر"),
    10: ("تشرين الأول", "أكتوبر"),
    11: ("تشرين الثاني", "نوفمبر"),
    12: ("كانون الأول", "ديسمبر"),
}

# «الساعة ١٠»: the number after it is the hour.
HOUR_WORDS: tuple[str, ...] = ("الساعة", "ساعة", "بالساعة", "الساعه")

# Words that carry no date or time of their own and may be skipped: weekday names (as the bot
# itself writes a date), "on the date of", "corresponding to", "at".
FILLER_WORDS: tuple[str, ...] = (
    "يوم", "السبت", "الأحد", "الاثنين", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة",
    "بتاريخ", "تاريخ", "الموافق", "في", "على", "عند", "من",
)

# «٧ من كانون الأول»: between a day and its month name.
OF_WORD = "من"

# «٢٠٢٦م»: the era mark (Gregorian) right after a year, not the evening.
ERA_WORD = "م"

# «و» written onto the next word: «والساعة ١٠».
AND_PREFIX = "و"
