## Optional registration questions (issue 15): asked after a seat or a waiting-list place

rq-intro = للمنظمة المنظِّمة بضعة أسئلة اختيارية عنك، تساعدها في تقاريرها. كل سؤال يمكنك تخطيه، ولا يرى إجاباتك إلا فريق المنظمة.
rq-progress = سؤال اختياري { $number } من { $total }
rq-q-sex = الجنس؟
rq-q-age = ما فئتك العمرية؟
rq-q-role = بأي صفة تحضر؟
rq-q-organisation = ما اسم الجهة أو المنظمة التي تنتمي إليها؟
rq-q-disability = هل لديك إعاقة؟
rq-q-displaced = هل أنت نازح؟
rq-short-sex = الجنس
rq-short-age = الفئة العمرية
rq-short-role = الصفة
rq-short-organisation = الجهة
rq-short-disability = إعاقة
rq-short-displaced = نازح
rq-a-sex-male = ذكر
rq-a-sex-female = أنثى
rq-a-age-under18 = أقل من ١٨
rq-a-age-18_24 = ١٨–٢٤
rq-a-age-25_34 = ٢٥–٣٤
rq-a-age-35_44 = ٣٥–٤٤
rq-a-age-45_59 = ٤٥–٥٩
rq-a-age-60plus = ٦٠ فأكثر
rq-a-role-personal = بصفة شخصية
rq-a-role-cso = منظمة مجتمع مدني
rq-a-role-government = جهة حكومية
rq-a-role-university = جامعة أو طالب
rq-a-role-media = إعلام
rq-a-role-other = أخرى
rq-a-disability-yes = نعم
rq-a-disability-no = لا
rq-a-displaced-yes = نعم
rq-a-displaced-no = لا
rq-prefer-not = أفضّل عدم الإجابة
rq-skip = ⏭ تخطي هذا السؤال
rq-stop = لاحقاً، يكفي الآن
rq-type-answer = اكتب إجابتك (حتى { $limit } حرفاً)، أو اختر من الخيارات.
rq-too-long = الإجابة طويلة ({ $length } حرفاً): اكتبها في { $limit } حرفاً على الأكثر.
rq-choice-invalid = لم أفهم الاختيار: اضغط أحد الخيارات.
rq-reused = إجاباتك السابقة، نستعملها لهذه الفعالية أيضاً:
    { $answers }
rq-reused-line = • { $question }: { $answer }
rq-change = ✏️ تغيير: { $question }
rq-keep-all = ✅ لا تغيير
rq-thanks = شكراً لك، حفظنا إجاباتك. يمكنك تغييرها أو حذفها في أي وقت من «الإعدادات».
rq-stopped = حسناً، لا مزيد من الأسئلة الآن. ما أجبت عنه محفوظ، ويمكنك تغييره من «الإعدادات».
rq-saved = ✅ تم الحفظ.
rq-not-answered = لم تُجب
rq-settings-entry = 📝 إجاباتي الاختيارية
rq-settings-list =
    إجاباتك على الأسئلة الاختيارية (يراها فريق المنظمة التي تسجّل في فعاليتها فقط):
    { $answers }
rq-back-to-answers = ↩️ رجوع إلى إجاباتي
rq-back-to-settings = ↩️ الإعدادات
rq-delete-all = 🗑 حذف إجاباتي
rq-delete-confirm = هل تريد حذف كل إجاباتك على أسئلة التسجيل؟ تبقى تسجيلاتك كما هي.
rq-delete-yes = نعم، احذفها
rq-delete-no = لا، رجوع
rq-deleted = حُذفت إجاباتك.

## Organizers: which questions an event asks

rq-staff-entry = ❓ أسئلة التسجيل
rq-staff-screen =
    الأسئلة الاختيارية بعد التسجيل في «{ $title }».
    اضغط سؤالاً لتفعيله أو إيقافه. ويمكنكم إضافة أسئلة خاصة بكم (الحد الأقصى: { $max }):
    { $own }
rq-staff-own-none = (لا أسئلة خاصة بعد)
rq-staff-own-line = { $number }. { $question } — { $kind }
rq-staff-kind-text = نص قصير
rq-staff-kind-choice = اختيارات: { $choices }
rq-staff-on = ✅ { $question }
rq-staff-off = ⬜ { $question }
rq-staff-add = ➕ سؤال خاص بكم
rq-staff-remove = 🗑 حذف السؤال { $number }
rq-staff-ask-custom =
    اكتب السؤال في السطر الأول. للاختيارات اكتب كل اختيار في سطر بعده (من ٢ إلى { $max })، أو افصل بينها بـ «|». بلا اختيارات يكون الجواب نصاً قصيراً.
rq-staff-added = ✅ أضفنا السؤال.
rq-staff-removed = 🗑 حذفنا السؤال وإجاباته.
rq-error-question-length = نص السؤال يجب أن يكون من ١ إلى { $max } حرفاً.
rq-error-choices-count = الاختيارات من ٢ إلى { $max }.
rq-error-choice-length = كل اختيار حتى { $max } حرفاً، ولا يتكرر.
rq-error-too-many = بلغتم الحد الأقصى للأسئلة الخاصة ({ $max }): احذفوا واحداً أولاً.

## Donor summary (issue 15)

donor-menu-entry = 📊 ملخص للمانحين
donor-choose-organization = لأي منظمة؟
donor-choose-period = ملخص «{ $organization }» للمانحين: اختر الفترة.
donor-period-3m = آخر ٣ أشهر
donor-period-6m = آخر ٦ أشهر
donor-period-12m = آخر ١٢ شهراً
donor-period-y = هذه السنة
donor-choose-format = الفترة { $from } – { $to }. اختر صيغة الملف:
donor-caption = ملخص المانحين: { $organization }، من { $from } إلى { $to }.
donor-title = ملخص المانحين
donor-heading = { $organization }: من { $from } إلى { $to }
donor-col-governorate = المحافظة
donor-col-events = الفعاليات
donor-col-registered = مسجّلون (أشخاص)
donor-col-attended = حضروا (أشخاص)
donor-col-reached = أشخاص وصلنا إليهم
donor-col-split = { $measure } — { $group }
donor-col-rating = متوسط التقييم
donor-col-kind = فعاليات: { $kind }
donor-not-said = لم يُذكر
donor-total = المجموع
donor-fewer-than-5 = أقل من ٥
# A group hidden because, with the total, it would give a group of fewer than 5 away.
donor-hidden = محجوب
donor-notes = كيف حُسبت الأرقام: كل شخص يُحسب مرة واحدة في كل محافظة وفي المجموع (أشخاص مختلفون، لا تسجيلات). «مسجّلون» من لهم مقعد في فعالية واحدة على الأقل من فعاليات الفترة، و«حضروا» من سُجّل حضورهم عند الباب، و«وصلنا إليهم» المسجّلون ومن في قائمة الانتظار. المحافظة محافظة الفعالية. الجنس والعمر من إجابات اختيارية: من لم يُجب أو فضّل عدم الإجابة في «لم يُذكر». أي مجموعة أقل من ٥ أشخاص تظهر «أقل من ٥» حتى لا يُعرف أحد. متوسط التقييم من استبيانات ما بعد الفعالية (١–٥).
donor-chart-title = المسجّلون والحاضرون حسب المحافظة
donor-chart-people = أشخاص
