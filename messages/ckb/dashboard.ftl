## The coordinators' web page (web/) and the panel button that sends its sign-in link
## (handlers/dashboard_link.py). Every key starts with «dash-».

## The organizers' panel

dash-panel-entry = داشبۆردی زانیاری 📊
dash-link-sent =
    ئەمە بەستەری چوونەژوورەوەتە بۆ داشبۆردی زانیاری لە وێب:
    { $url }
    تەنها یەک جار و لە ماوەی ١٥ خولەکدا کار دەکات، و تەنها بۆ تۆیە: بۆ کەسی مەنێرە. دوای کردنەوەی، ١٢ کاتژمێر چوونەژوورەوەت دەمێنێت.
dash-link-refused = داشبۆردی زانیاری تەنها بۆ بەڕێوەبەران و هەماهەنگیکارانی زانیارییە.

## Page frame

dash-site-name = موشارەکە — داشبۆردی زانیاری
dash-nav-label = بەشەکانی داشبۆرد
dash-nav-overview = تێڕوانینی گشتی
dash-nav-programme = بەرنامە
dash-nav-admin = تیم و تۆماری وردبینی
dash-logout = چوونەدەرەوە
dash-footer = کاتەکان بە کاتی بەغدان. ئەم پەڕەیە زانیاری کەسانی تێدایە: لەسەر ئامێرێکی هاوبەش کراوەی بەجێ مەهێڵە.
dash-date-time = { $date }، کاتژمێر { $time } { $period }

## Signing in and out, refusals

dash-link-unknown-title = ئەم بەستەرە دروست نییە
dash-link-used-title = ئەم بەستەرە پێشتر بەکارهاتووە
dash-link-expired-title = ماوەی ئەم بەستەرە تەواو بووە
dash-link-new = بۆ وەرگرتنی بەستەرێکی نوێ: «پانێڵی ڕێکخەران» لە بۆتەکەدا بکەرەوە و «داشبۆردی زانیاری» دابگرە، یان داوا لە بەڕێوەبەری سێرڤەر بکە فەرمانی { -lri }musharaka web-link{ -pdi } جێبەجێ بکات. هەر بەستەرێک یەک جار و لە ماوەی ١٥ خولەکدا کار دەکات.
dash-signed-out-title = پێویستە بچیتە ژوورەوە
dash-signed-out-body = دانیشتنەکەت تەواو بووە یان هێشتا دەستی پێنەکردووە. «پانێڵی ڕێکخەران» لە بۆتەکەدا بکەرەوە و «داشبۆردی زانیاری» دابگرە بۆ وەرگرتنی بەستەرێکی نوێ.
dash-logged-out-title = چوویتە دەرەوە
dash-forbidden-title = مۆڵەتی ئەم پەڕەیەت نییە
dash-forbidden-body = ئەم پەڕەیە بۆ ڕۆڵەکانی ترە لە ڕێکخراوەکەت. ئەگەر وا دەزانیت هەڵەیە، داوا لە بەڕێوەبەری ڕێکخراوەکەت بکە ڕۆڵەکەت بپشکنێت.
dash-csrf-title = ئەم داواکارییە وەرنەگیرا
dash-csrf-body = ماوەی ئەو فۆرمەی ناردت تەواو بووە. بگەڕێوە، پەڕەکە نوێ بکەرەوە و دووبارە هەوڵ بدەوە.
dash-too-many-title = هەوڵی زۆر
dash-too-many-body = بەستەری نادروستی زۆر لەم ئامێرەوە هاتووە. چارەکە کاتژمێرێک چاوەڕێ بکە، پاشان بەستەرێکی نوێ لە بۆتەکەوە بکەرەوە.
dash-preview-title = بەستەری چوونەژوورەوە بۆ داشبۆردی زانیاری
dash-preview-body = ئەم بەستەرە لە وێبگەڕدا بکەرەوە بۆ چوونەژوورەوە.
dash-not-found-title = پەڕەکە نەدۆزرایەوە
dash-not-found-body = ئەم پەڕەیە بوونی نییە، یان دەربارەی چالاکییەکە کە هی ڕێکخراوەکەت نییە.

## Figures (shared by every page)

dash-events = چالاکییەکان
dash-registered = تۆمارکراوان
dash-waiting = لیستی چاوەڕوانی
dash-attended = ئامادەبووان
dash-survey-answers = وەڵامەکانی ڕاپرسی
dash-attendance-rate = ڕێژەی ئامادەبوون
dash-distinct-people = ئەو کەسانەی پێیان گەیشتین
dash-average-rating = تێکڕای هەڵسەنگاندن (لە ٥)
dash-registrations = تۆمارکردنەکان
dash-people = ژمارەی کەسەکان
dash-figure = پێوەر
dash-kind = جۆری چالاکی
dash-rating = هەڵسەنگاندن
dash-col-event = چالاکی
dash-col-date = ڕێکەوت
dash-col-governorate = پارێزگا
dash-status-draft = ڕەشنووس
dash-status-published = بڵاوکراوە
dash-status-cancelled = هەڵوەشێنراوە
dash-no-events = هیچ چالاکییەک لێرە نییە.
dash-nothing-yet = هێشتا هیچ نییە.
dash-period-from = لە
dash-period-to = بۆ
dash-period-show = پیشاندان
dash-period-shown = ماوە: لە { $start } بۆ { $end }
dash-period-all = هەموو ماوەکان. دوو ڕێکەوت هەڵبژێرە بۆ کورتکردنەوەی کۆکان.
dash-format-csv = CSV
dash-format-xlsx = Excel (XLSX)

## Overview

dash-overview-title = تێڕوانینی گشتی
dash-totals-title = کۆکان
dash-upcoming-title = چالاکییە داهاتووەکان
dash-recent-title = چالاکییە تازەکان

## Event

dash-back-overview = ← گەڕانەوە بۆ تێڕوانینی گشتی
dash-counts-title = ژمارەکان ئێستا
dash-refresh-note = ئەم ژمارانە هەر نیو خولەک جارێک خۆیان نوێ دەبنەوە.
dash-files-title = داگرتنی فایلەکان
dash-files-note = فایلەکان ژمارەی مۆبایل و تۆمارکردنە هەڵوەشێنراوەکانیان تێدا نییە. بۆ زیادکردنیان «داگرتنی زانیاری» لە بۆتەکەدا بەکاربهێنە. هەموو داگرتنێک لە تۆماری وردبینیدا دەنووسرێت.
dash-per-day = تۆمارکردن لە هەر ڕۆژێکدا
dash-by-governorate = تۆمارکراوان بەپێی پارێزگا
dash-attended-vs-registered = ئامادەبووان بەراورد بە تۆمارکراوان
dash-ratings = دابەشبوونی هەڵسەنگاندنەکان
dash-answers-title = وەڵامە نووسراوەکانی بەشداربووان
dash-search-label = لە وەڵامەکاندا بگەڕێ
dash-search = گەڕان
dash-search-shown = ئەو وەڵامانەی «{ $query }»یان تێدایە
dash-answer = وەڵام
dash-how-many = ژمارەی ئەوانەی نووسیویانە
dash-no-answers = هیچ وەڵامێک نییە.
dash-more-answers = { $count ->
        [one] وەڵامێکی تر لێرە پیشان نادرێت؛ گەڕانەکە تەسک بکەرەوە بۆ بینینی.
       *[other] { $count } وەڵامی تر لێرە پیشان نادرێن؛ گەڕانەکە تەسک بکەرەوە بۆ بینینیان.
    }

## Programme

dash-programme-title = بەرنامە لە ماوەیەکدا
dash-events-held = چالاکییە ئەنجامدراوەکان
dash-events-by-kind = چالاکییەکان بەپێی جۆر
dash-events-by-governorate = چالاکییەکان بەپێی پارێزگا
dash-people-by-governorate = کەسەکان بەپێی پارێزگا
dash-programme-download = داگرتنی ژمارەکان بە شێوەی { $format }

## Admin

dash-admin-title = تیم و تۆماری وردبینی
dash-organization = ڕێکخراو
dash-team-title = تیمی ڕێکخراو
dash-member = ئەندام
dash-roles = ڕۆڵەکان
dash-since = لە
dash-actions = کردار
dash-remove = لابردن لە تیم
dash-admin-removed = ئەندامەکە لە تیم لابرا. دانیشتنەکانی لەم داشبۆردەدا یەکسەر وەستان.
dash-admin-last-admin = دوایین بەڕێوەبەری ڕێکخراو لانابرێت. سەرەتا بەڕێوەبەرێکی تر زیاد بکە.
dash-admin-not-member = ئەم کەسە لە تیمی ڕێکخراوەکەدا نییە.
dash-invite-title = بانگهێشتکردنی ئەندامێکی نوێ
dash-role = ڕۆڵ
dash-invite = دروستکردنی کۆدی بانگهێشت
dash-invite-created = کۆدی بانگهێشت بۆ ڕۆڵی «{ $role }» (تەنها ئەم جارە پیشان دەدرێت، و یەک جار لە ماوەی حەوت ڕۆژدا کار دەکات؛ کەسەکە دوای { -lri }/join{ -pdi } بۆ بۆتەکەی دەنێرێت):
dash-invite-pending = بانگهێشت بۆ ڕۆڵی «{ $role }»، ڕۆژی { $until } تەواو دەبێت
dash-audit-title = تۆماری وردبینی
dash-audit-since = لە
dash-audit-action = کردار
dash-audit-actor = کێ کردی
dash-audit-anyone = هەموو کەس
dash-audit-when = کات
dash-audit-who = کێ
dash-audit-details = وردەکاری
dash-audit-empty = هیچ تۆمارێک بەم مەرجانە نییە.
dash-remove-confirm = پشتڕاستی دەکەمەوە
dash-admin-not-confirmed = کەس لانەبرا: سەرەتا «پشتڕاستی دەکەمەوە» لە تەنیشت دوگمەکە نیشانە بکە.
