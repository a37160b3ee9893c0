## Staff: panel, roles, invites

menu-staff-panel = لوحة المنظمين 🛠
staff-panel =
    لوحة المنظمين
    أدوارك: { $roles }
staff-not-allowed = عذراً، هذا الإجراء متاح للمنظمين المخوّلين فقط. لم يتغير شيء.
staff-choose-organization = لأي منظمة؟
role-admin = مدير
role-organizer = منظم فعاليات
role-coordinator = منسق بيانات
staff-invite-role = ما الدور الذي تريد منحه؟
staff-invite-created =
    رمز الدعوة: { $code }
    الدور: { $role } في «{ $organization }».
    أرسل الرمز إلى الشخص، واطلب منه أن يرسل إلى «مشاركة»: { -lri }/join { $code }{ -pdi }
    (أو: انضمام { $code }). الرمز صالح لمرة واحدة ولمدة سبعة أيام.
    لن يظهر الرمز مرة أخرى: انسخه الآن. يمكنك إلغاؤه من «فريق المنظمة» ← «دعوات معلّقة».
kw-join = انضمام, /join, join
join-usage = اكتب رمز الدعوة بعد الأمر، مثلاً: { -lri }/join ABCD234567{ -pdi }
join-unknown = رمز الدعوة غير صحيح. تأكد منه واطلب رمزاً جديداً إذا لزم.
join-expired = انتهت صلاحية رمز الدعوة. اطلب رمزاً جديداً من مدير المنظمة.
join-used = استُخدم رمز الدعوة هذا من قبل. كل رمز صالح لمرة واحدة.
join-revoked = أُلغي رمز الدعوة هذا. اطلب رمزاً جديداً من مدير المنظمة.
join-done = أهلاً بك في فريق «{ $organization }» بدور { $role }. تجد «لوحة المنظمين» في القائمة الرئيسية.

## The organisation's team (admins): members, roles, removal, pending invites

team-entry = فريق المنظمة 👥
team-header =
    فريق «{ $organization }»: { $count ->
        [zero] لا أحد بعد.
        [one] عضو واحد.
        [two] عضوان.
        [few] { $count } أعضاء.
        [many] { $count } عضواً.
       *[other] { $count } عضو.
    } (صفحة { $page } من { $pages })
    { $lines }
    اختر عضواً لتغيير دوره أو إزالته.
team-line = { $index }. { $name } — { $roles }
team-member-option = { $name } — { $roles }
team-name-you = { $name } (أنت)
team-name-telegram = مستخدم تيليغرام { $id }
team-name-whatsapp = رقم واتساب ينتهي بـ { $last }
team-name-console = مستخدم الطرفية { $id }
team-name-other = مستخدم { $id }
team-name-unknown = عضو بلا حساب مرتبط
team-invites = دعوات معلّقة ({ $count })
team-new-invite = دعوة عضو جديد ➕
team-next = الصفحة التالية ◀
team-prev = ▶ الصفحة السابقة
team-back = العودة إلى الفريق
team-back-member = رجوع
team-member =
    { $name }
    الدور: { $roles }
    في الفريق منذ: { $since }
    آخر نشاط: { $last }
team-no-activity = لا نشاط مسجّل بعد
team-last-action = { $activity }، يوم { $when }
team-activity-event = إدارة فعالية
team-activity-broadcast = إعلان
team-activity-export = تنزيل بيانات
team-activity-checkin = تسجيل حضور
team-activity-staff = تغيير في الفريق
team-activity-invite = دعوة
team-activity-org = إنشاء منظمة
team-activity-other = إجراء آخر
team-change-role = تغيير الدور
team-remove = إزالة من الفريق
team-choose-role =
    الدور الجديد لـ { $name } (الآن: { $roles })؟
    يصبح الدور المختار دوره الوحيد في هذه المنظمة.
team-role-changed = ✅ أصبح دور { $name }: { $role }.
team-role-unchanged = هذا هو دور { $name } الحالي. لم يتغير شيء.
team-last-admin = لا يمكن ذلك: هذا آخر مدير للمنظمة. عيّن مديراً آخر أولاً. لم يتغير شيء.
team-remove-confirm =
    هل تريد إزالة { $name } ({ $roles }) من فريق «{ $organization }»؟
    لن يعود بإمكانه استخدام لوحة المنظمين لهذه المنظمة، ولن تعمل أزراره القديمة.
team-remove-yes = نعم، أزِله من الفريق
team-remove-no = لا، تراجع
team-removed = ✅ أُزيل { $name } من الفريق.
team-member-gone = لم يعد هذا الشخص في الفريق. لم يتغير شيء.
team-invites-header =
    { $count ->
        [zero] لا توجد دعوات معلّقة.
        [one] دعوة معلّقة واحدة:
        [two] دعوتان معلّقتان:
        [few] { $count } دعوات معلّقة:
        [many] { $count } دعوة معلّقة:
       *[other] { $count } دعوة معلّقة:
    }
    { $lines }
    الرموز لا تظهر مرة أخرى بعد إنشائها. ألغِ أي دعوة لم تعد تريدها.
team-invite-line = { $index }. { $role } — تنتهي يوم { $expires }
team-revoke-option = إلغاء الدعوة { $index } ({ $role }، { $expires })
team-invite-revoked = ✅ أُلغيت الدعوة: رمزها لم يعد يعمل.
team-invite-gone = هذه الدعوة لم تعد معلّقة (استُخدمت أو أُلغيت أو انتهت). لم يتغير شيء.
