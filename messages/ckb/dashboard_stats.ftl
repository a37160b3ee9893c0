## Figures of the coordinators' web page (programme download, chart titles). Every key starts with «dashboard-stats-».

dashboard-stats-col-figure = پێوەر
dashboard-stats-col-detail = وردەکاری
dashboard-stats-col-value = بەها
dashboard-stats-distinct-people = ژمارەی ئەو کەسانەی گەیشتینە لایان
dashboard-stats-events-held = چالاکییە ئەنجامدراوەکان
dashboard-stats-registered = تۆمارکراوان
dashboard-stats-attended = ئامادەبووان
dashboard-stats-average-rating = تێکڕای هەڵسەنگاندن
dashboard-stats-events-by-kind = چالاکییەکان بەپێی جۆر
dashboard-stats-events-by-governorate = چالاکییەکان بەپێی پارێزگا
dashboard-stats-people-by-governorate = کەسەکان بەپێی پارێزگا
dashboard-stats-governorate-unknown = دیاری نەکراوە
dashboard-stats-chart-value = ژمارە
