## Musharaka — the Arabic catalog (default language).
## Keys are shared by every language folder; a new language copies this file and translates it.

## Onboarding

welcome =
    أهلاً بك في «مشاركة» 👋
    هنا تجد الندوات والطاولات الحوارية وورش العمل القادمة في محافظتك، وتسجّل فيها، وتصلك التذكيرات، وتقرأ معلومات عن الانتخابات.

    ما نحفظه عنك: محافظتك واهتماماتك التي تختارها، وتسجيلاتك، وإجاباتك على الاستبيانات. على تلغرام لا نطلب رقم هاتفك إلا إذا شاركته بنفسك؛ وعلى واتساب نحفظ رقمك لأنه عنوان المحادثة نفسها. لا نشارك بياناتك مع أحد خارج المنظمات المنظِّمة للفعاليات التي تسجّل فيها.
    يمكنك حذف بياناتك في أي وقت من «الإعدادات» ← «حذف بياناتي».

    للمتابعة اضغط «أوافق وأبدأ».
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
    «مشاركة» بوت للمنظمات المدنية العراقية:
    • «الفعاليات القادمة»: تصفّح الندوات والورش في محافظتك أو في كل المحافظات، وسجّل بضغطة زر.
    • «تسجيلاتي»: تسجيلاتك ورمز تذكرتك، ويمكنك إلغاء أي تسجيل.
    • «معلومات الانتخابات»: معلومات عامة مع مصدرها وتاريخ آخر تحديث.
    • «الإعدادات»: المحافظة والاهتمامات واللغة وحذف بياناتك.
    اكتب «القائمة» أو /menu في أي وقت للعودة إلى القائمة الرئيسية.
not-understood = عذراً، لم أفهم رسالتك. اختر من القائمة أدناه أو اكتب «مساعدة».
option-stale = هذا الخيار لم يعد صالحاً أو لا يخصك. لم يتغير شيء.
error-generic = عذراً، حدث خطأ مؤقت ولم يُحفظ شيء من هذه الخطوة. حاول مرة أخرى بعد قليل أو اكتب «القائمة».
none = لا شيء
# Between items of a list in a sentence (a quoted space after the comma keeps it).
list-separator = {"، "}
sample-marker = ⚠️ محتوى تجريبي للعرض فقط.

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
period-am = صباحاً
period-pm = مساءً

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
events-my-governorate = فعاليات { $governorate } فقط
events-filter-kind = تصفية حسب النوع
events-back = العودة إلى الفعاليات
choose-kind = اختر نوع الفعالية:
event-unavailable = هذه الفعالية لم تعد متاحة (ربما أُلغيت أو حُذفت).
event-details =
    📌 { $title }
    النوع: { $kind }
    الجهة المنظمة: { $organizer }
    🗓 الموعد: { $when } (بتوقيت بغداد)
    📍 المكان: { $venue } — { $governorate }
    🎟 { $seats }

    { $description }
event-map = 🗺 الخريطة: { $url }
seats-unlimited = المقاعد غير محدودة
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
register-unavailable = هذه الفعالية لم تعد متاحة للتسجيل.
register-past = انتهى موعد هذه الفعالية، لا يمكن التسجيل فيها.
register-closed = أُغلق التسجيل في هذه الفعالية.
cancelled = تم إلغاء تسجيلك في «{ $title }». إذا كان هناك من ينتظر فقد انتقل مقعدك إليه.
cancel-nothing = هذا التسجيل ملغى مسبقاً.
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
settings-delete = حذف بياناتي
choose-interests = اختر المواضيع التي تهمك (اضغط للتفعيل أو الإلغاء)، وسنرسل لك الإعلانات المتعلقة بها:
interest-on = ✅ { $name }
interest-off = ⬜ { $name }
interests-done = تم ✔
choose-language = اختر اللغة:
language-ar = العربية
language-saved = تم حفظ اللغة.
delete-confirm =
    هل تريد حذف بياناتك؟ سنحذف محافظتك واهتماماتك وتسجيلاتك وإجاباتك، وتُلغى مقاعدك في الفعاليات القادمة.
    لا يمكن التراجع عن هذا.
delete-yes = نعم، احذف بياناتي
delete-no = لا، تراجع
deleted = { $count ->
        [zero] تم حذف بياناتك.
        [one] تم حذف بياناتك وإلغاء تسجيل واحد.
        [two] تم حذف بياناتك وإلغاء تسجيلين.
        [few] تم حذف بياناتك وإلغاء { $count } تسجيلات.
        [many] تم حذف بياناتك وإلغاء { $count } تسجيلاً.
       *[other] تم حذف بياناتك وإلغاء { $count } تسجيل.
    } إذا كتبت لنا مجدداً فسنبدأ من جديد كأننا نلتقي لأول مرة.

## Terminal chat

console-banner = «مشاركة» في الطرفية — اكتب /start للبدء، وأجب برقم الخيار أو باسمه، و Ctrl+D للخروج.

## Flood control

flood-notice = وصلتنا رسائل كثيرة منك في وقت قصير 🙂 تمهّل قليلاً، وسنجيبك بعد ثوانٍ.
