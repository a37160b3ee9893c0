## Musharaka — the Kurdish (Sorani, Central Kurdish) catalog.
## Same keys and variables as messages/ar/; the words follow messages/ckb/GLOSSARY.md.

## Latin runs inside Kurdish text (commands, URLs, codes, ISO dates) go between { -lri } and
## { -pdi }, the isolate characters U+2066 and U+2069: see the top of messages/ar/main.ftl.
-lri = {"\u2066"}
-pdi = {"\u2069"}

## Onboarding

# The welcome is the consent text. Before consent the bot keeps only the chat's id (and the link or
# invite code the person came with), and deletes it if they never agree (UNCONSENTED_RETENTION_DAYS).
# WhatsApp gets its own version: there the chat's id is the phone number, kept from consent on.
-welcome-intro =
    بەخێربێیت بۆ «موشارەکە» 👋
    لێرە سیمینار و مێزگرد و وۆرکشۆپە داهاتووەکانی پارێزگاکەت دەبینیت، خۆتیان تێدا تۆمار دەکەیت، بیرخەرەوەت بۆ دێت، و زانیاری دەربارەی هەڵبژاردنەکان دەخوێنیتەوە.
-welcome-data = دوای ڕەزامەندیت ئەمانە لەسەرت هەڵدەگرین: پارێزگاکەت و ئەو بابەتانەی خۆت هەڵیاندەبژێریت، تۆمارەکانت، وەڵامەکانت بۆ ڕاپرسییەکان، و ئەو پرسیارە ئارەزوومەندانەی تۆمارکردن کە خۆت وەڵامیان دەدەیتەوە (وەک ڕەگەز و گروپی تەمەن). ناوت هەڵناگرین.
-welcome-sharing = زانیارییەکانت نادەین بە هیچ لایەنێک، جگە لەو ڕێکخراوانەی ئەو چالاکییانە ڕێکدەخەن کە خۆتیان تێدا تۆمار دەکەیت.
-welcome-audience = کێ ڕاگەیاندنت بۆ دەنێرێت: ئەو ڕێکخراوانەی لە یەکێک لە چالاکییەکانیاندا تۆمار بوویت، و ئەو ڕێکخراوانەی خۆت شوێنیان دەکەویت، و هیچ کەسێکی تر. هەر کاتێک بتەوێت دەتوانیت ڕاگەیاندنەکانی یەک ڕێکخراو یان هەموو ڕاگەیاندنەکان ڕابگریت، بە نووسینی «ڕاگرتن».
-welcome-delete = هەر کاتێک بتەوێت دەتوانیت زانیارییەکانت بسڕیتەوە، بە نووسینی «سڕینەوەی زانیارییەکانم» (یان لە «ڕێکخستنەکان»ەوە).
-welcome-go = بۆ بەردەوامبوون «ڕازیم و دەست پێدەکەم» دابگرە.
welcome =
    { -welcome-intro }

    { -welcome-data } ژمارەی مۆبایلەکەت داوا ناکەین، مەگەر خۆت بینێریت. { -welcome-sharing }
    { -welcome-audience }
    پێش ڕەزامەندیت تەنها ناسێنەری ئەم گفتوگۆیە هەڵدەگرین (لەگەڵ ئەو بەستەر یان کۆدی بانگهێشتەی پێی هاتوویت)، و ئەگەر ڕازی نەبیت خۆکارانە دەسڕدرێتەوە. { -welcome-delete }

    { -welcome-go }
welcome-whatsapp =
    { -welcome-intro }

    { -welcome-data } لە واتساپ ژمارەی مۆبایلەکەت خۆی ناونیشانی ئەم گفتوگۆیەیە: بە ڕەزامەندیت هەڵیدەگرین بۆ ئەوەی بیرخەرەوە و ڕاگەیاندنت بۆ بنێرین، و هەر کاتێک داوات کرد لەگەڵ باقی زانیارییەکانت دەسڕدرێتەوە. { -welcome-sharing }
    { -welcome-audience }
    پێش ڕەزامەندیت تەنها ناسێنەری ئەم گفتوگۆیە لە واتساپ هەڵدەگرین (کە ژمارەکەی خۆتە)، و ئەگەر ڕازی نەبیت خۆکارانە دەسڕدرێتەوە. { -welcome-delete }

    { -welcome-go }
consent-button = ڕازیم و دەست پێدەکەم
choose-governorate = پارێزگاکەت هەڵبژێرە بۆ ئەوەی ئەو چالاکییانەت پیشان بدەین کە لێتەوە نزیکن:
settings-choose-governorate = پارێزگا نوێیەکەت هەڵبژێرە:
governorate-saved = پارێزگاکەت پاشەکەوت کرا: { $governorate } ✅
welcome-back = بەخێربێیتەوە بۆ «موشارەکە».

## Main menu and help

main-menu = لیستی سەرەکی — دەتەوێت چی بکەیت؟
menu-events = چالاکییە داهاتووەکان
menu-elections = زانیاریی هەڵبژاردن
menu-my = تۆمارەکانم
menu-settings = ڕێکخستنەکان
menu-help = یارمەتی
back-to-menu = لیستی سەرەکی
help =
    «موشارەکە» بۆتێکە بۆ ڕێکخراوەکانی کۆمەڵگەی مەدەنی لە عێراق:
    • «چالاکییە داهاتووەکان»: سیمینار و وۆرکشۆپەکانی پارێزگاکەت یان هەموو پارێزگاکان ببینە، و بە یەک دوگمە خۆت تۆمار بکە. ئەگەر کورسییەکان پڕ بووبن دەچیتە سەر لیستی چاوەڕوانی، و هەر کە کورسییەکت بۆ چۆڵ بوو ئاگادارت دەکەینەوە.
    • «تۆمارەکانم»: تۆمارەکانت و دۆخی هەر یەکێکیان. بۆ هەڵوەشاندنەوە «هەڵوەشاندنەوە: …» دابگرە (یان «پاشگەزبوونەوە» لە وردەکاریی چالاکییەکەدا)، پاشان بە «بەڵێ» پشتڕاستی بکەرەوە یان بە «نەخێر» بگەڕێوە.
    • بلیت: هەر کورسییەکی پشتڕاستکراوە کۆدی بلیت و QR کۆدێکی هەیە لە «بلیتەکانم» (یان بنووسە «بلیتەکانم»)؛ لە کاتی چوونەژوورەوە پیشانیان بدە. لە لیستی چاوەڕوانیدا تا کورسییەکت بۆ چۆڵ نەبێت بلیتت نییە، و چالاکییەکی هەڵوەشێندراو بلیتی نییە.
    • «زانیاریی هەڵبژاردن»: زانیاریی گشتی لەگەڵ سەرچاوەکەی و دواین ڕێکەوتی نوێکردنەوە.
    • «ڕێکخستنەکان»: پارێزگا، بابەتە دڵخوازەکان، زمان، «بەدواداچوونی ڕێکخراو»، و سڕینەوەی زانیارییەکانت.
    • ڕاگەیاندنەکان: تەنها لەو ڕێکخراوانەوە بۆت دێن کە لە یەکێک لە چالاکییەکانیاندا تۆمار بوویت یان شوێنیان دەکەویت. بۆ ڕاگرتنیان بنووسە «ڕاگرتن»: دوای ڕاگەیاندنی ڕێکخراوێک لێت دەپرسین تەنها ڕاگەیاندنەکانی ئەو ڕێکخراوە ڕادەگریت یان هەموو ڕاگەیاندنەکان. بۆ گەڕانەوەیان بنووسە «ئابوونە».
    ئەو وشانەی هەر کاتێک دەتوانیت بینووسیت: «لیست»، «یارمەتی»، «تۆمارەکانم»، «بلیتەکانم»، «ڕاگرتن»، «ئابوونە»، «سڕینەوەی زانیارییەکانم».
    هەر کاتێک بتەوێت بنووسە «لیست» یان { -lri }/menu{ -pdi } بۆ ئەوەی بگەڕێیتەوە بۆ لیستی سەرەکی.
not-understood = ببورە، لە نامەکەت تێنەگەیشتم. لە لیستی خوارەوە هەڵبژێرە یان بنووسە «یارمەتی».
option-stale = ئەم هەڵبژاردنە کۆنە یان ئیتر بەردەست نییە. هیچ شتێک نەگۆڕا.
error-generic = ببورە، هەڵەیەکی کاتی ڕوویدا و هیچ شتێک لەم هەنگاوە پاشەکەوت نەکرا. تۆزێکی تر هەوڵ بدەرەوە یان بنووسە «لیست».
none = هیچ
# Between items of a list in a sentence (a quoted space after the comma keeps it).
list-separator = {"، "}
sample-marker = ⚠️ ناوەڕۆکی تاقیکارییە، تەنها بۆ نمایشکردن.
# The title of a sample event wherever it is named outside its details: lists, confirmations, reminders.
sample-title = { $title } (تاقیکاری)

## Words people type instead of pressing buttons (comma-separated; matched after normalisation)

kw-menu = لیست, لیستی سەرەکی, لیستەکە, مێنیو, سەرەکی, دەستپێکردن, دەستپێبکە, menu
kw-help = یارمەتی, یارمەتیم بدە, یارمەتیدان, هاوکاری, help
kw-events = چالاکییەکان, چالاکیەکان, چالاکییە داهاتووەکان, چالاکی, سیمینار, سیمینارەکان, events
kw-elections = هەڵبژاردن, هەڵبژاردنەکان, زانیاریی هەڵبژاردن, زانیاری هەڵبژاردن
kw-my = تۆمارەکانم, تۆمارکردنەکانم, تۆمارەکەم
kw-settings = ڕێکخستنەکان, ڕێکخستن, سێتینگ, settings
kw-delete = سڕینەوەی زانیارییەکانم, سڕینەوەی زانیاریەکانم, زانیارییەکانم بسڕەوە, زانیاریەکانم بسڕەوە, سڕینەوەی داتاکانم

## Dates and numbers

datetime = { $date }، کاتژمێر { $time } { $period }
# The part of the day after a 12-hour time (messages.formatting.day_period).
period-morning = بەیانی
period-noon = نیوەڕۆ
period-afternoon = دوای نیوەڕۆ
period-evening = ئێوارە
period-midnight = نیوەشەو
period-night = شەو

## Governorates

gov-baghdad = بەغدا
gov-basra = بەسرە
gov-nineveh = نەینەوا
gov-erbil = هەولێر
gov-najaf = نەجەف
gov-karbala = کەربەلا
gov-maysan = مەیسان
gov-wasit = واست
gov-anbar = ئەنبار
gov-dhiqar = زیقار
gov-babil = بابل
gov-diyala = دیالە
gov-salahaddin = سەلاحەدین
gov-kirkuk = کەرکووک
gov-muthanna = موسەننا
gov-qadisiyah = قادسیە
gov-duhok = دهۆک
gov-sulaymaniyah = سلێمانی
gov-halabja = هەڵەبجە
all-governorates = هەموو پارێزگاکان

## Event kinds

kind-seminar = سیمینار
kind-roundtable = مێزگرد
kind-workshop = وۆرکشۆپ
kind-closing = دانیشتنی کۆتایی
kind-conference = کۆنفرانس
kind-campaign = هەڵمەت
all-kinds = هەموو جۆرەکان

## Interests

interest-democracy = دیموکراسی و هەڵبژاردن
interest-youth = گەنجان
interest-women = بەهێزکردنی ئافرەتان
interest-peace = ئاشتی و پێکەوەژیان
interest-anticorruption = نەهێشتنی گەندەڵی
interest-education = پەروەردە و خوێندن
interest-health = تەندروستی
interest-displaced = پشتگیریی ئاوارەکان
# The same interests on buttons (WhatsApp cuts a button at 20 characters, and «✅ » takes two).
interest-short-democracy = دیموکراسی
interest-short-youth = گەنجان
interest-short-women = ئافرەتان
interest-short-peace = ئاشتی و پێکەوەژیان
interest-short-anticorruption = نەهێشتنی گەندەڵی
interest-short-education = پەروەردە و خوێندن
interest-short-health = تەندروستی
interest-short-displaced = پشتگیریی ئاوارەکان

## Events

events-header = چالاکییە داهاتووەکان — { $where } — { $kind }
    پەڕەی { $page } لە { $pages } ({ $total ->
        [0] هیچ چالاکییەک نییە
        [one] یەک چالاکی
       *[other] { $total } چالاکی
    })
events-line = { $index }. { $title }
    🗓 { $date } — 📍 { $governorate }
events-empty = لە ئێستادا هیچ چالاکییەکی داهاتوو ({ $kind }) لە { $where } نییە. «هەموو پارێزگاکان» یان جۆرێکی تر تاقی بکەرەوە.
events-next = پەڕەی دواتر ◀
events-prev = ▶ پەڕەی پێشوو
events-all-governorates = هەموو پارێزگاکان
events-my-governorate = تەنها { $governorate }
events-filter-kind = پاڵاوتن بەپێی جۆر
events-back = گەڕانەوە بۆ لیست
choose-kind = جۆری چالاکی هەڵبژێرە:
event-unavailable = ئەم چالاکییە ئیتر بەردەست نییە (لەوانەیە هەڵوەشێندرابێتەوە یان سڕابێتەوە).
event-details =
    📌 { $title }
    جۆر: { $kind }
    لایەنی ڕێکخەر: { $organizer }
    🗓 کات: { $when } (بە کاتی بەغدا)
    📍 شوێن: { $venue }
    🎟 { $seats }

    { $description }
event-map = 🗺 نەخشە: { $url }
# A venue with its governorate, when the venue does not already name it (handlers/views.py place).
event-place = { $venue } — { $governorate }
seats-unlimited = ژمارەی کورسی بێسنوورە
seats-closed = 🔒 تۆمارکردن داخراوە
seats-full = کورسییەکان پڕ بوونەتەوە — { $waiting ->
        [0] هێشتا کەس لە لیستی چاوەڕوانیدا نییە
        [one] یەک کەس لە لیستی چاوەڕوانیدایە
       *[other] { $waiting } کەس لە لیستی چاوەڕوانیدان
    }
seats-left = { $count ->
        [0] هیچ کورسییەک نەماوە
        [one] تەنها یەک کورسی ماوە
       *[other] { $count } کورسی ماوە
    }

## Registration

register-button = تۆمارم بکە ✅
cancel-registration = پاشگەزبوونەوە ❌
register-waitlist-button = چاوەڕێ دەکەم ⏳
cancel-waitlist-place = دەرچوون لە لیست ❌
event-you-registered = ✅ تۆمار کراویت — بلیتەکەت: { $ticket }
event-you-wait = ⏳ لە لیستی چاوەڕوانیدایت (ڕیزبەندی { $position }). تا کورسییەکت بۆ چۆڵ نەبێت بلیتت نییە؛ هەر کە چۆڵ بوو ئاگادارت دەکەینەوە.
event-you-attended = ✔ تۆمار کراویت و ئامادە بوویت.
registered =
    ناوت تۆمار کرا ✅
    { $title }
    🗓 { $when }
    📍 { $venue }
    🎟 کۆدی بلیتەکەت: { $ticket }
    ئەم کۆدە لای خۆت هەڵبگرە و لە کاتی چوونەژوورەوە پیشانی بدە. پێش کاتی چالاکییەکە بیرت دەخەینەوە.
waitlisted =
    کورسییەکانی «{ $title }» پڕ بوونەتەوە، بۆیە ناوت خرایە سەر لیستی چاوەڕوانی.
    ڕیزبەندیت: { $position }. هەر کە کورسییەک چۆڵ بوو، یەکسەر ئاگادارت دەکەینەوە.
already-registered = پێشتر لەم چالاکییەدا تۆمار کراویت — دۆخ: { $status }، کۆدی بلیت: { $ticket }.
already-waitlisted = پێشتر لە لیستی چاوەڕوانیی ئەم چالاکییەدایت (ڕیزبەندی { $position }). هەر کە کورسییەک چۆڵ بوو، یەکسەر ئاگادارت دەکەینەوە.
register-unavailable = ئەم چالاکییە ئیتر بۆ تۆمارکردن بەردەست نییە.
register-past = کاتی ئەم چالاکییە بەسەرچووە و ئیتر تۆمارکردن تێیدا نییە.
register-closed = تۆمارکردن لەم چالاکییەدا داخراوە.
cancelled = تۆمارەکەت لە «{ $title }» هەڵوەشێندرایەوە. ئەگەر کەسێک لە چاوەڕوانیدا بووبێت، کورسییەکەت درا بەو.
cancel-nothing = ئەم تۆمارە پێشتر هەڵوەشێندراوەتەوە.
cancel-confirm =
    دەتەوێت تۆمارەکەت لە «{ $title }» هەڵبوەشێنیتەوە؟
    ئەگەر هەڵیبوەشێنیتەوە، کورسییەکەت دەدرێت بە یەکەم کەسی چاوەڕوان، و تەنها کاتێک دەیگەڕێنیتەوە کە کورسییەک دیسان چۆڵ ببێت.
cancel-waitlist-confirm =
    دەتەوێت شوێنەکەت لە لیستی چاوەڕوانیی «{ $title }» هەڵبوەشێنیتەوە؟
    ئەگەر دواتر بگەڕێیتەوە، دەچیتە کۆتایی لیستەکە.
cancel-yes = بەڵێ، هەڵیبوەشێنەوە
cancel-no = نەخێر، با بمێنێت
cancel-waitlist-yes = بەڵێ، دەردەچم
cancel-waitlist-no = نەخێر، چاوەڕێ دەکەم
cancel-kept = هیچ شتێک نەگۆڕا: تۆمارەکەت وەک خۆی ماوە.
cancelled-waitlist = شوێنەکەت لە لیستی چاوەڕوانیی «{ $title }» هەڵوەشێندرایەوە.
ticket-event-cancelled = «{ $title }» هەڵوەشێندراوەتەوە، بۆیە بلیتی نییە.
promoted =
    مژدە 🎉 کورسییەکت بۆ چۆڵ بوو لە «{ $title }».
    🗓 { $when }
    🎟 کۆدی بلیتەکەت: { $ticket }
calendar-caption = کاتەکە بخەرە ناو ڕۆژژمێرەکەتەوە 📅
calendar-description = کۆدی بلیت: { $ticket } — لایەنی ڕێکخەر: { $organizer }
status-confirmed = پشتڕاستکراوە
status-waitlisted = لە لیستی چاوەڕوانیدا (ڕیزبەندی { $position })
status-cancelled = هەڵوەشێندراوەتەوە
status-attended = ئامادە بوویت ✔

## My registrations

my-header = { $count ->
        [one] یەک تۆماری داهاتووت هەیە:
       *[other] { $count } تۆماری داهاتووت هەیە:
    }
my-line =
    { $index }. { $title }
    🗓 { $when }
    دۆخ: { $status } — 🎟 { $ticket }
my-empty = هیچ تۆمارێکی داهاتووت نییە. سەیری «چالاکییە داهاتووەکان» بکە و لەوەی بەلاتەوە گرنگە خۆت تۆمار بکە.
cancel-item = هەڵوەشاندنەوە: { $title }

my-line-waitlisted =
    { $index }. { $title }
    🗓 { $when }
    دۆخ: { $status }
my-line-event-cancelled =
    { $index }. { $title }
    🗓 بڕیار بوو لە { $when } بێت
    ❌ چالاکییەکە هەڵوەشێندرایەوە — ڕێکخەر لە { $cancelled } ڕایگەیاند
remove-item = لابردن لە لیست: { $title }
my-removed = «{ $title }» لە تۆمارەکانت لابرا.
## Elections information

elections-header = زانیاریی هەڵبژاردن — بابەتێک هەڵبژێرە:
elections-topic =
    🗳 { $title }

    { $body }

    سەرچاوە: { $source }
    دواین نوێکردنەوە: { $updated }
elections-back = بابەتەکانی هەڵبژاردن

## Settings

settings =
    ڕێکخستنەکان
    پارێزگا: { $governorate }
    بابەتە دڵخوازەکان: { $interests }
settings-governorate = گۆڕینی پارێزگا
settings-interests = بابەتە دڵخوازەکانم
settings-language = زمان
settings-organizations = بەدواداچوونی ڕێکخراو
settings-delete = زانیارییەکانم بسڕەوە
choose-interests = ئەو بابەتانە هەڵبژێرە کە بەلاتەوە گرنگن (بۆ هەڵبژاردن یان لابردن دایانبگرە)، و ڕاگەیاندنی پەیوەست بەوانەت بۆ دەنێرین:
interest-on = ✅ { $name }
interest-off = ⬜ { $name }
interests-done = تەواو ✔
choose-language = زمان هەڵبژێرە:
language-ar = العربية
language-saved = زمانەکە پاشەکەوت کرا.
follow-list =
    ئەو ڕێکخراوانەی شوێنیان دەکەویت (پەڕەی { $page } لە { $pages })
    ڕاگەیاندنی ڕێکخراوێکت بۆ دێت ئەگەر شوێنی بکەویت یان لە یەکێک لە چالاکییەکانیدا تۆمار بوویت، و هی هیچ ڕێکخراوێکی تر نا. ڕێکخراوێک دابگرە بۆ ئەوەی شوێنی بکەویت یان واز لە شوێنکەوتنی بهێنیت.
    ✅ شوێنی دەکەویت — ⬜ شوێنی ناکەویت — 🔕 ڕاگەیاندنەکانیت ڕاگرتووە (دایبگرە بۆ ئەوەی دووبارە شوێنی بکەویتەوە)
follow-list-empty = هێشتا هیچ ڕێکخراوێک چالاکیی بڵاو نەکردووەتەوە، بۆیە هیچ ڕێکخراوێک نییە شوێنی بکەویت.
follow-on = ✅ { $name }
follow-off = ⬜ { $name }
follow-stopped = 🔕 { $name }
follow-next = ڕێکخراوی تر ◀
follow-prev = ▶ ڕێکخراوەکانی پێشوو
follow-back-to-settings = ڕێکخستنەکان
follow-started = ✅ ئێستا شوێنی «{ $organization }» دەکەویت و ڕاگەیاندنەکانیت بۆ دێت. دەتوانیت لە «ڕێکخستنەکان» ← «بەدواداچوونی ڕێکخراو» واز لە شوێنکەوتنی بهێنیت.
follow-started-while-stopped = ✅ ئێستا شوێنی «{ $organization }» دەکەویت. بەڵام هەموو ڕاگەیاندنەکانت ڕاگرتووە، بۆیە تا «ئابوونە» نەنووسیت ڕاگەیاندنەکانیت بۆ نایەت.
follow-ended = وازت لە شوێنکەوتنی «{ $organization }» هێنا، و ئیتر ڕاگەیاندنەکانیت بۆ نایەت.
follow-ended-still-registered = وازت لە شوێنکەوتنی «{ $organization }» هێنا. بەڵام لە یەکێک لە چالاکییەکانیدا تۆمار بوویت، بۆیە لەوانەیە هێشتا ڕاگەیاندنەکانیت بۆ بێت. بۆ ڕاگرتنیان دوگمەی خوارەوە دابگرە.
event-follow = شوێنکەوتنی ڕێکخراو
event-unfollow = لابردنی شوێنکەوتن
delete-confirm =
    دەتەوێت زانیارییەکانت بسڕیتەوە؟ پارێزگاکەت، بابەتە دڵخوازەکانت، تۆمارەکانت و وەڵامەکانت دەسڕینەوە، و کورسییەکانت لە چالاکییە داهاتووەکاندا هەڵدەوەشێنرێنەوە.
    ئەم کارە گەڕانەوەی نییە.
delete-yes = بەڵێ، هەمووی بسڕەوە
delete-no = نا، پاشگەز بوومەوە
deleted-before-consent = زانیارییەکانت سڕانەوە: هیچ شتێکمان لەسەرت لا نەماوە. ئەگەر دووبارە نامەت بۆ ناردین، لە سەرەتاوە دەست پێدەکەینەوە، وەک ئەوەی یەکەم جارت بێت.
join-kept-until-consent = کۆدی بانگهێشتەکەمان هەڵگرت: دوای ڕەزامەندیت و هەڵبژاردنی پارێزگاکەت، دەتخەینە ناو تیمی ڕێکخراوەکەوە.
optout-before-consent =
    باشە: هیچ ڕاگەیاندنێکت لە ئێمەوە بۆ نایەت.
    بۆ ئەوەی داواکارییەکەت لەبیر بێت، تەنها ناسێنەری ئەم گفتوگۆیە هەڵدەگرین، بەبێ ناو و بەبێ هیچ زانیارییەکی تر، و ئەگەر ڕازی نەبیت بە مەرجەکان خۆکارانە دەسڕدرێتەوە. بۆ ئەوەی ئێستا بیسڕینەوە بنووسە «سڕینەوەی زانیارییەکانم».
deleted = { $count ->
        [0] زانیارییەکانت سڕانەوە.
        [one] زانیارییەکانت سڕانەوە و یەک تۆمار هەڵوەشێندرایەوە.
       *[other] زانیارییەکانت سڕانەوە و { $count } تۆمار هەڵوەشێندرانەوە.
    } ئەگەر دووبارە نامەت بۆ ناردین، لە سەرەتاوە دەست پێدەکەینەوە، وەک ئەوەی یەکەم جارت بێت.

## Terminal chat

console-banner = «موشارەکە» لە تێرمیناڵ — بۆ دەستپێکردن { -lri }/start{ -pdi } بنووسە، و بە ژمارەی هەڵبژاردنەکە یان ناوەکەی وەڵام بدەرەوە. { -lri }/as{ -pdi } ناو بۆ ئەوەی وەک کەسێکی تر قسە بکەیت، { -lri }/clock{ -pdi } بۆ بینینی کاتی لاساییکردنەوەکە یان بردنە پێشەوەی (بۆ نموونە { -lri }/clock +1d{ -pdi })، و Ctrl+D یان Ctrl+C بۆ دەرچوون.
console-as-now = ئێستا وەک «{ $name }» قسە دەکەیت.
console-as-new = ئێستا وەک «{ $name }» قسە دەکەیت — کەسێکی نوێیە لە لاساییکردنەوەکەدا، بۆ دەستپێکردن { -lri }/start{ -pdi } بنووسە.
console-as-who = ئێستا وەک «{ $name }» قسە دەکەیت. بۆ ئەوەی وەک کەسێکی تر قسە بکەیت، فەرمانی { -lri }/as{ -pdi } بنووسە و لە دوایدا ناوەکەی، بۆ نموونە: { -lri }/as ahmad{ -pdi }
console-as-usage = فەرمانی { -lri }/as{ -pdi } بنووسە و لە دوایدا ناوێک بەبێ بۆشایی (تا ٦٤ پیت)، بۆ نموونە: { -lri }/as ahmad{ -pdi }
console-clock-now = 🕒 کات لە لاساییکردنەوەکەدا: { $when } بە کاتی بەغدا.
console-clock-moved = ⏩ کات برایە پێشەوە بۆ { $when } بە کاتی بەغدا.
console-clock-usage =
    لە کاتی داواکراو تێنەگەیشتم. نموونە:
    { -lri }/clock +26h{ -pdi } (دوای ٢٦ کاتژمێر)، { -lri }/clock +3d{ -pdi } (دوای ٣ ڕۆژ)، { -lri }/clock +90m{ -pdi } (دوای ٩٠ خولەک)،
    { -lri }/clock 2026-12-07 12:00{ -pdi } (ڕێکەوت و کاتژمێر بە کاتی بەغدا).
console-clock-back = کات لە لاساییکردنەوەکەدا ناگەڕێتەوە دواوە: ئێستا { $when } بە کاتی بەغدا.
console-clock-too-far = ئەمە بازدانێکی زۆر گەورەیە: هەر جارێک زۆرترین ١٠ ساڵ دەتوانیت کات ببەیتە پێشەوە.
console-clock-real-people = لێرە ناتوانرێت کات بجوڵێنرێت: لەم بنکەدراوەیەدا کەسانێک هەن لە تێلیگرام یان واتساپ، و جوڵاندنی کات بیرخەرەوەیان لە کاتی هەڵەدا بۆ دەنێرێت. لاساییکردنەوەکە لەسەر بنکەدراوەیەکی تر تاقی بکەرەوە (DATABASE_URL).
console-pushed-to = 📨 → { $name }:
console-file-not-saved = ⚠ نەتوانرا فایلی { $name } پاشەکەوت بکرێت (سەیری ئاگادارکردنەوەکەی سەرەوە بکە).

## Flood control

flood-notice = لە ماوەیەکی کورتدا نامەی زۆرت بۆ ناردین 🙂 تۆزێک لەسەرخۆ بە، چەند چرکەیەکی تر وەڵامت دەدەینەوە.

## Typed words (issue 12): yes/no, back, skip/later, greetings, consent, a typo inside a submenu

kw-yes = بەڵێ, ئا, ئەرێ, بەلێ, yes
kw-no = نەخێر, نا, no
kw-back = گەڕانەوە, بگەڕێوە, دواوە, back
kw-skip = تێپەڕاندن, تێپەڕێنە, skip
kw-later = دواتر, پاشان, later
kw-greeting = سڵاو, سلاو, بەخێربێیت, ڕۆژباش, ئێوارەباش, چۆنن, چۆنی, hi, hello
kw-consent = ڕازیم, ڕازیم و دەست پێدەکەم, ڕازی, agree
greeting-reply = بەخێربێیت 👋 ئەمە «موشارەکە»یە. لە لیستی خوارەوە ئەوەی دەتەوێت هەڵبژێرە.
typo-hint = ئەم وشەیە لە نێو هەڵبژاردنەکاندا نەدۆزرایەوە. یەکێک لە هەڵبژاردنەکانی خوارەوە هەڵبژێرە، یان بنووسە «لیست» بۆ گەڕانەوە بۆ لیستی سەرەکی.
pending-postponed = باشە، ئەم پرسیارەمان بۆ دواتر هێشتەوە. هیچ لەوەی ئێستا نووسیت پاشەکەوت نەکرا.
pending-cannot-skip = ناتوانرێت ئەم پرسیارە تێپەڕێنرێت. وەڵامەکەت بنووسە، یان «دواتر» بۆ ئەوەی ئێستا جێی بهێڵیت، یان «لیست».
