## The conversation never misleads (issue 12): the check-in window of an event

ea-field-checkin_opens_minutes_before = وقت بدء تسجيل الحضور
conv-ask-checkin = قبل كم من بدء الفعالية يُفتح تسجيل الحضور عند الباب؟ اكتب المدة بالدقائق (مثلاً ٣٠) أو بالساعات (مثلاً ساعتان)، حتى يوم كامل قبله، أو اختر.
conv-checkin-before-hours = { $hours ->
        [one] قبل البدء بساعة
        [two] قبل البدء بساعتين
        [few] قبل البدء بـ{ $hours } ساعات
        [many] قبل البدء بـ{ $hours } ساعةً
       *[other] قبل البدء بـ{ $hours } ساعة
    }
conv-checkin-before-minutes = { $minutes ->
        [one] قبل البدء بدقيقة
        [two] قبل البدء بدقيقتين
        [few] قبل البدء بـ{ $minutes } دقائق
        [many] قبل البدء بـ{ $minutes } دقيقةً
       *[other] قبل البدء بـ{ $minutes } دقيقة
    }
conv-checkin-at-start = عند البدء
conv-card-checkin = 🚪 يُفتح تسجيل الحضور: { $when }
ea-error-checkin-invalid = لم أفهم المدة. اكتبها بالدقائق (مثلاً ٣٠) أو بالساعات (مثلاً ساعتان).
ea-error-checkin-range = يمكن فتح تسجيل الحضور من لحظة البدء حتى يوم كامل (٢٤ ساعة) قبله.
