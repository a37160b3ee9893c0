## Per-event surveys (issue 15): new question kinds in the survey, and the organizers' survey builder

# Answering: several choices (toggle, then done), short and long text.
survey-choice-picked = ✅ { $choice }
survey-multi-done = تەواو ({ $count })
survey-multi-hint = هەموو ئەوانەی پەیوەندییان هەیە هەڵبژێرە، پاشان «تەواو» دابگرە. دەتوانیت ژمارەکانیشیان بنووسیت، بۆ نموونە: ١، ٣
survey-multi-none = وەڵامدانەوەی ئەم پرسیارە پێویستە: لانیکەم یەک هەڵبژاردن دیاری بکە، پاشان «تەواو» دابگرە.
survey-multi-invalid = هەڵبژاردنەکەتم تێنەگەیشت. هەڵبژاردنەکان دابگرە یان ژمارەکانیان بنووسە، بۆ نموونە: ١، ٣
survey-type-short = وەڵامێکی کورت لە نامەیەکدا بنووسە.
survey-type-long = وەڵامەکەت لە نامەیەکدا بنووسە، دەتوانیت بە درێژی بنووسیت.

# The organizers' panel and the event's admin card (button labels: at most 20 characters).
sb-panel = ڕاپرسییەکان 📝
ea-survey = ڕاپرسیی چالاکی 📝
sb-new = ڕاپرسیی نوێ ➕
sb-delete = سڕینەوەی ڕاپرسی
sb-delete-yes = بەڵێ، بیسڕەوە
sb-back-to-list = گەڕانەوە بۆ لیست
sb-back = ئێستا دەتەوێت چی بکەیت؟
sb-cancel = هەڵوەشاندنەوە
sb-finish = پاشەکەوتکردن ✅
sb-default-name = ڕاپرسیی بنەڕەتی
sb-list = { $count ->
        [one] ڕێکخراوەکەت یەک ڕاپرسیی پاشەکەوتکراوی هەیە.
       *[other] ڕێکخراوەکەت { $count } ڕاپرسیی پاشەکەوتکراوی هەیە.
    } ڕاپرسییەک هەڵبژێرە بۆ بینینی پرسیارەکانی، یان ڕاپرسییەکی نوێ دروست بکە. (پیشاندراو: { $shown })
sb-list-empty = هێشتا هیچ ڕاپرسییەک پاشەکەوت نەکراوە. هەموو چالاکییەک ڕاپرسیی بنەڕەتی دەنێرێت (هەڵسەنگاندن و سێ پرسیاری کراوە) مەگەر یەکێکی تر هەڵبژێریت.
sb-view = ڕاپرسیی «{ $name }» ({ $count ->
        [one] یەک پرسیار
       *[other] { $count } پرسیار
    }):
sb-question-line = { $number }. ({ $kind }) { $text }
sb-question-choices = { "   " }هەڵبژاردنەکان: { $choices }
sb-delete-confirm = ڕاپرسیی «{ $name }» بسڕدرێتەوە؟ ئەو چالاکییانەی هەڵیانبژاردووە کۆپییەکەی پرسیارەکانیان دەمێنێت.
sb-deleted = ڕاپرسیی «{ $name }» سڕایەوە.

# Question kinds (also button labels).
sb-kind-rating = هەڵسەنگاندن ١–٥ ⭐
sb-kind-choice = یەک هەڵبژاردن
sb-kind-multi = چەند هەڵبژاردنێک
sb-kind-short = دەقی کورت
sb-kind-long = دەقی درێژ
sb-kind-text = دەق

# Building a survey.
sb-ask-name = ناوی ڕاپرسییە نوێیەکە چییە؟ (تەنها تۆ و ڕێکخەران دەیبینن، تا { $max } پیت)
sb-ask-kind = پرسیاری { $number } لە زۆرترین { $max } لە «{ $name }»: جۆرەکەی هەڵبژێرە.
sb-choose-kind = جۆری پرسیارەکە لە دوگمەکان هەڵبژێرە، یان ڕاپرسییەکە پاشەکەوت بکە.
sb-ask-text = دەقی پرسیارەکە بنووسە ({ $kind })، تا { $max } پیت.
sb-ask-choices = هەڵبژاردنەکان لە یەک نامەدا بنێرە، هەر هەڵبژاردنێک لە دێڕێکدا (لە { $min } تا { $max } هەڵبژاردن).
sb-question-added = ✅ پرسیارەکە زیاد کرا.
sb-saved = ✅ ڕاپرسیی «{ $name }» پاشەکەوت کرا ({ $count ->
        [one] یەک پرسیار
       *[other] { $count } پرسیار
    }):
sb-what-next = ئێستا دەتوانیت لە «ڕاپرسیی چالاکی» لە کارتی هەر چالاکییەکدا هەڵیبژێریت.
sb-cancelled = دروستکردنی ڕاپرسییەکە هەڵوەشایەوە، هیچ شتێک پاشەکەوت نەکرا.

# The survey of one event.
sb-event-current = ڕاپرسیی ئەم چالاکییە: { $name }
sb-event-choose = ئەو ڕاپرسییە هەڵبژێرە کە دوای چالاکییەکە بۆ ئامادەبووان دەنێردرێت:
sb-event-locked = ڕاپرسیی ئەم چالاکییە نێردراوە یان خەڵک دەستیان کردووە بە وەڵامدانەوەی، بۆیە ئێستا ناگۆڕدرێت.
sb-event-chosen = ✅ چالاکیی «{ $title }» ئەم ڕاپرسییە دەنێرێت: { $name }

# Problems with what was typed (the same rules as `musharaka surveys import`).
sb-error-name-length = ناوەکە دەبێت لە نێوان { $min } و { $max } پیت بێت (ئێستا { $length } پیتە). ناوێکی تر بنووسە.
sb-error-name-taken = ڕێکخراوەکەت ڕاپرسییەکی بە ناوی «{ $name }» هەیە. ناوێکی تر هەڵبژێرە.
sb-error-question-length = دەقی پرسیارەکە دەبێت لە نێوان { $min } و { $max } پیت بێت (ئێستا { $length } پیتە). دووبارە بینووسەوە.
sb-error-question-count = ڕاپرسی لە یەک تا { $max } پرسیار پێکدێت (ئێستا { $count } پرسیاری تێدایە).
sb-error-choice-count = لە { $min } تا { $max } هەڵبژاردن بنێرە، هەر یەکە لە دێڕێکدا (تۆ { $count }ت نارد).
sb-error-choice-length = هەڵبژاردنی ژمارە { $number } لە { $max } پیت درێژترە ({ $length } پیتە). هەڵبژاردنەکان دووبارە بنێرەوە.
sb-error-choice-repeated = هەڵبژاردنی «{ $choice }» دووبارە بووەتەوە. هەڵبژاردنەکان بەبێ دووبارەکردنەوە بنێرەوە.
sb-error-choices-not-allowed = ئەم جۆرە پرسیارە ({ $kind }) هەڵبژاردنی نییە.
sb-error-kind-unknown = جۆری پرسیاری «{ $kind }» نەناسراوە. جۆرەکان: { $kinds }

# The XLSX summary sheet of the feedback export: the heading above the choice questions' counts.
export-summary-choices = وەڵامی پرسیارە هەڵبژاردنییەکان
