## The conversation never misleads (issue 12): the check-in window of an event

ea-field-checkin_opens_minutes_before = کاتی چوونەژوورەوە
conv-ask-checkin = چەند پێش دەستپێکردنی چالاکییەکە تۆمارکردنی ئامادەبوون لە دەرگاکە بکرێتەوە؟ ماوەکە بە خولەک (بۆ نموونە ٣٠) یان بە کاتژمێر (بۆ نموونە ٢ کاتژمێر) بنووسە، تا ڕۆژێکی تەواو پێشتر، یان هەڵبژێرە.
conv-checkin-before-hours = { $hours ->
        [one] یەک کاتژمێر پێش دەستپێکردن
       *[other] { $hours } کاتژمێر پێش دەستپێکردن
    }
conv-checkin-before-minutes = { $minutes ->
        [one] یەک خولەک پێش دەستپێکردن
       *[other] { $minutes } خولەک پێش دەستپێکردن
    }
conv-checkin-at-start = لە کاتی دەستپێکردندا
conv-card-checkin = 🚪 تۆمارکردنی ئامادەبوون دەکرێتەوە: { $when }
ea-error-checkin-invalid = لە ماوەکە تێنەگەیشتم. بە خولەک (بۆ نموونە ٣٠) یان بە کاتژمێر (بۆ نموونە ٢ کاتژمێر) بینووسە.
ea-error-checkin-range = دەکرێت تۆمارکردنی ئامادەبوون لە کاتی دەستپێکردنەوە تا ڕۆژێکی تەواو (٢٤ کاتژمێر) پێشتر بکرێتەوە.
