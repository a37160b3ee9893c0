## Optional registration questions (issue 15): asked after a seat or a waiting-list place

rq-intro = ڕێکخراوی ڕێکخەر چەند پرسیارێکی ئارەزوومەندانەی دەربارەی تۆ هەیە، بۆ ڕاپۆرتەکانی. دەتوانیت هەر پرسیارێک تێپەڕێنیت، و تەنها تیمی ڕێکخراوەکە وەڵامەکانت دەبینێت.
rq-progress = پرسیاری ئارەزوومەندانە { $number } لە { $total }
rq-q-sex = ڕەگەزت؟
rq-q-age = گروپی تەمەنت چییە؟
rq-q-role = بە چ سیفەتێک ئامادە دەبیت؟
rq-q-organisation = ناوی ئەو لایەن یان ڕێکخراوەی سەر بەیت چییە؟
rq-q-disability = ئایا کەمئەندامیت هەیە؟
rq-q-displaced = ئایا ئاوارەیت؟
rq-short-sex = ڕەگەز
rq-short-age = گروپی تەمەن
rq-short-role = سیفەت
rq-short-organisation = لایەن
rq-short-disability = کەمئەندامی
rq-short-displaced = ئاوارە
rq-a-sex-male = پیاو
rq-a-sex-female = ئافرەت
rq-a-age-under18 = کەمتر لە ١٨
rq-a-age-18_24 = ١٨–٢٤
rq-a-age-25_34 = ٢٥–٣٤
rq-a-age-35_44 = ٣٥–٤٤
rq-a-age-45_59 = ٤٥–٥٩
rq-a-age-60plus = ٦٠ و زیاتر
rq-a-role-personal = بە سیفەتی کەسی
rq-a-role-cso = ڕێکخراوی کۆمەڵگەی مەدەنی
rq-a-role-government = لایەنی حکومی
rq-a-role-university = زانکۆ یان قوتابی
rq-a-role-media = ڕاگەیاندن
rq-a-role-other = تر
rq-a-disability-yes = بەڵێ
rq-a-disability-no = نەخێر
rq-a-displaced-yes = بەڵێ
rq-a-displaced-no = نەخێر
rq-prefer-not = پێم باشترە نەیڵێم
rq-skip = ⏭ تێپەڕاندن
rq-stop = دواتر، ئێستا بەسە
rq-type-answer = وەڵامەکەت بنووسە (تا { $limit } پیت)، یان بژاردەیەک هەڵبژێرە.
rq-too-long = وەڵامەکە درێژە ({ $length } پیت): تکایە لە { $limit } پیت زیاتر نەبێت.
rq-choice-invalid = لە هەڵبژاردنەکەت تێنەگەیشتم: تکایە یەکێک لە بژاردەکان دابگرە.
rq-reused = وەڵامە پێشووەکانت، بۆ ئەم چالاکییەش بەکاریان دەهێنین:
    { $answers }
rq-reused-line = • { $question }: { $answer }
rq-change = ✏️ گۆڕین: { $question }
rq-keep-all = ✅ بێ گۆڕانکاری
rq-thanks = سوپاس، وەڵامەکانت پاشەکەوت کران. هەر کاتێک دەتوانیت لە «ڕێکخستنەکان» بیانگۆڕیت یان بیانسڕیتەوە.
rq-stopped = باشە، ئێستا پرسیاری تر نییە. ئەوەی وەڵامت داوەتەوە هەڵگیراوە؛ دەتوانیت لە «ڕێکخستنەکان» بیگۆڕیت.
rq-saved = ✅ پاشەکەوت کرا.
rq-not-answered = وەڵام نەدراوەتەوە
rq-settings-entry = 📝 وەڵامەکانم
rq-settings-list =
    وەڵامەکانت بۆ پرسیارە ئارەزوومەندانەکان (تەنها تیمی ئەو ڕێکخراوەی لە چالاکییەکەیدا تۆمار دەکەیت دەیانبینێت):
    { $answers }
rq-back-to-answers = ↩️ وەڵامەکانم
rq-back-to-settings = ↩️ ڕێکخستنەکان
rq-delete-all = 🗑 وەڵامەکانم بسڕەوە
rq-delete-confirm = هەموو وەڵامەکانت بۆ پرسیارەکانی تۆمارکردن بسڕدرێنەوە؟ تۆمارەکانت وەک خۆیان دەمێننەوە.
rq-delete-yes = بەڵێ، بیانسڕەوە
rq-delete-no = نەخێر، گەڕانەوە
rq-deleted = وەڵامەکانت سڕانەوە.

## Organizers: which questions an event asks

rq-staff-entry = ❓ پرسیاری تۆمارکردن
rq-staff-screen =
    پرسیارە ئارەزوومەندانەکان دوای تۆمارکردن لە «{ $title }».
    پرسیارێک دابگرە بۆ چالاککردن یان ڕاگرتنی. دەتوانن تا { $max } پرسیاری تایبەتی خۆتان زیاد بکەن:
    { $own }
rq-staff-own-none = (هێشتا پرسیاری تایبەت نییە)
rq-staff-own-line = { $number }. { $question } — { $kind }
rq-staff-kind-text = دەقی کورت
rq-staff-kind-choice = بژاردەکان: { $choices }
rq-staff-on = ✅ { $question }
rq-staff-off = ⬜ { $question }
rq-staff-add = ➕ پرسیارێکی تایبەت
rq-staff-remove = 🗑 سڕینەوەی پرسیاری { $number }
rq-staff-ask-custom =
    پرسیارەکە لە دێڕی یەکەمدا بنووسە. بۆ بژاردەکان هەر بژاردەیەک لە دێڕێکی جیادا دوای ئەو بنووسە (٢ تا { $max })، یان بە «|» جیایان بکەرەوە. بەبێ بژاردە وەڵامەکە دەقێکی کورتە.
rq-staff-added = ✅ پرسیارەکە زیاد کرا.
rq-staff-removed = 🗑 پرسیارەکە و وەڵامەکانی سڕانەوە.
rq-error-question-length = پرسیارەکە دەبێت ١ تا { $max } پیت بێت.
rq-error-choices-count = ٢ تا { $max } بژاردە بنووسە.
rq-error-choice-length = هەر بژاردەیەک تا { $max } پیت، و دووبارە نەبێتەوە.
rq-error-too-many = زۆرترین { $max } پرسیاری تایبەت: سەرەتا یەکێک بسڕەوە.

## Donor summary (issue 15)

donor-menu-entry = 📊 پوختەی بەخشەران
donor-choose-organization = بۆ کام ڕێکخراو؟
donor-choose-period = پوختەی بەخشەرانی «{ $organization }»: ماوەکە هەڵبژێرە.
donor-period-3m = ٣ مانگی ڕابردوو
donor-period-6m = ٦ مانگی ڕابردوو
donor-period-12m = ١٢ مانگی ڕابردوو
donor-period-y = ئەمساڵ
donor-choose-format = ماوەی { $from } – { $to }. جۆری فایلەکە هەڵبژێرە:
donor-caption = پوختەی بەخشەران: { $organization }، لە { $from } تا { $to }.
donor-title = پوختەی بەخشەران
donor-heading = { $organization }: لە { $from } تا { $to }
donor-col-governorate = پارێزگا
donor-col-events = چالاکییەکان
donor-col-registered = تۆمارکراوان (کەس)
donor-col-attended = ئامادەبووان (کەس)
donor-col-reached = ئەو کەسانەی پێیان گەیشتین
donor-col-split = { $measure } — { $group }
donor-col-rating = تێکڕای هەڵسەنگاندن
donor-col-kind = چالاکی: { $kind }
donor-not-said = نەوتراوە
donor-total = کۆی گشتی
donor-fewer-than-5 = کەمتر لە ٥
# A group hidden because, with the total, it would give a group of fewer than 5 away.
donor-hidden = شاردراوە
donor-notes = ژمارەکان چۆن ژمێردران: هەر کەسێک یەک جار لە هەر پارێزگایەک و یەک جار لە کۆی گشتیدا دەژمێردرێت (کەسی جیاواز، نەک تۆمار). «تۆمارکراوان» ئەوانەن کە کورسییەکیان هەیە لە یەک یان زیاتر لە چالاکییەکانی ماوەکە، «ئامادەبووان» ئەوانەن کە ئامادەبوونیان لە دەرگا تۆمار کرا، و «پێیان گەیشتین» لیستی چاوەڕوانیش دەگرێتەوە. پارێزگا پارێزگای چالاکییەکەیە. ڕەگەز و تەمەن لە وەڵامە ئارەزوومەندانەکانەوەن: بێ وەڵام یان «پێم باشترە وەڵام نەدەمەوە» لە «نەوتراوە» دەژمێردرێت. هەر گروپێکی کەمتر لە ٥ کەس «کەمتر لە ٥» نیشان دەدرێت بۆ ئەوەی کەس نەناسرێتەوە. تێکڕای هەڵسەنگاندن لە ڕاپرسییەکانی دوای چالاکییەوەیە (١–٥).
donor-chart-title = تۆمارکراوان و ئامادەبووان بەپێی پارێزگا
donor-chart-people = کەس
