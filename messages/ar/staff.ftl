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
staff-invite = دعوة عضو إلى الفريق
staff-invite-role = ما الدور الذي تريد منحه؟
staff-invite-created =
    رمز الدعوة: { $code }
    الدور: { $role } في «{ $organization }».
    أرسل للشخص هذه الرسالة: /join { $code }
    (أو يكتب: انضمام { $code }). الرمز صالح لمرة واحدة ولمدة سبعة أيام.
kw-join = انضمام, /join, join
join-usage = اكتب رمز الدعوة بعد الأمر، مثلاً: /join ABCD234567
join-unknown = رمز الدعوة غير صحيح. تأكد منه واطلب رمزاً جديداً إذا لزم.
join-expired = انتهت صلاحية رمز الدعوة. اطلب رمزاً جديداً من مدير المنظمة.
join-used = استُخدم رمز الدعوة هذا من قبل. كل رمز صالح لمرة واحدة.
join-done = أهلاً بك في فريق «{ $organization }» بدور { $role }. تجد «لوحة المنظمين» في القائمة الرئيسية.
