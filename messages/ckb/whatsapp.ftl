## WhatsApp: what the channel adds around the shared menus.

# The last row of a list with more than ten options opens the next page.
wa-more = زیاتر
wa-more-description = هەڵبژاردنی تر
# The button that opens a list message (at most 20 characters).
wa-list-button = هەڵبژێرە
# The body of a list or of buttons when the message text was sent before them.
wa-choose = لەم هەڵبژاردنانە هەڵبژێرە:
wa-more-body = هەڵبژاردنی زیاتر — پەڕەی { $page } لە { $pages }:
wa-more-stale = کاتی ئەم لیستە بەسەرچووە. ئەمە لیستی سەرەکییە:

## Linking Telegram and WhatsApp by phone number (Telegram settings)

link-phone = بەستنەوەی ژمارەکەم
link-phone-ask =
    ئەگەر لە واتساپیشەوە نامەمان بۆ دەنێریت، ژمارەی مۆبایلەکەت لێرە بنێرە بۆ ئەوەی هەردوو هەژمارەکەت بکەینە یەک: تۆمار و ڕێکخستنەکانت لە هەردوو کەناڵەکەدا یەک دەبن.
    ژمارەکەت بۆ هیچ شتێکی تر بەکارناهێنین، و بەبێ ڕەزامەندیت داوای ناکەین. بۆ ناردنی ژمارەکەت دوگمەی خوارەوە دابگرە.
link-phone-share = 📱 ناردنی ژمارەکەم
link-phone-saved = ژمارەکەت پاشەکەوت کرا ✅ ئەگەر بەم ژمارەیە لە واتساپەوە نامەمان بۆ بنێریت دەتناسینەوە، و تۆمار و ڕێکخستنەکانت هەر یەک دەبن.
link-phone-merged = هەژمارەکەت لە تێلیگرام و هەژمارەکەت لە واتساپ بەیەکەوە بەستران ✅ ئێستا تۆمار و ڕێکخستنەکانت لە هەردوو کەناڵەکەدا یەکن.
link-phone-invalid = نەتوانرا ئەم ژمارەیە بخوێنرێتەوە، هیچ شتێک نەگۆڕا.
