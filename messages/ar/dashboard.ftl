## The coordinators' web page (web/) and the panel button that sends its sign-in link
## (handlers/dashboard_link.py). Every key starts with «dash-».

## The organizers' panel

dash-panel-entry = لوحة البيانات 📊
dash-link-sent =
    هذا رابط دخولك إلى لوحة البيانات على الويب:
    { $url }
    يعمل مرة واحدة خلال ١٥ دقيقة، ولك وحدك: لا ترسله لأحد. بعد فتحه تبقى مسجّلاً ١٢ ساعة.
dash-link-refused = لوحة البيانات للمديرين ومنسقي البيانات فقط.

## Page frame

dash-site-name = مشاركة — لوحة البيانات
dash-nav-label = أقسام اللوحة
dash-nav-overview = نظرة عامة
dash-nav-programme = البرنامج
dash-nav-admin = الفريق وسجل التدقيق
dash-logout = تسجيل الخروج
dash-footer = الأوقات بتوقيت بغداد. هذه الصفحة فيها بيانات أشخاص: لا تتركها مفتوحة على جهاز مشترك.
dash-date-time = { $date }، الساعة { $time } { $period }

## Signing in and out, refusals

dash-link-unknown-title = هذا الرابط غير صالح
dash-link-used-title = هذا الرابط استُخدم من قبل
dash-link-expired-title = انتهت صلاحية هذا الرابط
dash-link-new = للحصول على رابط جديد: افتح «لوحة المنظمين» في البوت واضغط «لوحة البيانات»، أو اطلب من مسؤول الخادم تشغيل الأمر { -lri }musharaka web-link{ -pdi }. كل رابط يعمل مرة واحدة خلال ١٥ دقيقة.
dash-signed-out-title = يجب تسجيل الدخول
dash-signed-out-body = انتهت جلستك أو لم تبدأ بعد. افتح «لوحة المنظمين» في البوت واضغط «لوحة البيانات» ليصلك رابط دخول جديد.
dash-logged-out-title = تم تسجيل خروجك
dash-forbidden-title = لا تملك صلاحية هذه الصفحة
dash-forbidden-body = هذه الصفحة لأدوار أخرى في منظمتك. إن كنت تظن أن هذا خطأ فاطلب من مدير منظمتك مراجعة دورك.
dash-csrf-title = لم يُقبل هذا الطلب
dash-csrf-body = انتهت صلاحية النموذج الذي أرسلته. ارجع إلى الصفحة وأعد تحميلها ثم حاول مرة أخرى.
dash-too-many-title = محاولات كثيرة
dash-too-many-body = وصلت روابط غير صالحة كثيرة من هذا الجهاز. انتظر ربع ساعة ثم افتح رابطاً جديداً من البوت.
dash-preview-title = رابط دخول إلى لوحة البيانات
dash-preview-body = افتح هذا الرابط في المتصفح لتسجيل الدخول.
dash-not-found-title = الصفحة غير موجودة
dash-not-found-body = لا توجد هذه الصفحة، أو أنها لفعالية لا تتبع منظمتك.

## Figures (shared by every page)

dash-events = الفعاليات
dash-registered = المسجّلون
dash-waiting = قائمة الانتظار
dash-attended = الحاضرون
dash-survey-answers = إجابات الاستبيان
dash-attendance-rate = نسبة الحضور
dash-distinct-people = الأشخاص الذين وصلنا إليهم
dash-average-rating = متوسط التقييم (من ٥)
dash-registrations = التسجيلات
dash-people = عدد الأشخاص
dash-figure = المؤشر
dash-kind = نوع الفعالية
dash-rating = التقييم
dash-col-event = الفعالية
dash-col-date = التاريخ
dash-col-governorate = المحافظة
dash-status-draft = مسودة
dash-status-published = منشورة
dash-status-cancelled = ملغاة
dash-no-events = لا توجد فعاليات هنا.
dash-nothing-yet = لا شيء بعد.
dash-period-from = من
dash-period-to = إلى
dash-period-show = عرض
dash-period-shown = الفترة: من { $start } إلى { $end }
dash-period-all = كل الفترات. اختر تاريخين لتضييق المجاميع.
dash-format-csv = CSV
dash-format-xlsx = Excel (XLSX)

## Overview

dash-overview-title = نظرة عامة
dash-totals-title = المجاميع
dash-upcoming-title = الفعاليات القادمة
dash-recent-title = الفعاليات الأخيرة

## Event

dash-back-overview = ← العودة إلى النظرة العامة
dash-counts-title = الأرقام الآن
dash-refresh-note = تتحدّث هذه الأرقام تلقائياً كل نصف دقيقة.
dash-files-title = تنزيل الملفات
dash-files-note = الملفات بلا أرقام هواتف وبلا التسجيلات الملغاة. لإضافتها استخدم «تنزيل البيانات» في البوت. كل تنزيل يُسجَّل في سجل التدقيق.
dash-per-day = التسجيلات في كل يوم
dash-by-governorate = المسجّلون حسب المحافظة
dash-attended-vs-registered = الحاضرون مقابل المسجّلين
dash-ratings = توزيع التقييمات
dash-answers-title = إجابات المشاركين المكتوبة
dash-search-label = ابحث في الإجابات
dash-search = بحث
dash-search-shown = الإجابات التي فيها «{ $query }»
dash-answer = الإجابة
dash-how-many = عدد من كتبها
dash-no-answers = لا توجد إجابات.
dash-more-answers = { $count ->
        [one] هناك إجابة أخرى لا تظهر هنا؛ ضيّق البحث لتراها.
        [two] هناك إجابتان أخريان لا تظهران هنا؛ ضيّق البحث لتراهما.
        [few] هناك { $count } إجابات أخرى لا تظهر هنا؛ ضيّق البحث لتراها.
        [many] هناك { $count } إجابة أخرى لا تظهر هنا؛ ضيّق البحث لتراها.
       *[other] هناك { $count } إجابة أخرى لا تظهر هنا؛ ضيّق البحث لتراها.
    }

## Programme

dash-programme-title = البرنامج خلال فترة
dash-events-held = الفعاليات المنفَّذة
dash-events-by-kind = الفعاليات حسب النوع
dash-events-by-governorate = الفعاليات حسب المحافظة
dash-people-by-governorate = الأشخاص حسب المحافظة
dash-programme-download = تنزيل الأرقام بصيغة { $format }

## Admin

dash-admin-title = الفريق وسجل التدقيق
dash-organization = المنظمة
dash-team-title = فريق المنظمة
dash-member = العضو
dash-roles = الأدوار
dash-since = منذ
dash-actions = إجراء
dash-remove = إزالة من الفريق
dash-admin-removed = أُزيل العضو من الفريق. توقفت جلساته في هذه اللوحة فوراً.
dash-admin-last-admin = لا يمكن إزالة آخر مدير للمنظمة. أضف مديراً آخر أولاً.
dash-admin-not-member = هذا الشخص ليس في فريق المنظمة.
dash-invite-title = دعوة عضو جديد
dash-role = الدور
dash-invite = إنشاء رمز دعوة
dash-invite-created = رمز الدعوة لدور «{ $role }» (يظهر هذه المرة فقط، ويعمل مرة واحدة خلال سبعة أيام؛ يرسله الشخص إلى البوت بعد { -lri }/join{ -pdi }):
dash-invite-pending = دعوة لدور «{ $role }» تنتهي يوم { $until }
dash-audit-title = سجل التدقيق
dash-audit-since = منذ
dash-audit-action = الإجراء
dash-audit-actor = من قام به
dash-audit-anyone = الجميع
dash-audit-when = الوقت
dash-audit-who = من
dash-audit-details = التفاصيل
dash-audit-empty = لا توجد إدخالات بهذه الشروط.
dash-remove-confirm = أؤكد
dash-admin-not-confirmed = لم يُزَل أحد: ضع علامة «أؤكد» بجانب الزر أولاً.
