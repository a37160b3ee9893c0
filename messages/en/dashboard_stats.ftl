## Figures of the coordinators' web page (programme download, chart titles). Every key starts with “dashboard-stats-”.

dashboard-stats-col-figure = Figure
dashboard-stats-col-detail = Detail
dashboard-stats-col-value = Value
dashboard-stats-distinct-people = People reached
dashboard-stats-events-held = Events held
dashboard-stats-registered = Registered
dashboard-stats-attended = Attended
dashboard-stats-average-rating = Average rating
dashboard-stats-events-by-kind = Events by kind
dashboard-stats-events-by-governorate = Events by governorate
dashboard-stats-people-by-governorate = People by governorate
dashboard-stats-governorate-unknown = Not given
dashboard-stats-chart-value = Count
