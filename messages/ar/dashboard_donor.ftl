# Donor figures on the coordinators' page (programme and event pages).
dash-donor-title = ملخص المانحين: الأشخاص حسب المحافظة والجنس والفئة العمرية
dash-donor-note = كل شخص يُحسب مرة واحدة في كل محافظة ومرة واحدة في المجموع. أي مجموعة أقل من ٥ أشخاص تظهر «أقل من ٥» حتى لا يُعرف أحد.
dash-donor-download = تنزيل ملخص المانحين بصيغة { $format }
dash-donor-by-sex = { $organization }: المسجّلون والحاضرون حسب الجنس
dash-donor-by-age = { $organization }: المسجّلون والحاضرون حسب الفئة العمرية
dash-registered-by-title = المسجّلون حسب إجاباتهم عن أسئلة التسجيل
dash-small-groups-note = الإجابات اختيارية. أي مجموعة أقل من ٥ أشخاص تظهر «أقل من ٥» ولا تُرسم، حتى لا يُعرف أحد.
dash-registered-by-sex = المسجّلون حسب الجنس
dash-registered-by-age = المسجّلون حسب الفئة العمرية
dash-registered-by-role = المسجّلون حسب الصفة التي يحضرون بها
dash-registered-by-disability = المسجّلون من ذوي الإعاقة
dash-registered-by-displaced = المسجّلون من النازحين
