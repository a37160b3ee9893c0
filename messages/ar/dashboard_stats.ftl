## Figures of the coordinators' web page (programme download, chart titles). Every key starts with «dashboard-stats-».

dashboard-stats-col-figure = المؤشر
dashboard-stats-col-detail = التفصيل
dashboard-stats-col-value = القيمة
dashboard-stats-distinct-people = عدد الأشخاص الذين وصلنا إليهم
dashboard-stats-events-held = الفعاليات المنفَّذة
dashboard-stats-registered = المسجّلون
dashboard-stats-attended = الحاضرون
dashboard-stats-average-rating = متوسط التقييم
dashboard-stats-events-by-kind = الفعاليات حسب النوع
dashboard-stats-events-by-governorate = الفعاليات حسب المحافظة
dashboard-stats-people-by-governorate = الأشخاص حسب المحافظة
dashboard-stats-governorate-unknown = غير محددة
dashboard-stats-chart-value = العدد
