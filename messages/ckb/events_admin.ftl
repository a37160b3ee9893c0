## Organizers: creating and managing events (handlers/staff_events.py)

ea-panel-new = چالاکیی نوێ ➕
ea-panel-mine = چالاکییەکانمان 📋

## Guided creation

ea-wizard-intro = با چالاکییەکی نوێ دروست بکەین کە «{ $organization }» ڕێکی دەخات. یەک لە دوای یەک وەڵامی پرسیارەکان بدەرەوە، و لە هەر هەنگاوێکدا دەتوانیت هەڵیبوەشێنیتەوە.
ea-step = هەنگاوی { $number } لە { $total }
ea-ask-title = ناونیشانی چالاکییەکە چییە؟ (لە { $min } تا { $max ->
        [one] یەک پیت
       *[other] { $max } پیت
    })
ea-ask-kind = جۆری چالاکییەکە چییە؟
ea-ask-governorate = چالاکییەکە لە کام پارێزگا دەکرێت؟
ea-ask-venue = بە وردی لە کوێ دەکرێت؟ شوێنەکە بنووسە، بۆ نموونە: ڕانیە — هۆڵی ناوەندی ڕۆشنبیری.
ea-ask-map = بەستەری شوێنەکە لەسەر نەخشە بنێرە (بە { -lri }https://{ -pdi } دەست پێدەکات)، یان «بەبێ نەخشە» دابگرە.
ea-ask-starts =
    چالاکییەکە کەی دەست پێدەکات؟ ڕێکەوت و کاتژمێر بە کاتی بەغدا بنووسە، بۆ نموونە:
    ٧/١٢/٢٠٢٦ ١٠:٠٠
    یان ٧/١٢/٢٠٢٦ ١٦:٠٠
    یان { -lri }2026-12-07 16:00{ -pdi }
ea-ask-duration = چالاکییەکە چەند دەخایەنێت؟ هەڵبژێرە، یان ماوەکە بە خولەک بنووسە (بۆ نموونە ٩٠) یان بە کاتژمێر (بۆ نموونە ٢ کاتژمێر).
ea-ask-capacity = چەند کورسی هەیە؟ ژمارەیەک بنووسە (بۆ نموونە ٤٠) یان «بێسنوور» هەڵبژێرە.
ea-ask-description = وەسفێکی چالاکییەکە بنووسە بۆ ئەوەی هاووڵاتیان بیخوێننەوە (تا { $max ->
        [one] یەک پیت
       *[other] { $max } پیت
    }).
ea-skip-map = بەبێ نەخشە
ea-duration-hours = { $hours ->
        [one] یەک کاتژمێر
       *[other] { $hours } کاتژمێر
    }
ea-unlimited = بێسنوور
ea-wizard-cancel = هەڵوەشاندنەوە
ea-wizard-cancelled = دروستکردنی چالاکییەکە هەڵوەشێندرایەوە و هیچ شتێک پاشەکەوت نەکرا.
ea-wizard-stale = ئەم دوگمەیە هی هەنگاوێکی پێشووە. لەو شوێنەوە بەردەوام دەبین کە لێی وەستایت:
ea-preview-header = پێشبینین: هاووڵاتیان چالاکییەکە بەم شێوەیە دەبینن 👇
ea-preview-question = ئێستا بڵاوی دەکەیتەوە یان وەک ڕەشنووس پاشەکەوتی دەکەیت؟ هاووڵاتیان ڕەشنووس نابینن تا بڵاوی نەکەیتەوە.
ea-publish = بڵاوکردنەوە ✅
ea-save-draft = پاشەکەوتی ڕەشنووس 📝
ea-created-published = ✅ چالاکیی «{ $title }» بڵاو کرایەوە. هاووڵاتیان ئێستا لە «چالاکییە داهاتووەکان» دەیبینن.
ea-created-draft = 📝 «{ $title }» وەک ڕەشنووس پاشەکەوت کرا. هاووڵاتیان نایبینن تا لە «چالاکییەکانمان» بڵاوی نەکەیتەوە.
ea-manage-this = بەڕێوەبردنی چالاکی

## Words people type instead of pressing (comma-separated; matched after normalisation)

ea-kw-unlimited = بێسنوور, بێ سنوور, سنووری نییە, کراوە, unlimited
ea-kw-hours = کاتژمێر, سەعات, hour, hours, h
ea-kw-minutes = خولەک, دەقیقە, min, minutes, m
ea-kw-one-hour = کاتژمێرێک, یەک کاتژمێر, سەعاتێک, یەک سەعات
ea-kw-two-hours = دوو کاتژمێر, دوو سەعات
# `reminder_hours` in an imported file: no reminders at all.
ea-kw-no-reminders = نا, نەخێر, نییە, بەبێ, بەبێ بیرخەرەوە, هیچ, none

## Why an answer was refused (the question follows again)

ea-error-title-length = ناونیشان دەبێت لە نێوان { $min } و { $max ->
        [one] یەک پیتدا
       *[other] { $max } پیتدا
    } بێت، بەڵام ئەوەی نووسیت { $length ->
        [one] یەک پیتە
       *[other] { $length } پیتە
    }.
ea-error-venue-length = شوێن دەبێت لە نێوان { $min } و { $max ->
        [one] یەک پیتدا
       *[other] { $max } پیتدا
    } بێت، بەڵام ئەوەی نووسیت { $length ->
        [one] یەک پیتە
       *[other] { $length } پیتە
    }.
ea-error-description-empty = وەسفەکە بەتاڵە. چەند ڕستەیەک دەربارەی چالاکییەکە بنووسە.
ea-error-description-length = وەسفەکە لە زۆرترین ڕادە ({ $max ->
        [one] یەک پیت
       *[other] { $max } پیت
    }) درێژترە: { $length ->
        [one] یەک پیتت
       *[other] { $length } پیتت
    } نووسیوە. کورتی بکەرەوە و دووبارە بینێرەوە.
ea-error-map-url = ئەمە لە بەستەری نەخشە ناچێت. بەستەرێکی تەواو بنێرە کە بە { -lri }https://{ -pdi } دەست پێبکات، یان «بەبێ نەخشە» دابگرە.
ea-error-starts-format = { date-error-format }
ea-error-starts-year = { date-error-year }
ea-error-starts-month = { date-error-month }
ea-error-starts-day = { date-error-day }
ea-error-starts-time = { date-error-time }
ea-error-starts-past = ئەم کاتە بەسەرچووە. کاتێک لە داهاتوودا بە کاتی بەغدا هەڵبژێرە.
ea-error-starts-too-far = کاتەکە زۆر دوورە (زیاتر لە { $days ->
        [one] یەک ڕۆژی تر
       *[other] { $days } ڕۆژی تر
    }). لە ساڵەکە دڵنیابەرەوە.
ea-error-duration-invalid = لە ماوەکە تێنەگەیشتم. بە ژمارە بینووسە، بە خولەک (بۆ نموونە ٩٠) یان بە کاتژمێر (بۆ نموونە ٢ کاتژمێر).
ea-error-duration-range = ماوەکە دەبێت لە نێوان { $min ->
        [one] یەک خولەک
       *[other] { $min } خولەک
    } و یەک هەفتەدا بێت.
ea-error-capacity-invalid = ژمارەی کورسییەکان بە ژمارە بنووسە (بۆ نموونە ٣٠)، یان «بێسنوور» هەڵبژێرە.
ea-error-capacity-range = ژمارەی کورسییەکان دەبێت لە ١ تا { $max } بێت.
ea-error-capacity-below-confirmed = ژمارەی کورسییەکان ناتوانێت کەمتر بێت لە ژمارەی تۆمارکراوە پشتڕاستکراوەکان ({ $confirmed }).
ea-error-choice = یەکێک لە هەڵبژاردنەکانی خوارەوە هەڵبژێرە.
ea-error-kind-unknown = جۆرێکی نەناسراو: { $value }
ea-error-governorate-unknown = پارێزگایەکی نەناسراو: { $value }
ea-error-status-unknown = دۆخێکی نەناسراو: { $value }
ea-error-organization-unknown = ڕێکخراوێکی نەناسراو: { $value }
ea-error-field-unknown = ئەم خانەیە ناگۆڕدرێت.
ea-error-event-cancelled = ئەم چالاکییە هەڵوەشێندراوەتەوە و ناگۆڕدرێت.
ea-error-publish-past = کاتی ئەم ڕەشنووسە بەسەرچووە. سەرەتا کاتەکەی بگۆڕە و پاشان بڵاوی بکەرەوە.

## The organisation's events and the admin card

ea-list-header = چالاکییە داهاتووەکان و ڕەشنووسەکانی «{ $organization }» — پەڕەی { $page } لە { $pages }
ea-list-empty = «{ $organization }» هیچ چالاکییەکی داهاتوو یان ڕەشنووسی نییە. لە «چالاکیی نوێ» یەکێک دروست بکە.
ea-list-line = { $index }. { $marker }{ $title }
    🗓 { $date } — ✅ { $confirmed } ⏳ { $waiting }
ea-draft-marker = [ڕەشنووس]
ea-draft-label = 📝 { $title }
ea-status-draft = ڕەشنووس (هاووڵاتیان نایبینن)
ea-status-published = بڵاوکراوەتەوە
ea-status-cancelled = هەڵوەشێندراوەتەوە
ea-registration-is-open = کراوەیە
ea-registration-is-closed = داخراوە 🔒
ea-seats-unlimited = بێسنوور
ea-card =
    🛠 بەڕێوەبردنی چالاکی
    دۆخ: { $status }
    تۆمارکردن: { $registration }
    ✅ پشتڕاستکراو: { $confirmed }
    ⏳ لە لیستی چاوەڕوانیدا: { $waiting }
    🎫 ئامادەبوون: { $checked_in }
    💺 کورسیی ماوە: { $seats }
ea-edit = دەستکاریکردن ✏️
ea-publish-draft = بڵاوکردنەوە ✅
ea-close-registration = داخستنی تۆمارکردن 🔒
ea-reopen-registration = کردنەوەی تۆمارکردن 🔓
ea-cancel-event = هەڵوەشاندنەوە ❌
ea-refresh = نوێکردنەوە 🔄
ea-back-to-list = چالاکییەکانی ڕێکخراو
ea-back-to-card = گەڕانەوە بۆ چالاکی

## Editing

ea-edit-which = دەتەوێت چی لە «{ $title }» بگۆڕیت؟
ea-field-title = ناونیشان
ea-field-venue = شوێن
ea-field-starts_at = کات
ea-field-capacity = ژمارەی کورسی
ea-field-description = وەسف
ea-field-kind = جۆری چالاکی
ea-field-governorate = پارێزگا
ea-field-map_url = بەستەری نەخشە
ea-field-duration_minutes = ماوە
ea-field-reminder_hours = بیرخستنەوەکان
ea-ask-reminders = چەند کاتژمێر پێش دەستپێکردن بیرخستنەوە بگاتە تۆمارکراوەکان؟ کاتژمێرەکان بە کۆما جیا بکەرەوە و بنووسە (بۆ نموونە ٢٤، ١)، یان هەڵبژێرە.
ea-reminders-preset = ڕۆژێک و کاتژمێرێک
ea-reminders-none = بەبێ بیرخستنەوە
ea-current-duration = { $minutes ->
        [one] یەک خولەک
       *[other] { $minutes } خولەک
    }
ea-current-reminders = { $hours } کاتژمێر پێش دەستپێکردن
ea-error-reminders-invalid = تا { $count ->
        [one] یەک ژمارەی
       *[other] { $count } ژمارەی
    } کاتژمێر لە ١ تا { $max } بنووسە، بە کۆما جیا بکرێنەوە (بۆ نموونە ٢٤، ١)، یان «بەبێ بیرخستنەوە».
ea-edit-current = ئێستا: { $value }
ea-edit-saved = ✅ گۆڕانکارییەکە پاشەکەوت کرا.
ea-edit-unchanged = ئەمە هەمان ئەوەیە کە ئێستا هەیە، هیچ شتێک نەگۆڕا.
ea-edit-notified = { $count ->
        [0] هیچ تۆمارکراوێک نییە ئاگادار بکرێتەوە.
        [one] ئاگادارییەک دەربارەی گۆڕانکارییەکە بۆ یەک تۆمارکراو دەنێردرێت.
       *[other] ئاگادارییەک دەربارەی گۆڕانکارییەکە بۆ { $count } تۆمارکراو دەنێردرێت.
    }
ea-edit-promoted = { $count ->
        [one] یەک کەس لە لیستی چاوەڕوانییەوە گوازرایەوە بۆ کورسییەکی پشتڕاستکراو، و ئاگادار دەکرێتەوە.
       *[other] { $count } کەس لە لیستی چاوەڕوانییەوە گوازرانەوە بۆ کورسیی پشتڕاستکراو، و ئاگادار دەکرێنەوە.
    }

## Publish, registration, cancel

ea-published = ✅ «{ $title }» بڵاو کرایەوە. هاووڵاتیان ئێستا دەیبینن و دەتوانن خۆیان تۆمار بکەن.
ea-already-published = «{ $title }» پێشتر بڵاو کراوەتەوە.
ea-registration-closed-done = 🔒 تۆمارکردن لە «{ $title }» داخرا. ئێستا کەس ناتوانێت خۆی تۆمار بکات، و ئەوانەی تۆمار کراون وەک خۆیان دەمێننەوە.
ea-registration-opened-done = 🔓 تۆمارکردن لە «{ $title }» دووبارە کرایەوە.
ea-cancel-confirm =
    دڵنیایت لە هەڵوەشاندنەوەی «{ $title }»؟ { $count ->
        [0] هێشتا کەس تۆمار نەکراوە.
        [one] ئاگادارییەکی هەڵوەشاندنەوە بۆ یەک تۆمارکراو دەنێردرێت.
       *[other] ئاگادارییەکی هەڵوەشاندنەوە بۆ { $count } تۆمارکراو دەنێردرێت.
    }
    هەڵوەشاندنەوە گەڕانەوەی نییە.
ea-cancel-yes = بەڵێ، هەڵیبوەشێنەوە
ea-cancel-no = نا، پاشگەز بوومەوە
ea-cancelled-done = ❌ «{ $title }» هەڵوەشێندرایەوە. { $count ->
        [0] هیچ کەسێک تۆمار نەکرابوو.
        [one] ئاگادارییەکی هەڵوەشاندنەوە بۆ یەک تۆمارکراو دەنێردرێت.
       *[other] ئاگادارییەکی هەڵوەشاندنەوە بۆ { $count } تۆمارکراو دەنێردرێت.
    }
ea-already-cancelled = «{ $title }» پێشتر هەڵوەشێندراوەتەوە.

## What registrants receive when an event changes

ea-changed-governorate-notice =
    📍 پارێزگای چالاکیی «{ $title }» کە خۆتت تێدا تۆمار کردووە گۆڕا.
    پارێزگای نوێ: { $governorate } — شوێن: { $venue }
    (پێشتر: { $old })
    کاتەکەی وەک خۆیەتی: { $when } (بە کاتی بەغدا)
ea-changed-venue-notice =
    📍 شوێنی چالاکیی «{ $title }» گۆڕا، کە تێیدا تۆمار بوویت.
    شوێنی نوێ: { $venue }
    (پێشتر: { $old })
    کاتەکە وەک خۆیەتی: { $when } (بە کاتی بەغدا)

## Dates and times typed by organizers: the event start and the broadcast time (handlers/date_answers.py)

date-error-format = لە ڕێکەوت و کاتژمێرەکە تێنەگەیشتم. بە ژمارە بیاننووسە: ڕۆژ/مانگ/ساڵ و پاشان کاتژمێر، بۆ نموونە ٧/١٢/٢٠٢٦ ١٠:٠٠ یان ٧/١٢/٢٠٢٦ ١٦:٠٠.
date-error-year = ساڵ بە چوار ژمارە بنووسە، بۆ نموونە ٧/١٢/٢٠٢٦ ١٠:٠٠.
date-error-month = مانگ ژمارەیەکە لە ١ تا ١٢، و دوای ڕۆژ دێت: ڕۆژ/مانگ/ساڵ، بۆ نموونە ٧/١٢/٢٠٢٦ بۆ ٧ی کانوونی یەکەم.
date-error-day = ئەم ڕۆژە لەو مانگەدا نییە: { $month } تەنها { $days ->
        [one] یەک ڕۆژە
       *[other] { $days } ڕۆژە
    }، بەڵام ڕۆژی { $day } نووسراوە.
date-error-time = کاتژمێر بەم شێوەیە بنووسە: ١٠:٠٠ (یان ١٦:٠٠، یان ١٨:٣٠)، لە دوای ڕێکەوتەکە.
date-evening-question = کاتژمێرەکەت بە { $time } نووسی و دیار نییە بەیانییە یان ئێوارە. مەبەستت کاتژمێر { $evening } { $period } بوو؟
# Each button names the time it stands for (a «بەڵێ،» before it would not fit a WhatsApp button).
date-evening-yes = { $time } { $period }
date-evening-no = { $time } { $period }
# Typed answers to the evening question (comma-separated; matched after normalisation).
date-kw-evening = بەڵێ, بەڵی, ئا, ئەرێ, yes, ئێوارە, ئێوارێ, عەسر, شەو, دوای نیوەڕۆ, دوانیوەڕۆ
date-kw-morning = نا, نەخێر, no, بەیانی, بەیانیان, بەرەبەیان
