## Per-event surveys (issue 15): new question kinds in the survey, and the organizers' survey builder

# Answering: several choices (toggle, then done), short and long text.
survey-choice-picked = ✅ { $choice }
survey-multi-done = تم ({ $count })
survey-multi-hint = اختر كل ما ينطبق، ثم اضغط «تم». يمكنك أيضاً كتابة الأرقام مثل: ١، ٣
survey-multi-none = هذا السؤال مطلوب: اختر خياراً واحداً على الأقل ثم اضغط «تم».
survey-multi-invalid = لم أفهم اختيارك. اضغط على الخيارات أو اكتب أرقامها مثل: ١، ٣
survey-type-short = اكتب إجابة قصيرة في رسالة.
survey-type-long = اكتب إجابتك في رسالة، وخذ راحتك في التفصيل.

# The organizers' panel and the event's admin card (button labels: at most 20 characters).
sb-panel = الاستبيانات 📝
ea-survey = استبيان الفعالية 📝
sb-new = استبيان جديد ➕
sb-delete = حذف الاستبيان
sb-delete-yes = نعم، احذفه
sb-back-to-list = رجوع إلى الاستبيانات
sb-back = ماذا تريد أن تفعل الآن؟
sb-cancel = إلغاء
sb-finish = حفظ الاستبيان ✅
sb-default-name = الاستبيان الافتراضي
sb-list = { $count ->
        [one] لدى منظمتك استبيان محفوظ واحد.
        [two] لدى منظمتك استبيانان محفوظان.
        [few] لدى منظمتك { $count } استبيانات محفوظة.
        [many] لدى منظمتك { $count } استبياناً محفوظاً.
       *[other] لدى منظمتك { $count } استبيان محفوظ.
    } اختر استبياناً لعرض أسئلته، أو أنشئ استبياناً جديداً. (المعروض: { $shown })
sb-list-empty = لا توجد استبيانات محفوظة بعد. كل فعالية ترسل الاستبيان الافتراضي (تقييم وثلاثة أسئلة مفتوحة) ما لم تختر غيره.
sb-view = استبيان «{ $name }» ({ $count ->
        [one] سؤال واحد
        [two] سؤالان
        [few] { $count } أسئلة
        [many] { $count } سؤالاً
       *[other] { $count } سؤال
    }):
sb-question-line = { $number }. ({ $kind }) { $text }
sb-question-choices = { "   " }الخيارات: { $choices }
sb-delete-confirm = هل تريد حذف استبيان «{ $name }»؟ الفعاليات التي اختارته تحتفظ بنسختها من الأسئلة.
sb-deleted = حُذف استبيان «{ $name }».

# Question kinds (also button labels).
sb-kind-rating = تقييم ١–٥ ⭐
sb-kind-choice = اختيار واحد
sb-kind-multi = عدة اختيارات
sb-kind-short = نص قصير
sb-kind-long = نص طويل
sb-kind-text = نص

# Building a survey.
sb-ask-name = ما اسم الاستبيان الجديد؟ (يظهر لك وللمنظمين فقط، حتى { $max } حرفاً)
sb-ask-kind = السؤال { $number } من { $max } كحد أقصى في «{ $name }»: اختر نوعه.
sb-choose-kind = اختر نوع السؤال من الأزرار، أو احفظ الاستبيان.
sb-ask-text = اكتب نص السؤال ({ $kind }). الحد الأقصى لعدد الأحرف: { $max }.
sb-ask-choices = أرسل الخيارات في رسالة واحدة، كل خيار في سطر (من { $min } إلى { $max } خيارات).
sb-question-added = ✅ أُضيف السؤال.
sb-saved = ✅ حُفظ استبيان «{ $name }» ({ $count ->
        [one] سؤال واحد
        [two] سؤالان
        [few] { $count } أسئلة
        [many] { $count } سؤالاً
       *[other] { $count } سؤال
    }):
sb-what-next = يمكنك الآن اختياره لأي فعالية من «استبيان الفعالية» في بطاقتها.
sb-cancelled = أُلغي إنشاء الاستبيان، ولم يُحفظ شيء.

# The survey of one event.
sb-event-current = استبيان هذه الفعالية: { $name }
sb-event-choose = اختر الاستبيان الذي يُرسل للحضور بعد الفعالية:
sb-event-locked = أُرسل استبيان هذه الفعالية أو بدأ الناس بالإجابة عليه، لذلك لا يمكن تغييره الآن.
sb-event-chosen = ✅ ستُرسل فعالية «{ $title }» الاستبيان: { $name }

# Problems with what was typed (the same rules as `musharaka surveys import`).
sb-error-name-length = يجب أن يكون الاسم بين { $min } و{ $max } حرفاً (طوله الآن { $length }). اكتب اسماً آخر.
sb-error-name-taken = يوجد في منظمتك استبيان باسم «{ $name }». اختر اسماً آخر.
sb-error-question-length = يجب أن يكون نص السؤال بين { $min } و{ $max } حرفاً (طوله الآن { $length }). اكتبه مجدداً.
sb-error-question-count = عدد أسئلة الاستبيان من سؤال واحد إلى حد أقصى هو { $max } (فيه الآن { $count }).
sb-error-choice-count = أرسل من { $min } إلى { $max } خيارات، كل خيار في سطر (أرسلت { $count }).
sb-error-choice-length = الخيار رقم { $number } أطول من { $max } حرفاً (طوله { $length }). أرسل الخيارات مجدداً.
sb-error-choice-repeated = الخيار «{ $choice }» مكرر. أرسل الخيارات مجدداً دون تكرار.
sb-error-choices-not-allowed = هذا النوع من الأسئلة ({ $kind }) بلا خيارات.
sb-error-kind-unknown = نوع السؤال «{ $kind }» غير معروف. الأنواع: { $kinds }

# The XLSX summary sheet of the feedback export: the heading above the choice questions' counts.
export-summary-choices = إجابات أسئلة الاختيار
