## The coordinators' web page (web/) and the panel button that sends its sign-in link
## (handlers/dashboard_link.py). Every key starts with «dash-».

## The organizers' panel

dash-panel-entry = Data dashboard 📊
dash-link-sent =
    Here is your sign-in link to the web data dashboard:
    { $url }
    It works once, within 15 minutes, and only for you: do not forward it. Once opened, you stay signed in for 12 hours.
dash-link-refused = The data dashboard is for admins and data coordinators only.

## Page frame

dash-site-name = Musharaka — data dashboard
dash-nav-label = Dashboard sections
dash-nav-overview = Overview
dash-nav-programme = Programme
dash-nav-admin = Team and audit log
dash-logout = Sign out
dash-footer = Times are Baghdad time. This page shows data about people: do not leave it open on a shared computer.
dash-date-time = { $date }, { $time } { $period }

## Signing in and out, refusals

dash-link-unknown-title = This link is not valid
dash-link-used-title = This link has already been used
dash-link-expired-title = This link has expired
dash-link-new = To get a new link: open the “Organiser panel” in the bot and press “Data dashboard”, or ask the server's operator to run musharaka web-link. Each link works once, within 15 minutes.
dash-signed-out-title = Please sign in
dash-signed-out-body = Your session has ended or has not started. Open the “Organiser panel” in the bot and press “Data dashboard” to get a new sign-in link.
dash-logged-out-title = You are signed out
dash-forbidden-title = You may not see this page
dash-forbidden-body = This page is for other roles in your organisation. If you think this is wrong, ask your organisation's admin to check your role.
dash-csrf-title = This request was not accepted
dash-csrf-body = The form you sent has expired. Go back, reload the page and try again.
dash-too-many-title = Too many attempts
dash-too-many-body = Too many invalid links came from this device. Wait a quarter of an hour, then open a new link from the bot.
dash-preview-title = Sign-in link to the data dashboard
dash-preview-body = Open this link in a browser to sign in.
dash-not-found-title = Page not found
dash-not-found-body = This page does not exist, or it is about an event that is not your organisation's.

## Figures (shared by every page)

dash-events = Events
dash-registered = Registered
dash-waiting = Waiting list
dash-attended = Attended
dash-survey-answers = Survey answers
dash-attendance-rate = Attendance rate
dash-distinct-people = People reached
dash-average-rating = Average rating (out of 5)
dash-registrations = Registrations
dash-people = People
dash-figure = Figure
dash-kind = Event kind
dash-rating = Rating
dash-col-event = Event
dash-col-date = Date
dash-col-governorate = Governorate
dash-status-draft = Draft
dash-status-published = Published
dash-status-cancelled = Cancelled
dash-no-events = No events here.
dash-nothing-yet = Nothing yet.
dash-period-from = From
dash-period-to = To
dash-period-show = Show
dash-period-shown = Period: { $start } to { $end }
dash-period-all = All time. Choose two dates to narrow the totals.
dash-format-csv = CSV
dash-format-xlsx = Excel (XLSX)

## Overview

dash-overview-title = Overview
dash-totals-title = Totals
dash-upcoming-title = Upcoming events
dash-recent-title = Recent events

## Event

dash-back-overview = ← Back to the overview
dash-counts-title = The figures now
dash-refresh-note = These figures refresh by themselves every half minute.
dash-files-title = Download files
dash-files-note = Files have no phone numbers and no cancelled registrations. To add them, use “Download data” in the bot. Every download is written to the audit log.
dash-per-day = Registrations per day
dash-by-governorate = Registrants by governorate
dash-attended-vs-registered = Attended against registered
dash-ratings = Rating distribution
dash-answers-title = Participants' written answers
dash-search-label = Search the answers
dash-search = Search
dash-search-shown = Answers containing “{ $query }”
dash-answer = Answer
dash-how-many = How many wrote it
dash-no-answers = No answers.
dash-more-answers = { $count ->
        [one] One more answer is not shown here; narrow the search to see it.
       *[other] { $count } more answers are not shown here; narrow the search to see them.
    }

## Programme

dash-programme-title = Programme over a period
dash-events-held = Events held
dash-events-by-kind = Events by kind
dash-events-by-governorate = Events by governorate
dash-people-by-governorate = People by governorate
dash-programme-download = Download the figures as { $format }

## Admin

dash-admin-title = Team and audit log
dash-organization = Organisation
dash-team-title = Organisation team
dash-member = Member
dash-roles = Roles
dash-since = Since
dash-actions = Action
dash-remove = Remove from the team
dash-admin-removed = The member was removed from the team. Their sessions on this dashboard stopped at once.
dash-admin-last-admin = The organisation's last admin cannot be removed. Add another admin first.
dash-admin-not-member = This person is not in the organisation's team.
dash-invite-title = Invite a new member
dash-role = Role
dash-invite = Create an invite code
dash-invite-created = Invite code for the “{ $role }” role (shown this once; it works once within seven days; the person sends it to the bot after /join):
dash-invite-pending = Invite for the “{ $role }” role, expires { $until }
dash-audit-title = Audit log
dash-audit-since = Since
dash-audit-action = Action
dash-audit-actor = Done by
dash-audit-anyone = Anyone
dash-audit-when = When
dash-audit-who = Who
dash-audit-details = Details
dash-audit-empty = No entries match.
dash-remove-confirm = I confirm
dash-admin-not-confirmed = Nobody was removed: tick “I confirm” beside the button first.
