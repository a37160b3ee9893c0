## Exports for coordinators: exporter names, column headers, status words, the summary sheet
## and the in-bot download flow. Every key starts with «export-».

## Exporter names (menu labels and sheet titles; a sheet title is at most 31 characters)

export-name-registrations = التسجيلات
export-name-attendance = الحضور
export-name-feedback = إجابات الاستبيان
export-name-feedback-summary = ملخص التقييم

## Column headers

export-col-event = الفعالية
export-col-event-date = موعد الفعالية
export-col-ticket = رمز التذكرة
export-col-status = الحالة
export-col-waitlist-position = الترتيب في قائمة الانتظار
export-col-registered-at = وقت التسجيل
export-col-confirmed-at = وقت تأكيد المقعد
export-col-cancelled-at = وقت الإلغاء
export-col-checked-in-at = وقت الحضور
export-col-channels = القناة
export-col-governorate = المحافظة
## Phone numbers only in a file asked for «مع أرقام الهواتف»; each column says where its number comes from.
export-col-whatsapp-number = رقم واتساب
export-col-shared-number = الرقم المشارَك
export-col-response-status = حالة الإجابة
export-col-started-at = بدء الإجابة
export-col-completed-at = إكمال الإجابة
export-col-complete = الإجابات المكتملة
export-col-in-progress = إجابات غير مكتملة
export-col-average = متوسط التقييم
export-col-rating-n = التقييم { $n }

## Words inside the exported cells

export-status-confirmed = مؤكد
export-status-waitlisted = على قائمة الانتظار
export-status-cancelled = ملغى
export-response-complete = مكتملة
export-response-in-progress = قيد الإجابة
export-channel-telegram = تيليغرام
export-channel-whatsapp = واتساب
export-channel-console = الطرفية
export-list-separator = {"، "}

## The summary sheet of XLSX feedback files

export-summary-sheet = الملخص
export-summary-complete = عدد الإجابات المكتملة
export-summary-in-progress = إجابات لم تكتمل بعد
export-summary-average = متوسط التقييم (من ٥)
export-summary-rating = التقييم
export-summary-count = عدد المشاركين
export-summary-chart-title = توزيع التقييمات

## The download flow in the bot (staff only)

export-menu-entry = تنزيل البيانات
export-choose-event = اختر الفعالية التي تريد تنزيل بياناتها (الفعاليات الأخيرة والقادمة) — الصفحة { $page } من { $pages }:
export-no-events = لا توجد فعاليات حديثة أو قادمة لتنزيل بياناتها.
export-event-option = { $title } — { $date }
export-next = الصفحة التالية ◀
export-prev = ▶ الصفحة السابقة
export-choose-exporter = ماذا تريد أن تنزّل عن «{ $event }»؟
export-choose-format = اختر صيغة ملف «{ $exporter }»:
export-format-csv = CSV (يُفتح في Excel)
export-format-xlsx = Excel مع الملخص
## What the file will hold, under the format question, and the options that change it.
export-phones-state = { $on ->
        [yes] • أرقام الهواتف: مضمّنة. سيُسجَّل هذا التنزيل في سجل التدقيق كتنزيل حساس.
       *[no] • أرقام الهواتف: غير مضمّنة.
    }
export-cancelled-state = { $on ->
        [yes] • التسجيلات الملغاة: مضمّنة.
       *[no] • التسجيلات الملغاة: غير مضمّنة.
    }
export-with-phones = مع أرقام الهواتف
export-without-phones = بدون أرقام الهواتف
export-with-cancelled = مع التسجيلات الملغاة
export-without-cancelled = بدون تسجيلات ملغاة
export-back-events = رجوع إلى الفعاليات
export-event-missing = هذه الفعالية لم تعد موجودة.
export-caption = { $exporter } — { $event }
    { $rows ->
        [zero] الملف فارغ: لا توجد صفوف بعد.
        [one] صف واحد.
        [two] صفّان.
        [few] { $rows } صفوف.
        [many] { $rows } صفاً.
       *[other] { $rows } صف.
    }
    البيانات حساسة: احفظ الملف في مكان آمن ولا تشاركه إلا مع من يحتاجه.
export-caption-phones = يحتوي هذا الملف على أرقام الهواتف، وقد سُجِّل تنزيله في سجل التدقيق.
export-more = هل تريد ملفاً آخر؟
export-another = ملف آخر للفعالية
