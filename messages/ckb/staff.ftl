## Staff: panel, roles, invites

menu-staff-panel = پانێڵی ڕێکخەران 🛠
staff-panel =
    پانێڵی ڕێکخەران
    ڕۆڵەکانت: { $roles }
staff-not-allowed = ببورە، ئەم کارە تەنها بۆ ڕێکخەرانی ڕێگەپێدراوە. هیچ شتێک نەگۆڕا.
staff-choose-organization = بۆ کام ڕێکخراو؟
role-admin = بەڕێوەبەر
role-organizer = ڕێکخەری چالاکی
role-coordinator = هەماهەنگکاری داتا
staff-invite-role = دەتەوێت چ ڕۆڵێک بدەیت؟
staff-invite-created =
    کۆدی بانگهێشت: { $code }
    ڕۆڵ: { $role } لە «{ $organization }».
    ئەم نامەیە بۆ کەسەکە بنێرە: { -lri }/join { $code }{ -pdi }
    (یان دەتوانێت بنووسێت: پەیوەستبوون { $code }). کۆدەکە تەنها یەک جار و بۆ ماوەی حەوت ڕۆژ کار دەکات.
    کۆدەکە جارێکی تر پیشان نادرێتەوە: ئێستا کۆپیی بکە. دەتوانیت لە «تیمی ڕێکخراو» ← «بانگهێشتەکان» هەڵیبوەشێنیتەوە.
kw-join = پەیوەستبوون, پەیوەست بوون, join, /join
join-usage = کۆدی بانگهێشت لە دوای فەرمانەکە بنووسە، بۆ نموونە: { -lri }/join ABCD234567{ -pdi }
join-unknown = کۆدی بانگهێشتەکە هەڵەیە. لێی دڵنیابەرەوە، و ئەگەر پێویست بوو داوای کۆدێکی نوێ بکە.
join-expired = کاتی کۆدی بانگهێشتەکە بەسەرچووە. داوای کۆدێکی نوێ لە بەڕێوەبەری ڕێکخراوەکە بکە.
join-used = ئەم کۆدی بانگهێشتە پێشتر بەکارهاتووە. هەر کۆدێک تەنها یەک جار کار دەکات.
join-revoked = ئەم کۆدی بانگهێشتە هەڵوەشێندراوەتەوە. داوای کۆدێکی نوێ لە بەڕێوەبەری ڕێکخراوەکە بکە.
join-done = بەخێربێیت بۆ تیمی «{ $organization }» وەک { $role }. «پانێڵی ڕێکخەران» لە لیستی سەرەکیدا دەدۆزیتەوە.

## The organisation's team (admins): members, roles, removal, pending invites

team-entry = تیمی ڕێکخراو 👥
team-header =
    تیمی «{ $organization }»: { $count ->
        [0] هێشتا کەسی تێدا نییە.
        [one] یەک ئەندام.
       *[other] { $count } ئەندام.
    } (پەڕەی { $page } لە { $pages })
    { $lines }
    ئەندامێک هەڵبژێرە بۆ گۆڕینی ڕۆڵەکەی یان لابردنی.
team-line = { $index }. { $name } — { $roles }
team-member-option = { $name } — { $roles }
team-name-you = { $name } (خۆت)
team-name-telegram = بەکارهێنەری تێلیگرام { $id }
team-name-whatsapp = ژمارەی واتساپ بە کۆتایی { $last }
team-name-console = بەکارهێنەری تێرمیناڵ { $id }
team-name-other = بەکارهێنەر { $id }
team-name-unknown = ئەندامێک بەبێ هەژماری بەستراو
team-invites = بانگهێشتەکان ({ $count })
team-new-invite = بانگهێشتی ئەندام ➕
team-next = پەڕەی دواتر ◀
team-prev = ▶ پەڕەی پێشوو
team-back = گەڕانەوە بۆ تیم
team-back-member = گەڕانەوە
team-member =
    { $name }
    ڕۆڵ: { $roles }
    لە تیمدایە لە: { $since }
    دواین کار: { $last }
team-no-activity = هێشتا هیچ کارێکی تۆمار نەکراوە
team-last-action = { $activity }، { $when }
team-activity-event = بەڕێوەبردنی چالاکی
team-activity-broadcast = ڕاگەیاندن
team-activity-export = داگرتنی زانیاری
team-activity-checkin = تۆمارکردنی ئامادەبوون
team-activity-staff = گۆڕانکاری لە تیم
team-activity-invite = بانگهێشت
team-activity-org = دروستکردنی ڕێکخراو
team-activity-other = کارێکی تر
team-change-role = گۆڕینی ڕۆڵ
team-remove = لابردن لە تیم
team-choose-role =
    ڕۆڵی نوێی { $name } چی بێت؟ (ئێستا: { $roles })
    ڕۆڵە هەڵبژێردراوەکە دەبێتە تاکە ڕۆڵی ئەو لەم ڕێکخراوەدا.
team-role-changed = ✅ ڕۆڵی { $name } بوو بە: { $role }.
team-role-unchanged = ئێستا ڕۆڵی { $name } هەر ئەمەیە؛ هیچ شتێک نەگۆڕا.
team-last-admin = ناکرێت: ئەمە دواین بەڕێوەبەری ڕێکخراوەکەیە. سەرەتا بەڕێوەبەرێکی تر دابنێ. هیچ شتێک نەگۆڕا.
team-remove-confirm =
    دەتەوێت { $name } ({ $roles }) لە تیمی «{ $organization }» لابەیت؟
    ئیتر ناتوانێت پانێڵی ڕێکخەران بۆ ئەم ڕێکخراوە بەکاربهێنێت، و دوگمە کۆنەکانیشی کار ناکەن.
team-remove-yes = بەڵێ، لای بەرە
team-remove-no = نا، پاشگەز بوومەوە
team-removed = ✅ { $name } لە تیمەکە لابرا.
team-member-gone = ئەم کەسە ئیتر لە تیمەکەدا نییە؛ هیچ شتێک نەگۆڕا.
team-invites-header =
    { $count ->
        [0] هیچ بانگهێشتێکی بەکارنەهاتوو نییە.
        [one] یەک بانگهێشتی بەکارنەهاتوو:
       *[other] { $count } بانگهێشتی بەکارنەهاتوو:
    }
    { $lines }
    کۆدەکان دوای دروستکردنیان جارێکی تر پیشان نادرێنەوە. هەر بانگهێشتێک کە ئیتر ناتەوێت هەڵیبوەشێنەوە.
team-invite-line = { $index }. { $role } — بەسەردەچێت: { $expires }
team-revoke-option = هەڵوەشاندنەوەی بانگهێشتی { $index } ({ $role }، { $expires })
team-invite-revoked = ✅ بانگهێشتەکە هەڵوەشێندرایەوە: ئیتر کۆدەکەی کار ناکات.
team-invite-gone = ئەم بانگهێشتە ئیتر چاوەڕوانی بەکارهێنان نییە (بەکارهاتووە، هەڵوەشێندراوەتەوە یان بەسەرچووە)؛ هیچ شتێک نەگۆڕا.
