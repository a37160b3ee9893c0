## Reminders, notices and the post-event survey

reminder-day =
    ⏰ تذكير: موعدك غداً
    { $title }
    🗓 { $when }
    📍 { $venue }
    🎟 رمز تذكرتك: { $ticket }
    هل ستحضر؟
reminder-hour =
    ⏰ تذكير: تبدأ الفعالية بعد ساعة
    { $title }
    🗓 { $when }
    📍 { $venue }
    🎟 رمز تذكرتك: { $ticket }
rsvp-yes = سأحضر ✅
rsvp-no = لن أتمكن من الحضور
rsvp-thanks = شكراً لتأكيدك، ننتظرك! أظهر رمز تذكرتك { $ticket } عند الدخول.
event-moved-notice =
    تغيّر موعد «{ $title }».
    الموعد السابق: { $old }
    الموعد الجديد: { $new }
    📍 { $venue }
    تسجيلك ما زال قائماً. إذا لم يعد الموعد يناسبك يمكنك إلغاء التسجيل من «تسجيلاتي».
event-cancelled-notice =
    نأسف، أُلغيت فعالية «{ $title }» التي كانت مقررة يوم { $when }.
    يمكنك تصفح الفعاليات القادمة الأخرى.

## Survey

# A main menu entry: at most 20 characters, so that WhatsApp shows it whole.
menu-surveys = { $count ->
        [one] استبيان بانتظارك
        [two] استبيانان بانتظارك
        [few] { $count } استبيانات تنتظرك
        [many] { $count } استبياناً تنتظرك
       *[other] { $count } استبيان تنتظرك
    }
survey-invitation =
    شكراً لمشاركتك في «{ $title }» 🙏
    رأيك يساعد المنظمين على تحسين الفعاليات القادمة. الاستبيان { $count ->
        [one] سؤال واحد
        [two] سؤالان
        [few] { $count } أسئلة
        [many] { $count } سؤالاً
       *[other] { $count } سؤال
    } فقط.
survey-start = ابدأ الاستبيان
survey-later = لاحقاً
survey-intro = استبيان «{ $title }». يمكنك التوقف والعودة لاحقاً من القائمة الرئيسية.
survey-resume = نكمل الاستبيان من حيث توقفت.
survey-progress = السؤال { $number } من { $total }:
survey-type-answer = اكتب إجابتك في رسالة.
survey-skip = تخطي هذا السؤال
survey-required = هذا السؤال مطلوب. اختر إجابة من فضلك.
survey-rating-invalid = اختر تقييماً من ١ إلى ٥.
survey-choice-invalid = اختر أحد الخيارات المعروضة.
survey-too-long = إجابتك أطول من المسموح: طولها { $length ->
        [one] حرف واحد
        [two] حرفان
        [few] { $length } أحرف
        [many] { $length } حرفاً
       *[other] { $length } حرف
    } والحد الأقصى { $limit ->
        [one] حرف واحد
        [two] حرفان
        [few] { $limit } أحرف
        [many] { $limit } حرفاً
       *[other] { $limit } حرف
    }. اختصرها من فضلك وأرسلها مجدداً.
survey-empty = الإجابة فارغة. اكتب إجابتك أو اختر «تخطي».
survey-thanks = شكراً لك! وصلتنا إجاباتك 🌟
survey-already-done = أجبت على هذا الاستبيان من قبل، شكراً لك.
survey-rating-1 = ١ ⭐
survey-rating-2 = ٢ ⭐⭐
survey-rating-3 = ٣ ⭐⭐⭐
survey-rating-4 = ٤ ⭐⭐⭐⭐
survey-rating-5 = ٥ ⭐⭐⭐⭐⭐
survey-q-rating = كيف تقيّم الفعالية بشكل عام؟ (١ ضعيف — ٥ ممتاز)
survey-q-lessons = ما أهم الدروس المستفادة؟
survey-q-challenges = ما التحديات التي واجهتها؟
survey-q-plans = ما مقترحاتك للخطط المستقبلية؟
