## Tickets and check-in at the door

ticket-menu-entry = تذاكري 🎟
kw-tickets = تذاكري, تذكرة, التذكرة, ticket, tickets
ticket-none = لا توجد تذكرة لعرضها: ليس لديك مقعد مؤكد في فعالية قادمة.
ticket-choose = اختر الفعالية لعرض تذكرتها:
ticket-item = 🎟 تذكرتي: { $title }
ticket-caption =
    🎟 تذكرة «{ $title }»
    🗓 { $when }
    📍 { $venue }
    رمز التذكرة: { $ticket }
    أظهر رمز QR هذا عند الدخول ليمسحه المنظم بكاميرا هاتفه.
ticket-code = رمز تذكرتك: { $ticket } — إن تعذّر مسح رمز QR يكتبه المنظم في «تسجيل الحضور».
ticket-not-confirmed = لا توجد تذكرة لهذا التسجيل: المقعد غير مؤكد (ملغى أو على قائمة الانتظار).

checkin-panel-entry = تسجيل الحضور ✔
checkin-ask-code =
    اكتب رمز التذكرة (مثلاً { -lri }AB23CD45{ -pdi }) أو امسح رمز QR الذي في تذكرة الحاضر بكاميرا هاتفك.
    يمكنك كتابة الرموز واحداً بعد الآخر. عند الانتهاء اضغط «إنهاء تسجيل الحضور» أو اكتب «القائمة».
checkin-finish = إنهاء تسجيل الحضور
checkin-type-code = كتابة رمز تذكرة
checkin-done = ✅ تم تسجيل الحضور — التذكرة { $ticket } في «{ $title }».
checkin-already = ⚠️ سُجّل حضوره مسبقاً الساعة { $time } { $period } — التذكرة { $ticket } في «{ $title }». لم يتغير شيء.
checkin-not-confirmed = ❌ التذكرة { $ticket } غير مؤكدة (ملغاة أو على قائمة الانتظار) في «{ $title }». لم يُسجَّل الحضور.
checkin-event-cancelled = ❌ الفعالية «{ $title }» ملغاة، ولا يمكن تسجيل الحضور فيها.
checkin-unknown-code = لا توجد تذكرة بالرمز «{ $code }». تأكد من الرمز واكتبه مرة أخرى.
checkin-other-organization = ❌ هذه التذكرة لفعالية منظمة أخرى، ولا يمكنك تسجيل حضورها. لم يتغير شيء.
checkin-invalid-token = رابط التذكرة هذا غير صالح. لم يتغير شيء.
checkin-not-yours = هذه التذكرة ليست لك. تجد تذاكرك في «تذاكري» أو «تسجيلاتي».
checkin-event-option = { $title } — { $date }
checkin-choose-event = اختر الفعالية التي تسجّل حضورها الآن (تُقبل تذاكرها فقط):
checkin-no-events = لا توجد فعالية منشورة قادمة أو جارية لتسجيل حضورها.
checkin-door-open = تسجيل الحضور: «{ $title }» — يُقبل الحضور من يوم { $opens } حتى يوم { $closes }.
checkin-door-early = ⏰ لم يبدأ وقت تسجيل الحضور بعد (يبدأ يوم { $opens }): كل تذكرة قبل ذلك تحتاج تأكيدك.
checkin-door-late = ⏰ انتهى وقت تسجيل الحضور ({ $closes }): كل تذكرة بعده تحتاج تأكيدك.
checkin-change-event = تغيير الفعالية
checkin-wrong-event = ❌ هذه التذكرة لفعالية أخرى: «{ $title }». أنت تسجّل الآن حضور «{ $door }». لم يتغير شيء.
checkin-too-early =
    ⏰ لم يبدأ تسجيل الحضور في «{ $title }» بعد: يبدأ يوم { $opens } (قبل ساعتين من البدء).
    هل تريد تسجيل حضور التذكرة { $ticket } رغم ذلك؟
checkin-too-late =
    ⏰ انتهى وقت تسجيل الحضور في «{ $title }» يوم { $closes }.
    هل تريد تسجيل حضور التذكرة { $ticket } رغم ذلك؟
checkin-override-yes = نعم، سجّله رغم ذلك
checkin-override-no = لا
checkin-override-declined = لم يُسجَّل الحضور. اكتب الرمز التالي أو امسح التذكرة التالية.
checkin-propose-door =
    هذه التذكرة لفعالية «{ $title }» (يُقبل الحضور من يوم { $opens } حتى يوم { $closes }).
    هل تريد بدء تسجيل الحضور لهذه الفعالية وتسجيل هذه التذكرة؟
checkin-propose-yes = نعم، ابدأ حضورها

## Broadcasts

broadcast-new = إعلان جديد 📢
broadcast-list = الإعلانات
broadcast-list-separator = {"، "}
broadcast-ask-text =
    اكتب نص الإعلان كما تريد أن يصل إلى الناس (حتى { $limit ->
        [one] حرف واحد
        [two] حرفين
        [few] { $limit } أحرف
        [many] { $limit } حرفاً
       *[other] { $limit } حرف
    }).
    سيُرسل كما كتبته، ويظهر فوقه اسم منظمتك.
broadcast-abandon = إلغاء
broadcast-text-empty = نص الإعلان فارغ. اكتب النص الذي تريد إرساله.
broadcast-text-too-long = النص أطول من المسموح: طوله { $length ->
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
    }. اختصره وأرسله مرة أخرى.
broadcast-ask-event = هل تريد ربط الإعلان بفعالية؟ سيظهر تحته زر «سجّلني» لها.
broadcast-no-event = بدون فعالية
broadcast-audience =
    اختر جمهور الإعلان. يمكنك اختيار أكثر من فئة، ومن يطابق أكثر من فئة يصله الإعلان مرة واحدة.
    المختار: { $chosen }
    { $count ->
        [zero] لن يصل الإعلان الآن إلى أحد
        [one] سيصل الإعلان الآن إلى شخص واحد
        [two] سيصل الإعلان الآن إلى شخصين
        [few] سيصل الإعلان الآن إلى { $count } أشخاص
        [many] سيصل الإعلان الآن إلى { $count } شخصاً
       *[other] سيصل الإعلان الآن إلى { $count } شخص
    } (من جمهور منظمتك فقط: من سجّل في إحدى فعالياتها أو يتابعها، دون من أوقف إعلاناتها)
broadcast-segment-none = لم تختر بعد
broadcast-segment-all = جميع مشتركي المنظمة
broadcast-segment-governorate = المقيمون في { $governorate }
broadcast-segment-interest = المهتمون بـ«{ $interest }»
broadcast-segment-r = المسجلون في «{ $title }»
broadcast-segment-a = من حضر «{ $title }»
broadcast-segment-w = قائمة انتظار «{ $title }»
broadcast-toggle-on = ✅ { $name }
broadcast-toggle-off = ⬜ { $name }
broadcast-by-governorate = حسب المحافظة
broadcast-by-interest = حسب الاهتمام
broadcast-by-registrants = المسجلون في فعالية
broadcast-by-attendees = حضور فعالية
broadcast-by-waitlist = قائمة انتظار فعالية
broadcast-segments-done = تم ✔
broadcast-choose-governorates = اختر محافظة أو أكثر (اضغط مرة أخرى لإلغاء الاختيار):
broadcast-choose-interests = اختر اهتماماً أو أكثر (اضغط مرة أخرى لإلغاء الاختيار):
broadcast-choose-events-r = اختر الفعالية التي تريد مراسلة المسجلين فيها:
broadcast-choose-events-a = اختر الفعالية التي تريد مراسلة من حضرها:
broadcast-choose-events-w = اختر الفعالية التي تريد مراسلة قائمة انتظارها:
broadcast-event-option = { $title } — { $date }
broadcast-no-events = لا توجد فعاليات حديثة أو قادمة لمنظمتك.
broadcast-preview = معاينة الإعلان
broadcast-discard = حذف المسودة
broadcast-no-audience = اختر جمهور الإعلان أولاً.
broadcast-preview-intro = هكذا سيصل الإعلان:
broadcast-message =
    📢 { $organization }

    { $text }

    — لإيقاف إعلانات هذه المنظمة أو كل الإعلانات اكتب «إيقاف».
broadcast-preview-only = هذه معاينة: الأزرار تعمل عند المستلمين بعد الإرسال، ولم يُسجَّل أحد.
broadcast-preview-summary =
    الجمهور: { $chosen }
    { $count ->
        [zero] لن يصل الإعلان إلى أحد الآن. غيّر الجمهور.
        [one] سيصل إلى شخص واحد.
        [two] سيصل إلى شخصين.
        [few] سيصل إلى { $count } أشخاص.
        [many] سيصل إلى { $count } شخصاً.
       *[other] سيصل إلى { $count } شخص.
    } يصل الإعلان إلى جمهور منظمتك فقط: من سجّل في إحدى فعالياتها أو يتابعها، دون من أوقف إعلاناتها.
    لن يُرسل شيء قبل أن تضغط «إرسال الآن».
broadcast-send-now = إرسال الآن
broadcast-schedule = جدولة
broadcast-edit-audience = تعديل الجمهور
broadcast-back-to-preview = العودة إلى المعاينة
broadcast-not-draft = هذا الإعلان لم يعد مسودة. لم يتغير شيء.
broadcast-nobody = لم يُرسل شيء: لن يصل هذا الإعلان الآن إلى أحد.
broadcast-started = { $count ->
        [one] بدأ إرسال الإعلان إلى شخص واحد.
        [two] بدأ إرسال الإعلان إلى شخصين.
        [few] بدأ إرسال الإعلان إلى { $count } أشخاص.
        [many] بدأ إرسال الإعلان إلى { $count } شخصاً.
       *[other] بدأ إرسال الإعلان إلى { $count } شخص.
    } تصلك رسالة بالتقدم، ويمكنك إيقاف الإرسال في أي وقت.
broadcast-ask-when =
    متى يُرسل الإعلان؟ اكتب التاريخ والوقت بتوقيت بغداد، مثلاً:
    { -lri }2026-12-07 18:30{ -pdi }
    أو ٧/١٢/٢٠٢٦ ١٨:٣٠
broadcast-when-invalid = لم أفهم التاريخ أو الوقت. اكتبهما هكذا: { -lri }2026-12-07 18:30{ -pdi } أو ٧/١٢/٢٠٢٦ ١٨:٣٠ (بتوقيت بغداد).
broadcast-when-past = هذا الموعد مضى. اكتب موعداً قادماً بتوقيت بغداد.
broadcast-scheduled = 🕓 سيُرسل الإعلان يوم { $when }. يمكنك إلغاؤه قبل موعده.
broadcast-progress = تم الإرسال { $sent } من { $total } — فشل { $failed } — غير متاح { $unreachable } — يحتاج قالباً { $template }
broadcast-progress-cancelled = لم يُرسل: { $count } (إيقاف الإرسال أو إيقاف الإعلانات)
broadcast-progress-unknown = غير مؤكد: { $count } (كانت قيد الإرسال حين توقف الخادم، ولن يُعاد إرسالها كي لا تصل مرتين)
broadcast-card =
    📢 «{ $excerpt }»
    الحالة: { $status }
broadcast-card-at = موعد الإرسال: { $when }
broadcast-status-draft = مسودة
broadcast-status-scheduled = مجدول
broadcast-status-sending = قيد الإرسال
broadcast-status-done = اكتمل الإرسال
broadcast-status-stopped = أُوقف الإرسال
broadcast-status-cancelled = ملغى
broadcast-refresh = التقدم 🔄
broadcast-stop = إيقاف الإرسال ⏹
broadcast-cancel-scheduled = إلغاء هذا الإعلان
broadcast-not-sending = الإعلان ليس قيد الإرسال الآن. لم يتغير شيء.
broadcast-stopped = { $count ->
        [zero] أُوقف الإرسال. لم يبقَ شيء بانتظار الإرسال.
        [one] أُوقف الإرسال. أُلغيت رسالة واحدة لم تُرسل بعد.
        [two] أُوقف الإرسال. أُلغيت رسالتان لم تُرسلا بعد.
        [few] أُوقف الإرسال. أُلغيت { $count } رسائل لم تُرسل بعد.
        [many] أُوقف الإرسال. أُلغيت { $count } رسالة لم تُرسل بعد.
       *[other] أُوقف الإرسال. أُلغيت { $count } رسالة لم تُرسل بعد.
    }
broadcast-cannot-cancel = لا يمكن إلغاء هذا الإعلان: بدأ إرساله أو انتهى. يمكنك إيقاف الإرسال إن كان جارياً.
broadcast-cancelled = أُلغي الإعلان المجدول، ولن يُرسل.
broadcast-discarded = حُذفت المسودة، ولم يُرسل شيء.
broadcast-list-header = آخر إعلانات { $organizations }:
broadcast-list-empty = لا توجد إعلانات بعد لـ{ $organizations }.
broadcast-list-item = { $status }: { $excerpt }

## Opt-out

kw-optout = إيقاف, الغاء الاشتراك, إلغاء الاشتراك, الغاء الإعلانات, stop, /stop, unsubscribe
kw-optin = اشتراك, الاشتراك, subscribe
optout-choose =
    آخر إعلان وصلك كان من «{ $organization }». ماذا تريد أن توقف؟
    • إعلانات «{ $organization }» وحدها: تبقى إعلانات المنظمات الأخرى التي سجّلت في فعالياتها أو تتابعها.
    • كل الإعلانات: لن تصلك إعلانات أي منظمة.
    تذكيرات الفعاليات التي سجّلت فيها واستبياناتها تبقى في الحالتين.
optout-this-organization = إيقاف إعلانات { $organization } فقط
optout-everything = إيقاف كل الإعلانات
optout-nothing = تراجع، لا توقف شيئاً
optout-organization-done =
    تم ✅ لن تصلك إعلانات «{ $organization }» بعد الآن، وأُلغيت متابعتك لها.
    إعلانات المنظمات الأخرى التي سجّلت في فعالياتها أو تتابعها تبقى. لإيقافها كلها اضغط «إيقاف كل الإعلانات».
    للعودة إلى إعلانات «{ $organization }» تابعها من «الإعدادات» ← «منظمات أتابعها»، أو اكتب «اشتراك».
optout-done =
    تم إيقاف الإعلانات ✅ لن تصلك إعلانات المنظمات بعد الآن.
    تذكيرات الفعاليات التي سجّلت فيها واستبياناتها تبقى، ويمكنك إيقافها من «الإعدادات».
    للعودة في أي وقت اكتب «اشتراك» أو أرسل { -lri }/start{ -pdi }.
optout-already =
    الإعلانات متوقفة لديك مسبقاً.
    للعودة في أي وقت اكتب «اشتراك» أو أرسل { -lri }/start{ -pdi }.
optin-button = اشتراك
optin-done = أهلاً بعودتك ✅ ستصلك إعلانات المنظمات من جديد: المنظمات التي سجّلت في فعالياتها أو تتابعها، ومنها التي كنت أوقفت إعلاناتها.
optin-already = أنت مشترك في الإعلانات بالفعل.
optin-by-start = ✅ عادت الإعلانات إليك بعد أن كانت متوقفة. لإيقافها مجدداً اكتب «إيقاف».
settings-announcements-off = إيقاف الإعلانات
settings-announcements-on = تشغيل الإعلانات
settings-announcements-stopped = تم إيقاف الإعلانات. التذكيرات والاستبيانات باقية ما لم توقفها.
settings-announcements-started = ستصلك الإعلانات من جديد.
settings-reminders-off = إيقاف التذكيرات
settings-reminders-on = تشغيل التذكيرات
settings-reminders-stopped = لن تصلك تذكيرات الفعاليات ولا استبياناتها بعد الآن.
settings-reminders-started = ستصلك تذكيرات الفعاليات واستبياناتها من جديد.
