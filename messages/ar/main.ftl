## Musharaka — the Arabic catalog (default language).
## Keys are shared by every language folder; a new language copies this file and translates it.

## Latin inside Arabic text (commands, URLs, codes, ISO dates, «Excel (XLSX)»): the bidi
## algorithm would show «/menu» as «menu/» and «2026-12-07» as «07-12-2026». Such a literal run
## is written between { -lri } and { -pdi }, e.g. «أو { -lri }/menu{ -pdi } في أي وقت»: the two
## terms below are the invisible isolate characters LRI (U+2066) and PDI (U+2069), named so the
## text stays reviewable (messages/ckb/main.ftl defines the same two). Arguments ({ $title },
## { $code }…) need nothing here: messages/bidi.py isolates each one whose direction differs
## from the text's, and starts with RLM (U+200F) every line that would otherwise begin
## left-to-right. Telegram still finds a command right after { -lri }: isolates are not letters.
-lri = {"\u2066"}
-pdi = {"\u2069"}

## Onboarding

# The welcome is the consent text. Before consent the bot keeps only the chat's id (and the link or
# invite code the person came with), and deletes it if they never agree (UNCONSENTED_RETENTION_DAYS).
# WhatsApp gets its own version: there the chat's id is the phone number, kept from consent on.
-welcome-intro =
    أهلاً بك في «مشاركة» 👋
    هنا تجد الندوات والطاولات الحوارية وورش العمل القادمة في محافظتك، وتسجّل فيها، وتصلك التذكيرات، وتقرأ معلومات عن الانتخابات.
-welcome-data = ما نحفظه عنك بعد موافقتك: محافظتك واهتماماتك التي تختارها، وتسجيلاتك، وإجاباتك على الاستبيانات، وما تختار الإجابة عنه من أسئلة التسجيل الاختيارية (كالجنس والفئة العمرية). لا نحفظ اسمك.
-welcome-sharing = لا نشارك بياناتك مع أحد خارج المنظمات المنظِّمة للفعاليات التي تسجّل فيها.
-welcome-audience = من يراسلك بإعلاناته: المنظمات التي سجّلت في إحدى فعالياتها، والمنظمات التي تختار متابعتها، ولا أحد غيرها. يمكنك إيقاف إعلانات منظمة واحدة أو كل الإعلانات في أي وقت بكتابة «إيقاف».
-welcome-delete = يمكنك حذف بياناتك في أي وقت بكتابة «حذف بياناتي» (أو من «الإعدادات»).
-welcome-go = للمتابعة اضغط «أوافق وأبدأ».
welcome =
    { -welcome-intro }

    { -welcome-data } لا نطلب رقم هاتفك إلا إذا شاركته بنفسك. { -welcome-sharing }
    { -welcome-audience }
    قبل موافقتك لا نحفظ إلا معرّف هذه المحادثة (والرابط أو رمز الدعوة الذي جئت به)، ويُحذف تلقائياً إن لم توافق. { -welcome-delete }

    { -welcome-go }
welcome-whatsapp =
    { -welcome-intro }

    { -welcome-data } على واتساب رقم هاتفك هو عنوان المحادثة نفسها: بموافقتك نحفظه لنرسل إليك التذكيرات والإعلانات، ويُحذف مع بقية بياناتك متى طلبت. { -welcome-sharing }
    { -welcome-audience }
    قبل موافقتك لا نحفظ إلا معرّف هذه المحادثة على واتساب (وهو رقمك)، ويُحذف تلقائياً إن لم توافق. { -welcome-delete }

    { -welcome-go }
consent-button = أوافق وأبدأ
choose-governorate = اختر محافظتك لنعرض لك الفعاليات القريبة منك:
settings-choose-governorate = اختر محافظتك الجديدة:
governorate-saved = تم حفظ محافظتك: { $governorate } ✅
welcome-back = أهلاً بعودتك إلى «مشاركة».

## Main menu and help

main-menu = القائمة الرئيسية — ماذا تريد أن تفعل؟
menu-events = الفعاليات القادمة
menu-elections = معلومات الانتخابات
menu-my = تسجيلاتي
menu-settings = الإعدادات
menu-help = المساعدة
back-to-menu = القائمة الرئيسية
help =
    «مشاركة» بوت لمنظمات المجتمع المدني في العراق:
    • «الفعاليات القادمة»: تصفّح الندوات والورش في محافظتك أو في كل المحافظات، وسجّل بضغطة زر. إذا اكتمل العدد تنضمّ إلى قائمة الانتظار، ونخبرك فوراً إذا توفر لك مقعد.
    • «تسجيلاتي»: تسجيلاتك وحالة كل منها. للإلغاء اضغط «إلغاء: …» (أو «إلغاء تسجيلي» في تفاصيل الفعالية)، ثم أكّد بـ«نعم» أو تراجع بـ«لا».
    • التذاكر: لكل مقعد مؤكد رمز تذكرة ورمز QR تجدهما في «تذاكري» (أو اكتب «تذاكري»)، وتُظهرهما عند الدخول. على قائمة الانتظار لا تذكرة حتى يتوفر لك مقعد، ولا تذكرة لفعالية أُلغيت.
    • «معلومات الانتخابات»: معلومات عامة مع مصدرها وتاريخ آخر تحديث.
    • «الإعدادات»: المحافظة والاهتمامات واللغة، و«منظمات أتابعها»، وحذف بياناتك.
    • الإعلانات: تصلك فقط من المنظمات التي سجّلت في إحدى فعالياتها أو التي تتابعها. لإيقافها اكتب «إيقاف»: بعد إعلان من منظمة نسألك هل توقف إعلانات تلك المنظمة وحدها أم كل الإعلانات. وللعودة اكتب «اشتراك».
    كلمات تكتبها في أي وقت: «القائمة»، «مساعدة»، «تسجيلاتي»، «تذاكري»، «إيقاف»، «اشتراك»، «حذف بياناتي».
    اكتب «القائمة» أو { -lri }/menu{ -pdi } في أي وقت للعودة إلى القائمة الرئيسية.
not-understood = عذراً، لم أفهم رسالتك. اختر من القائمة أدناه أو اكتب «مساعدة».
option-stale = هذا الزر قديم أو لم يعد متاحاً. لم يتغير شيء.
error-generic = عذراً، حدث خطأ مؤقت ولم يُحفظ شيء من هذه الخطوة. حاول مرة أخرى بعد قليل أو اكتب «القائمة».
none = لا شيء
# Between items of a list in a sentence (a quoted space after the comma keeps it).
list-separator = {"، "}
sample-marker = ⚠️ محتوى تجريبي للعرض فقط.
# The title of a sample event wherever it is named outside its details: lists, confirmations, reminders.
sample-title = { $title } (تجريبي)

## Words people type instead of pressing buttons (comma-separated; matched after normalisation)

kw-menu = القائمة, القائمة الرئيسية, قائمة, الرئيسية, menu, ابدأ
kw-help = مساعدة, المساعدة, help, ساعدني
kw-events = الفعاليات, الفعاليات القادمة, فعاليات, الندوات, events
kw-elections = الانتخابات, معلومات الانتخابات, انتخابات
kw-my = تسجيلاتي, حجوزاتي, تذكرتي
kw-settings = الإعدادات, اعدادات, settings
kw-delete = حذف بياناتي, احذف بياناتي

## Dates and numbers

datetime = { $date }، الساعة { $time } { $period }
# The part of the day after a 12-hour time (messages.formatting.day_period): as Iraqis say it.
period-morning = صباحاً
period-noon = ظهراً
period-afternoon = عصراً
period-evening = مساءً
period-midnight = منتصف الليل
period-night = فجراً

## Governorates

gov-baghdad = بغداد
gov-basra = البصرة
gov-nineveh = نينوى
gov-erbil = أربيل
gov-najaf = النجف
gov-karbala = كربلاء
gov-maysan = ميسان
gov-wasit = واسط
gov-anbar = الأنبار
gov-dhiqar = ذي قار
gov-babil = بابل
gov-diyala = ديالى
gov-salahaddin = صلاح الدين
gov-kirkuk = كركوك
gov-muthanna = المثنى
gov-qadisiyah = القادسية
gov-duhok = دهوك
gov-sulaymaniyah = السليمانية
gov-halabja = حلبجة
all-governorates = كل المحافظات

## Event kinds

kind-seminar = ندوة حوارية
kind-roundtable = طاولة حوارية
kind-workshop = ورشة عمل
kind-closing = جلسة ختامية
kind-conference = مؤتمر
kind-campaign = حملة
all-kinds = كل الأنواع

## Interests

interest-democracy = تعزيز الديمقراطية والانتخابات
interest-youth = الشباب
interest-women = تمكين المرأة
interest-peace = السلم المجتمعي ونبذ العنف
interest-anticorruption = مكافحة الفساد
interest-education = التربية والتعليم
interest-health = الصحة
interest-displaced = مساندة النازحين
# The same interests on buttons (WhatsApp cuts a button at 20 characters, and «✅ » takes two).
interest-short-democracy = الديمقراطية
interest-short-youth = الشباب
interest-short-women = تمكين المرأة
interest-short-peace = السلم المجتمعي
interest-short-anticorruption = مكافحة الفساد
interest-short-education = التربية والتعليم
interest-short-health = الصحة
interest-short-displaced = مساندة النازحين

## Events

events-header = الفعاليات القادمة — { $where } — { $kind }
    الصفحة { $page } من { $pages } ({ $total ->
        [zero] لا فعاليات
        [one] فعالية واحدة
        [two] فعاليتان
        [few] { $total } فعاليات
        [many] { $total } فعالية
       *[other] { $total } فعالية
    })
events-line = { $index }. { $title }
    🗓 { $date } — 📍 { $governorate }
events-empty = لا توجد فعاليات قادمة ({ $kind }) في { $where } حالياً. جرّب «كل المحافظات» أو نوعاً آخر.
events-next = الصفحة التالية ◀
events-prev = ▶ الصفحة السابقة
events-all-governorates = كل المحافظات
events-my-governorate = فعاليات { $governorate }
events-filter-kind = تصفية حسب النوع
events-back = العودة إلى الفعاليات
choose-kind = اختر نوع الفعالية:
event-unavailable = هذه الفعالية لم تعد متاحة (ربما أُلغيت أو حُذفت).
event-details =
    📌 { $title }
    النوع: { $kind }
    الجهة المنظمة: { $organizer }
    🗓 الموعد: { $when } (بتوقيت بغداد)
    📍 المكان: { $venue }
    🎟 { $seats }

    { $description }
event-map = 🗺 الخريطة: { $url }
# A venue with its governorate, when the venue does not already name it (handlers/views.py place).
event-place = { $venue } — { $governorate }
seats-unlimited = المقاعد غير محدودة
seats-closed = 🔒 التسجيل مغلق
seats-full = اكتمل العدد — { $waiting ->
        [zero] لا أحد على قائمة الانتظار بعد
        [one] شخص واحد على قائمة الانتظار
        [two] شخصان على قائمة الانتظار
        [few] { $waiting } أشخاص على قائمة الانتظار
        [many] { $waiting } شخصاً على قائمة الانتظار
       *[other] { $waiting } شخص على قائمة الانتظار
    }
seats-left = { $count ->
        [zero] لم يبقَ أي مقعد
        [one] بقي مقعد واحد
        [two] بقي مقعدان
        [few] بقيت { $count } مقاعد
        [many] بقي { $count } مقعداً
       *[other] بقي { $count } مقعد
    }

## Registration

register-button = سجّلني ✅
cancel-registration = إلغاء تسجيلي ❌
register-waitlist-button = انضمّ للانتظار ⏳
cancel-waitlist-place = إلغاء انتظاري ❌
event-you-registered = ✅ أنت مسجّل — تذكرتك: { $ticket }
event-you-wait = ⏳ أنت على قائمة الانتظار (الترتيب { $position }). لا تذكرة قبل أن يتوفر لك مقعد، وسنخبرك فوراً.
event-you-attended = ✔ أنت مسجّل وقد حضرت.
registered =
    تم تسجيلك ✅
    { $title }
    🗓 { $when }
    📍 { $venue }
    🎟 رمز تذكرتك: { $ticket }
    احتفظ بهذا الرمز وأظهره عند الدخول. سنذكّرك قبل الموعد.
waitlisted =
    اكتمل العدد في «{ $title }»، وأضفناك إلى قائمة الانتظار.
    ترتيبك: { $position }. سنخبرك فوراً إذا توفر مقعد.
already-registered = أنت مسجّل في هذه الفعالية مسبقاً — الحالة: { $status }، رمز التذكرة: { $ticket }.
already-waitlisted = أنت على قائمة الانتظار لهذه الفعالية مسبقاً (الترتيب { $position }). سنخبرك فوراً إذا توفر لك مقعد.
register-unavailable = هذه الفعالية لم تعد متاحة للتسجيل.
register-past = انتهى موعد هذه الفعالية، ولم يعد التسجيل فيها ممكناً.
register-closed = أُغلق التسجيل في هذه الفعالية.
cancelled = تم إلغاء تسجيلك في «{ $title }». إذا كان هناك من ينتظر فقد انتقل مقعدك إليه.
cancel-nothing = هذا التسجيل ملغى مسبقاً.
cancel-confirm =
    هل تريد إلغاء تسجيلك في «{ $title }»؟
    إن ألغيته ينتقل مقعدك إلى أول من ينتظر، ولن تستعيده إلا إذا توفر مقعد من جديد.
cancel-waitlist-confirm =
    هل تريد إلغاء مكانك في قائمة الانتظار لـ«{ $title }»؟
    إن عدت لاحقاً فستكون في آخر القائمة.
cancel-yes = نعم، ألغِ تسجيلي
cancel-no = لا، أبقِ تسجيلي
cancel-waitlist-yes = نعم، ألغِ مكاني
cancel-waitlist-no = لا، سأبقى أنتظر
cancel-kept = لم يتغير شيء: تسجيلك باقٍ كما هو.
cancelled-waitlist = ألغينا مكانك في قائمة الانتظار لـ«{ $title }».
ticket-event-cancelled = أُلغيت الفعالية «{ $title }»، ولم تعد لها تذكرة.
promoted =
    خبر سار 🎉 توفر مقعد لك في «{ $title }».
    🗓 { $when }
    🎟 رمز تذكرتك: { $ticket }
calendar-caption = أضف الموعد إلى تقويمك 📅
calendar-description = رمز التذكرة: { $ticket } — الجهة المنظمة: { $organizer }
status-confirmed = مؤكد
status-waitlisted = على قائمة الانتظار (الترتيب { $position })
status-cancelled = ملغى
status-attended = حضرت ✔

## My registrations

my-header = { $count ->
        [one] لديك تسجيل واحد قادم:
        [two] لديك تسجيلان قادمان:
        [few] لديك { $count } تسجيلات قادمة:
        [many] لديك { $count } تسجيلاً قادماً:
       *[other] لديك { $count } تسجيل قادم:
    }
my-line =
    { $index }. { $title }
    🗓 { $when }
    الحالة: { $status } — 🎟 { $ticket }
my-empty = ليس لديك تسجيلات قادمة. تصفّح «الفعاليات القادمة» وسجّل في ما يهمك.
cancel-item = إلغاء: { $title }

my-line-waitlisted =
    { $index }. { $title }
    🗓 { $when }
    الحالة: { $status }
my-line-event-cancelled =
    { $index }. { $title }
    🗓 كانت مقررة يوم { $when }
    ❌ أُلغيت الفعالية — أعلن المنظم إلغاءها يوم { $cancelled }
remove-item = إزالة: { $title }
my-removed = أزلنا «{ $title }» من تسجيلاتك.
## Elections information

elections-header = معلومات الانتخابات — اختر موضوعاً:
elections-topic =
    🗳 { $title }

    { $body }

    المصدر: { $source }
    آخر تحديث: { $updated }
elections-back = مواضيع الانتخابات

## Settings

settings =
    الإعدادات
    المحافظة: { $governorate }
    الاهتمامات: { $interests }
settings-governorate = تغيير المحافظة
settings-interests = اهتماماتي
settings-language = اللغة
settings-organizations = منظمات أتابعها
settings-delete = حذف بياناتي
choose-interests = اختر المواضيع التي تهمك (اضغط للتفعيل أو الإلغاء)، وسنرسل لك الإعلانات المتعلقة بها:
interest-on = ✅ { $name }
interest-off = ⬜ { $name }
interests-done = تم ✔
choose-language = اختر اللغة:
language-ar = العربية
language-saved = تم حفظ اللغة.
follow-list =
    منظمات أتابعها (الصفحة { $page } من { $pages })
    تصلك إعلانات منظمة إذا تابعتها أو سجّلت في إحدى فعالياتها، ولا تصلك إعلانات غيرها. اضغط على منظمة لمتابعتها أو لإلغاء متابعتك لها.
    ✅ تتابعها — ⬜ لا تتابعها — 🔕 أوقفت إعلاناتها (اضغط لمتابعتها من جديد)
follow-list-empty = لم تنشر أي منظمة فعاليات بعد. ستجد هنا المنظمات التي تنشر فعاليات لتتابعها.
follow-on = ✅ { $name }
follow-off = ⬜ { $name }
follow-stopped = 🔕 { $name }
follow-next = منظمات أخرى ◀
follow-prev = ▶ المنظمات السابقة
follow-back-to-settings = الإعدادات
follow-started = ✅ أصبحت تتابع «{ $organization }»، وستصلك إعلاناتها. يمكنك إلغاء المتابعة من «الإعدادات» ← «منظمات أتابعها».
follow-started-while-stopped = ✅ أصبحت تتابع «{ $organization }». لكنك أوقفت الإعلانات كلها، ولن تصلك إعلاناتها حتى تكتب «اشتراك».
follow-ended = ألغيت متابعة «{ $organization }»، ولن تصلك إعلاناتها.
follow-ended-still-registered = ألغيت متابعة «{ $organization }». لكنك مسجّل في إحدى فعالياتها، ولذلك قد تصلك إعلاناتها. لإيقافها اضغط الزر أدناه.
event-follow = متابعة هذه المنظمة
event-unfollow = إلغاء المتابعة
delete-confirm =
    هل تريد حذف بياناتك؟ سنحذف محافظتك واهتماماتك وتسجيلاتك وإجاباتك، وتُلغى مقاعدك في الفعاليات القادمة.
    لا يمكن التراجع عن هذا.
delete-yes = نعم، احذف بياناتي
delete-no = لا، تراجع
deleted-before-consent = تم حذف بياناتك: لم يبقَ عندنا شيء عنك. إذا كتبت لنا مجدداً فسنبدأ من جديد كأننا نلتقي لأول مرة.
join-kept-until-consent = احتفظنا برمز الدعوة: بعد موافقتك واختيار محافظتك نضيفك إلى فريق المنظمة.
optout-before-consent =
    تم: لن تصلك منا أي إعلانات.
    لنتذكّر طلبك نحتفظ بمعرّف هذه المحادثة فقط، بلا اسم ولا بيانات أخرى، ويُحذف تلقائياً إن لم توافق على الشروط. لحذفه الآن اكتب «حذف بياناتي».
deleted = { $count ->
        [zero] تم حذف بياناتك.
        [one] تم حذف بياناتك وإلغاء تسجيل واحد.
        [two] تم حذف بياناتك وإلغاء تسجيلين.
        [few] تم حذف بياناتك وإلغاء { $count } تسجيلات.
        [many] تم حذف بياناتك وإلغاء { $count } تسجيلاً.
       *[other] تم حذف بياناتك وإلغاء { $count } تسجيل.
    } إذا كتبت لنا مجدداً فسنبدأ من جديد كأننا نلتقي لأول مرة.

## Terminal chat

console-banner = «مشاركة» في الطرفية — اكتب { -lri }/start{ -pdi } للبدء، وأجب برقم الخيار أو باسمه. { -lri }/as{ -pdi } اسم لتتكلم كشخص آخر، و { -lri }/clock{ -pdi } لترى وقت المحاكاة أو تقدّمه (مثلاً { -lri }/clock +1d{ -pdi })، و Ctrl+D أو Ctrl+C للخروج.
console-as-now = أنت الآن «{ $name }».
console-as-new = أنت الآن «{ $name }» — شخص جديد في المحاكاة. اكتب { -lri }/start{ -pdi } للبدء.
console-as-who = أنت الآن «{ $name }». لتتكلم كشخص آخر اكتب { -lri }/as{ -pdi } ثم اسمه، مثلاً: { -lri }/as ahmad{ -pdi }
console-as-usage = اكتب { -lri }/as{ -pdi } ثم اسماً بلا مسافات (حتى ٦٤ حرفاً)، مثلاً: { -lri }/as ahmad{ -pdi }
console-clock-now = 🕒 الوقت في المحاكاة: { $when } بتوقيت بغداد.
console-clock-moved = ⏩ تقدّم الوقت إلى يوم { $when } بتوقيت بغداد.
console-clock-usage =
    لم أفهم الوقت المطلوب. أمثلة:
    { -lri }/clock +26h{ -pdi } (بعد ٢٦ ساعةً)، { -lri }/clock +3d{ -pdi } (بعد ٣ أيام)، { -lri }/clock +90m{ -pdi } (بعد ٩٠ دقيقةً)،
    { -lri }/clock 2026-12-07 12:00{ -pdi } (تاريخ وساعة بتوقيت بغداد).
console-clock-back = الوقت في المحاكاة لا يرجع إلى الوراء. الوقت الآن: { $when } بتوقيت بغداد.
console-clock-too-far = هذه قفزة كبيرة جداً: يمكن تقديم الوقت ١٠ سنوات على الأكثر في كل مرة.
console-clock-real-people = لا يمكن تحريك الوقت هنا: في قاعدة البيانات هذه أشخاص على تيليغرام أو واتساب، وتحريك الوقت سيرسل لهم تذكيرات في غير وقتها. جرّب المحاكاة على قاعدة بيانات أخرى (DATABASE_URL).
console-pushed-to = 📨 → { $name }:
console-file-not-saved = ⚠ تعذّر حفظ الملف { $name } (انظر التحذير أعلاه).

## Flood control

flood-notice = وصلتنا رسائل كثيرة منك في وقت قصير 🙂 تمهّل قليلاً، وسنجيبك بعد ثوانٍ.

## Typed words (issue 12): yes/no, back, skip/later, greetings, consent, a typo inside a submenu

kw-yes = نعم, ايوه, اي, أجل, بلى, اكيد, yes
kw-no = لا, كلا, no
kw-back = رجوع, الرجوع, ارجع, عودة, العودة, back
kw-skip = تخطي, تخطى, تجاوز, skip
kw-later = لاحقاً, لاحقا, بعدين, فيما بعد, later
kw-greeting = مرحبا, مرحباً, السلام عليكم, سلام عليكم, السلام, هلو, هلا, هلا والله, أهلاً, اهلا, شلونكم, شلونك, صباح الخير, مساء الخير, hi, hello
kw-consent = أوافق, اوافق, موافق, موافقة, أوافق وأبدأ, اوافق وابدا, agree, I agree
greeting-reply = أهلاً وسهلاً بك 👋 هذه «مشاركة». اختر ما تريد من القائمة أدناه.
typo-hint = لم أجد هذه الكلمة بين الخيارات. اختر أحد الخيارات أدناه، أو اكتب «القائمة» للعودة إلى القائمة الرئيسية.
pending-postponed = حسناً، تركنا هذا السؤال لوقت لاحق. لم يُحفظ شيء مما كتبته الآن.
pending-cannot-skip = لا يمكن تخطي هذا السؤال. اكتب جوابك، أو «لاحقاً» لتركه الآن، أو «القائمة».
