## Organizers: creating and managing events (handlers/staff_events.py)

ea-panel-new = فعالية جديدة ➕
ea-panel-mine = فعاليات منظمتي 📋

## Guided creation

ea-wizard-intro = لنُنشئ فعالية جديدة تنظّمها «{ $organization }». أجب عن الأسئلة واحداً واحداً، ويمكنك الإلغاء في أي خطوة.
ea-step = الخطوة { $number } من { $total }
ea-ask-title = ما عنوان الفعالية؟ (من { $min } إلى { $max ->
        [one] حرف واحد
        [two] حرفين
        [few] { $max } أحرف
        [many] { $max } حرفاً
       *[other] { $max } حرف
    })
ea-ask-kind = ما نوع الفعالية؟
ea-ask-governorate = في أي محافظة تُقام الفعالية؟
ea-ask-venue = أين تُقام بالضبط؟ اكتب المكان، مثلاً: العمارة — قاعة مجلس المحافظة.
ea-ask-map = أرسل رابط الموقع على الخريطة (يبدأ بـ { -lri }https://{ -pdi })، أو اضغط «بدون خريطة».
ea-ask-starts =
    متى تبدأ الفعالية؟ اكتب التاريخ والساعة بتوقيت بغداد، مثلاً:
    ٧/١٢/٢٠٢٦ ١٠:٠٠
    أو ٧/١٢/٢٠٢٦ ٤ م
    أو { -lri }2026-12-07 16:00{ -pdi }
ea-ask-duration = كم تستغرق الفعالية؟ اختر أو اكتب المدة بالدقائق (مثلاً ٩٠) أو بالساعات (مثلاً ٢ ساعة).
ea-ask-capacity = كم عدد المقاعد؟ اكتب رقماً (مثلاً ٤٠) أو اختر «غير محدود».
ea-ask-description = اكتب وصفاً للفعالية يقرؤه المواطنون (حتى { $max ->
        [one] حرف واحد
        [two] حرفين
        [few] { $max } أحرف
        [many] { $max } حرفاً
       *[other] { $max } حرف
    }).
ea-skip-map = بدون خريطة
ea-duration-hours = { $hours ->
        [one] ساعة واحدة
        [two] ساعتان
        [few] { $hours } ساعات
        [many] { $hours } ساعةً
       *[other] { $hours } ساعة
    }
ea-unlimited = غير محدود
ea-wizard-cancel = إلغاء
ea-wizard-cancelled = أُلغي إنشاء الفعالية ولم يُحفظ شيء.
ea-wizard-stale = هذا الزر من خطوة سابقة. نكمل من حيث توقفت:
ea-preview-header = معاينة: هكذا سيرى المواطنون الفعالية 👇
ea-preview-question = هل تنشرها الآن أم تحفظها كمسودة؟ المسودة لا يراها المواطنون حتى تنشرها.
ea-publish = نشر ✅
ea-save-draft = حفظ كمسودة 📝
ea-created-published = ✅ نُشرت الفعالية «{ $title }». يراها المواطنون الآن في «الفعاليات القادمة».
ea-created-draft = 📝 حُفظت «{ $title }» كمسودة. لا يراها المواطنون حتى تنشرها من «فعاليات منظمتي».
ea-manage-this = إدارة هذه الفعالية

## Words people type instead of pressing (comma-separated; matched after normalisation)

ea-kw-unlimited = غير محدود, غير محدوده, بلا حدود, مفتوح, لا محدود, unlimited
ea-kw-hours = ساعة, ساعات, hour, hours, h
ea-kw-minutes = دقيقة, دقائق, د, min, minutes, m
ea-kw-one-hour = ساعة, ساعه, ساعة واحدة
ea-kw-two-hours = ساعتين, ساعتان
# `reminder_hours` in an imported file: no reminders at all.
ea-kw-no-reminders = لا, لا يوجد, بدون, بلا تذكير, بدون تذكير, none

## Why an answer was refused (the question follows again)

ea-error-title-length = يجب أن يكون طول العنوان من { $min } إلى { $max ->
        [one] حرف واحد
        [two] حرفين
        [few] { $max } أحرف
        [many] { $max } حرفاً
       *[other] { $max } حرف
    }، وما كتبته { $length ->
        [one] حرف واحد
        [two] حرفان
        [few] { $length } أحرف
        [many] { $length } حرفاً
       *[other] { $length } حرف
    }.
ea-error-venue-length = يجب أن يكون طول المكان من { $min } إلى { $max ->
        [one] حرف واحد
        [two] حرفين
        [few] { $max } أحرف
        [many] { $max } حرفاً
       *[other] { $max } حرف
    }، وما كتبته { $length ->
        [one] حرف واحد
        [two] حرفان
        [few] { $length } أحرف
        [many] { $length } حرفاً
       *[other] { $length } حرف
    }.
ea-error-description-empty = الوصف فارغ. اكتب بضع جمل عن الفعالية.
ea-error-description-length = الوصف أطول من المسموح: طوله { $length ->
        [one] حرف واحد
        [two] حرفان
        [few] { $length } أحرف
        [many] { $length } حرفاً
       *[other] { $length } حرف
    } والحد الأقصى { $max ->
        [one] حرف واحد
        [two] حرفان
        [few] { $max } أحرف
        [many] { $max } حرفاً
       *[other] { $max } حرف
    }. اختصره وأرسله مرة أخرى.
ea-error-map-url = هذا لا يبدو رابط خريطة. أرسل رابطاً كاملاً يبدأ بـ { -lri }https://{ -pdi } أو اضغط «بدون خريطة».
ea-error-starts-format = { date-error-format }
ea-error-starts-year = { date-error-year }
ea-error-starts-month = { date-error-month }
ea-error-starts-day = { date-error-day }
ea-error-starts-time = { date-error-time }
ea-error-starts-past = هذا الموعد قد مضى. اختر موعداً في المستقبل بتوقيت بغداد.
ea-error-starts-too-far = الموعد بعيد جداً (بعد أكثر من { $days ->
        [one] يوم واحد
        [two] يومين
        [few] { $days } أيام
        [many] { $days } يوماً
       *[other] { $days } يوم
    }). تأكد من السنة.
ea-error-duration-invalid = لم أفهم المدة. اكتبها رقماً بالدقائق (مثلاً ٩٠) أو بالساعات (مثلاً ٢ ساعة).
ea-error-duration-range = يجب أن تكون المدة بين { $min ->
        [one] دقيقة واحدة
        [two] دقيقتين
        [few] { $min } دقائق
        [many] { $min } دقيقةً
       *[other] { $min } دقيقة
    } وأسبوع واحد.
ea-error-capacity-invalid = اكتب عدد المقاعد بالأرقام (مثلاً ٣٠)، أو اختر «غير محدود».
ea-error-capacity-range = عدد المقاعد يجب أن يكون من ١ إلى { $max }.
ea-error-capacity-below-confirmed = لا يمكن أن يكون عدد المقاعد أقل من عدد المسجلين المؤكدين ({ $confirmed }).
ea-error-choice = اختر أحد الخيارات أدناه.
ea-error-kind-unknown = نوع غير معروف: { $value }
ea-error-governorate-unknown = محافظة غير معروفة: { $value }
ea-error-status-unknown = حالة غير معروفة: { $value }
ea-error-organization-unknown = منظمة غير معروفة: { $value }
ea-error-field-unknown = لا يمكن تعديل هذا الحقل.
ea-error-event-cancelled = هذه الفعالية ملغاة ولا يمكن تعديلها.
ea-error-publish-past = موعد هذه المسودة قد مضى. عدّل الموعد أولاً ثم انشرها.

## The organisation's events and the admin card

ea-list-header = فعاليات «{ $organization }» القادمة والمسودات — الصفحة { $page } من { $pages }
ea-list-empty = لا توجد لدى «{ $organization }» فعاليات قادمة ولا مسودات. أنشئ واحدة من «فعالية جديدة».
ea-list-line = { $index }. { $marker }{ $title }
    🗓 { $date } — ✅ { $confirmed } ⏳ { $waiting }
ea-draft-marker = [مسودة]
ea-draft-label = 📝 { $title }
ea-status-draft = مسودة (لا يراها المواطنون)
ea-status-published = منشورة
ea-status-cancelled = ملغاة
ea-registration-is-open = مفتوح
ea-registration-is-closed = مغلق 🔒
ea-seats-unlimited = غير محدودة
ea-card =
    🛠 إدارة الفعالية
    الحالة: { $status }
    التسجيل: { $registration }
    ✅ مؤكد: { $confirmed }
    ⏳ على قائمة الانتظار: { $waiting }
    🎫 حضروا: { $checked_in }
    💺 المقاعد المتبقية: { $seats }
ea-edit = تعديل ✏️
ea-publish-draft = نشر الفعالية ✅
ea-close-registration = إغلاق التسجيل 🔒
ea-reopen-registration = إعادة فتح التسجيل 🔓
ea-cancel-event = إلغاء الفعالية ❌
ea-refresh = تحديث الأرقام 🔄
ea-back-to-list = فعاليات المنظمة
ea-back-to-card = رجوع إلى الفعالية

## Editing

ea-edit-which = ماذا تريد أن تعدّل في «{ $title }»؟
ea-field-title = العنوان
ea-field-venue = المكان
ea-field-starts_at = الموعد
ea-field-capacity = عدد المقاعد
ea-field-description = الوصف
ea-field-kind = نوع الفعالية
ea-field-governorate = المحافظة
ea-field-map_url = رابط الخريطة
ea-field-duration_minutes = المدة
ea-field-reminder_hours = التذكيرات
ea-ask-reminders = قبل كم ساعة من البدء يصل التذكير إلى المسجّلين؟ اكتب الساعات مفصولة بفواصل (مثلاً ٢٤، ١)، أو اختر.
ea-reminders-preset = قبل يوم وقبل ساعة
ea-reminders-none = بدون تذكير
ea-current-duration = { $minutes ->
        [one] دقيقة واحدة
        [two] دقيقتان
        [few] { $minutes } دقائق
        [many] { $minutes } دقيقةً
       *[other] { $minutes } دقيقة
    }
ea-current-reminders = قبل البدء بهذه الساعات: { $hours }
ea-error-reminders-invalid = اكتب حتى { $count ->
        [one] عدد واحد
        [two] عددين
        [few] { $count } أعداد
        [many] { $count } عدداً
       *[other] { $count } عدد
    } من الساعات بين ١ و{ $max } مفصولة بفواصل (مثلاً ٢٤، ١)، أو «بدون تذكير».
ea-edit-current = القيمة الحالية: { $value }
ea-edit-saved = ✅ تم حفظ التعديل.
ea-edit-unchanged = هذه هي القيمة الحالية نفسها. لم يتغير شيء.
ea-edit-notified = { $count ->
        [zero] لا يوجد مسجلون لإبلاغهم.
        [one] سيصل إشعار بالتغيير إلى مسجّل واحد.
        [two] سيصل إشعار بالتغيير إلى مسجّلَين.
        [few] سيصل إشعار بالتغيير إلى { $count } مسجّلين.
        [many] سيصل إشعار بالتغيير إلى { $count } مسجّلاً.
       *[other] سيصل إشعار بالتغيير إلى { $count } مسجّل.
    }
ea-edit-promoted = { $count ->
        [one] انتقل شخص واحد من قائمة الانتظار إلى مقعد مؤكد وسيُبلَّغ.
        [two] انتقل شخصان من قائمة الانتظار إلى مقاعد مؤكدة وسيُبلَّغان.
        [few] انتقل { $count } أشخاص من قائمة الانتظار إلى مقاعد مؤكدة وسيُبلَّغون.
        [many] انتقل { $count } شخصاً من قائمة الانتظار إلى مقاعد مؤكدة وسيُبلَّغون.
       *[other] انتقل { $count } شخص من قائمة الانتظار إلى مقاعد مؤكدة وسيُبلَّغون.
    }

## Publish, registration, cancel

ea-published = ✅ نُشرت «{ $title }». يراها المواطنون الآن ويمكنهم التسجيل.
ea-already-published = «{ $title }» منشورة من قبل.
ea-registration-closed-done = 🔒 أُغلق التسجيل في «{ $title }». لا يستطيع أحد التسجيل الآن، ويبقى المسجلون مسجلين.
ea-registration-opened-done = 🔓 أُعيد فتح التسجيل في «{ $title }».
ea-cancel-confirm =
    هل أنت متأكد من إلغاء «{ $title }»؟ { $count ->
        [zero] لا يوجد مسجلون بعد.
        [one] سيصل إشعار بالإلغاء إلى مسجّل واحد.
        [two] سيصل إشعار بالإلغاء إلى مسجّلَين.
        [few] سيصل إشعار بالإلغاء إلى { $count } مسجّلين.
        [many] سيصل إشعار بالإلغاء إلى { $count } مسجّلاً.
       *[other] سيصل إشعار بالإلغاء إلى { $count } مسجّل.
    }
    لا يمكن التراجع عن الإلغاء.
ea-cancel-yes = نعم، ألغِ الفعالية
ea-cancel-no = لا، تراجع
ea-cancelled-done = ❌ أُلغيت «{ $title }». { $count ->
        [zero] لم يكن هناك مسجلون.
        [one] سيصل إشعار بالإلغاء إلى مسجّل واحد.
        [two] سيصل إشعار بالإلغاء إلى مسجّلَين.
        [few] سيصل إشعار بالإلغاء إلى { $count } مسجّلين.
        [many] سيصل إشعار بالإلغاء إلى { $count } مسجّلاً.
       *[other] سيصل إشعار بالإلغاء إلى { $count } مسجّل.
    }
ea-already-cancelled = «{ $title }» ملغاة من قبل.

## What registrants receive when an event changes

ea-changed-governorate-notice =
    📍 تغيّرت محافظة فعالية «{ $title }» التي سجّلت فيها.
    المحافظة الجديدة: { $governorate } — المكان: { $venue }
    (كانت: { $old })
    الموعد كما هو: { $when } (بتوقيت بغداد)
ea-changed-venue-notice =
    📍 تغيّر مكان فعالية «{ $title }» التي سجّلت فيها.
    المكان الجديد: { $venue }
    (كان: { $old })
    الموعد كما هو: { $when } (بتوقيت بغداد)

## Dates and times typed by organizers: the event start and the broadcast time (handlers/date_answers.py)

date-error-format = لم أفهم التاريخ والساعة. اكتبهما بالأرقام: اليوم/الشهر/السنة ثم الساعة، مثلاً ٧/١٢/٢٠٢٦ ١٠:٠٠ أو ٧/١٢/٢٠٢٦ ٤ م.
date-error-year = اكتب السنة بأربعة أرقام، مثلاً ٧/١٢/٢٠٢٦ ١٠:٠٠.
date-error-month = الشهر رقم من ١ إلى ١٢، ويأتي بعد اليوم: اليوم/الشهر/السنة، مثلاً ٧/١٢/٢٠٢٦ لـ ٧ كانون الأول.
date-error-day = هذا اليوم غير موجود في ذلك الشهر: لا يوجد يوم { $day } في { $month } (فيه { $days ->
        [one] يوم واحد
        [two] يومان
        [few] { $days } أيام
        [many] { $days } يوماً
       *[other] { $days } يوم
    }).
date-error-time = اكتب الساعة هكذا: ١٠:٠٠ (أو ٤:٠٠ م، أو ١٨:٣٠)، بعد التاريخ.
date-evening-question = كتبت الساعة { $time } دون «صباحاً» أو «مساءً». هل تقصد الساعة { $evening } { $period }؟
date-evening-yes = نعم، { $time } { $period }
date-evening-no = لا، { $time } { $period }
# Typed answers to the evening question (comma-separated; matched after normalisation).
date-kw-evening = نعم, ايوه, اي, أجل, بلى, yes, مساءً, مساء, المساء, عصراً, العصر, ظهراً, الظهر
date-kw-morning = لا, كلا, no, صباحاً, صباحا, الصباح, الصبح, فجراً, الفجر
