## Exports for coordinators: exporter names, column headers, status words, the summary sheet
## and the in-bot download flow. Every key starts with «export-».

## Exporter names (menu labels and sheet titles; a sheet title is at most 31 characters)

export-name-registrations = تۆمارەکان
export-name-attendance = ئامادەبوون
export-name-feedback = وەڵامەکانی ڕاپرسی
export-name-feedback-summary = پوختەی هەڵسەنگاندن

## Column headers

export-col-event = چالاکی
export-col-event-date = کاتی چالاکی
export-col-ticket = کۆدی بلیت
export-col-status = دۆخ
export-col-waitlist-position = ڕیزبەندی لە لیستی چاوەڕوانی
export-col-registered-at = کاتی تۆمارکردن
export-col-confirmed-at = کاتی پشتڕاستکردنەوەی کورسی
export-col-cancelled-at = کاتی هەڵوەشاندنەوە
export-col-checked-in-at = کاتی ئامادەبوون
export-col-channels = کەناڵ
export-col-governorate = پارێزگا
## Phone numbers only in a file asked for «لەگەڵ ژمارەی مۆبایلەکان»; each column says where its number comes from.
export-col-whatsapp-number = ژمارەی واتساپ
export-col-shared-number = ئەو ژمارەیەی خۆی ناردوویەتی
export-col-response-status = دۆخی وەڵام
export-col-started-at = دەستپێکردنی وەڵامدانەوە
export-col-completed-at = تەواوکردنی وەڵامدانەوە
export-col-complete = وەڵامە تەواوەکان
export-col-in-progress = وەڵامە ناتەواوەکان
export-col-average = تێکڕای هەڵسەنگاندن
export-col-rating-n = هەڵسەنگاندنی { $n }

## Words inside the exported cells

export-status-confirmed = پشتڕاستکراوە
export-status-waitlisted = لە لیستی چاوەڕوانیدا
export-status-cancelled = هەڵوەشێندراوەتەوە
export-response-complete = تەواوە
export-response-in-progress = هێشتا تەواو نەبووە
export-channel-telegram = تێلیگرام
export-channel-whatsapp = واتساپ
export-channel-console = تێرمیناڵ
export-list-separator = {"، "}

## The summary sheet of XLSX feedback files

export-summary-sheet = پوختە
export-summary-complete = ژمارەی وەڵامە تەواوەکان
export-summary-in-progress = وەڵامی هێشتا تەواونەبوو
export-summary-average = تێکڕای هەڵسەنگاندن (لە ٥)
export-summary-rating = هەڵسەنگاندن
export-summary-count = ژمارەی بەشداربووان
export-summary-chart-title = دابەشبوونی هەڵسەنگاندنەکان

## The download flow in the bot (staff only)

export-menu-entry = داگرتنی زانیارییەکان
export-choose-event = ئەو چالاکییە هەڵبژێرە کە دەتەوێت زانیارییەکانی دابگریت (چالاکییە نوێ و داهاتووەکان) — پەڕەی { $page } لە { $pages }:
export-no-events = هیچ چالاکییەکی نوێ یان داهاتوو نییە کە زانیارییەکانی دابگریت.
export-event-option = { $title } — { $date }
export-next = پەڕەی دواتر ◀
export-prev = ▶ پەڕەی پێشوو
export-choose-exporter = دەتەوێت چی دەربارەی «{ $event }» دابگریت؟
export-choose-format = جۆری فایلی «{ $exporter }» هەڵبژێرە:
export-format-csv = CSV (بۆ Excel)
export-format-xlsx = { -lri }Excel{ -pdi } لەگەڵ پوختە
## What the file will hold, under the format question, and the options that change it.
export-phones-state = { $on ->
        [yes] • ژمارەی مۆبایلەکان: لەناویدان. ئەم داگرتنە وەک داگرتنێکی هەستیار لە تۆماری وردبینیدا تۆمار دەکرێت.
       *[no] • ژمارەی مۆبایلەکان: لەناویدا نین.
    }
export-cancelled-state = { $on ->
        [yes] • تۆمارە هەڵوەشێندراوەکان: لەناویدان.
       *[no] • تۆمارە هەڵوەشێندراوەکان: لەناویدا نین.
    }
export-with-phones = لەگەڵ ژمارەی مۆبایل
export-without-phones = بەبێ ژمارەی مۆبایل
export-with-cancelled = لەگەڵ هەڵوەشاوەکان
export-without-cancelled = بەبێ هەڵوەشاوەکان
export-back-events = گەڕانەوە بۆ لیست
export-event-missing = ئەم چالاکییە ئیتر بوونی نییە.
export-caption = { $exporter } — { $event }
    { $rows ->
        [0] فایلەکە بەتاڵە: هێشتا هیچ ڕیزێکی تێدا نییە.
        [one] یەک ڕیز.
       *[other] { $rows } ڕیز.
    }
    زانیارییەکان هەستیارن: فایلەکە لە شوێنێکی پارێزراودا هەڵبگرە و تەنها لەگەڵ ئەو کەسانە بەشی بکە کە پێویستیان پێیەتی.
export-caption-phones = ئەم فایلە ژمارەی مۆبایلی تێدایە، و داگرتنەکەی لە تۆماری وردبینیدا تۆمار کراوە.
export-more = فایلێکی ترت دەوێت؟
export-another = فایلێکی تر
