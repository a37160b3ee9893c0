## Tickets and check-in at the door

ticket-menu-entry = My tickets 🎟
kw-tickets = my tickets, tickets, ticket
ticket-none = You don't have a confirmed seat at an upcoming event, so there is no ticket to show.
ticket-choose = Choose the event whose ticket you want to see:
ticket-item = 🎟 My ticket: { $title }
ticket-caption =
    🎟 Ticket for “{ $title }”
    🗓 { $when }
    📍 { $venue }
    Ticket code: { $ticket }
    Show this QR code at the entrance for the organiser to scan with their phone camera.
ticket-code = Your ticket code: { $ticket } — if the QR code can't be scanned, the organiser types it in “Check-in”.
ticket-not-confirmed = There is no ticket for this registration: the seat isn't confirmed (cancelled or on the waiting list).

checkin-panel-entry = Check-in ✔
checkin-ask-code =
    Type the ticket code (e.g. AB23CD45) or scan the QR code on the attendee's ticket with your phone camera.
    You can type codes one after another; type “menu” or press “Finish” when you're done.
checkin-finish = Finish check-in
checkin-type-code = Type a ticket code
checkin-done = ✅ Checked in — ticket { $ticket } for “{ $title }”.
checkin-already = ⚠️ Already checked in at { $time } { $period } — ticket { $ticket } for “{ $title }”. Nothing has changed.
checkin-not-confirmed = ❌ Ticket { $ticket } isn't confirmed (cancelled or on the waiting list) for “{ $title }”, so it wasn't checked in.
checkin-event-cancelled = ❌ The event “{ $title }” is cancelled, so nobody can be checked in.
checkin-unknown-code = There is no ticket with the code “{ $code }”. Check the code and type it again.
checkin-other-organization = ❌ This ticket is for another organisation's event, so you can't check it in. Nothing has changed.
checkin-invalid-token = This ticket link isn't valid. Nothing has changed.
checkin-not-yours = This ticket isn't yours. You'll find your tickets under “My tickets” or “My registrations”.
checkin-event-option = { $title } — { $date }
checkin-choose-event = Choose the event you're checking people in for now (only its tickets are accepted):
checkin-no-events = There is no published upcoming or ongoing event to check people in for.
checkin-door-open = Check-in: “{ $title }” — open from { $opens } until { $closes }.
checkin-door-early = ⏰ Check-in hasn't opened yet (it opens { $opens }): until then each ticket needs your confirmation.
checkin-door-late = ⏰ Check-in has closed ({ $closes }): each ticket now needs your confirmation.
checkin-change-event = Change event
checkin-wrong-event = ❌ This ticket is for another event: “{ $title }”. You're checking people in for “{ $door }”. Nothing has changed.
checkin-too-early =
    ⏰ Check-in for “{ $title }” hasn't opened yet: it opens { $opens } (2 hours before the start).
    Check ticket { $ticket } in anyway?
checkin-too-late =
    ⏰ Check-in for “{ $title }” closed { $closes }.
    Check ticket { $ticket } in anyway?
checkin-override-yes = Yes, check in anyway
checkin-override-no = No
checkin-override-declined = Not checked in. Type the next code or scan the next ticket.
checkin-propose-door =
    This ticket is for “{ $title }” (check-in open from { $opens } until { $closes }).
    Start checking people in for this event, beginning with this ticket?
checkin-propose-yes = Yes, start check-in

## Broadcasts

broadcast-new = New announcement 📢
broadcast-list = Announcements
broadcast-list-separator = {", "}
broadcast-ask-text =
    Write the announcement as you want people to receive it (up to { $limit ->
        [one] one character
       *[other] { $limit } characters
    }).
    It will be sent exactly as you wrote it, under your organisation's name.
broadcast-abandon = Cancel
broadcast-text-empty = The announcement is empty. Write the text you want to send.
broadcast-text-too-long = The text is too long: it has { $length ->
        [one] one character
       *[other] { $length } characters
    } and the limit is { $limit ->
        [one] one character
       *[other] { $limit } characters
    }. Shorten it and send it again.
broadcast-ask-event = Do you want to link the announcement to an event? A “Register me” button for it will appear underneath.
broadcast-no-event = No event
broadcast-audience =
    Choose who receives the announcement. You can pick more than one group; someone in several groups gets it only once.
    Chosen: { $chosen }
    { $count ->
        [0] Right now the announcement would reach nobody
        [one] Right now the announcement would reach one person
       *[other] Right now the announcement would reach { $count } people
    } (your organisation's audience only: people who registered for one of its events or follow it, minus those who stopped its announcements)
broadcast-segment-none = nothing yet
broadcast-segment-all = Everyone in the organisation's audience
broadcast-segment-governorate = People living in { $governorate }
broadcast-segment-interest = People interested in “{ $interest }”
broadcast-segment-r = Registered for “{ $title }”
broadcast-segment-a = Attended “{ $title }”
broadcast-segment-w = Waiting list of “{ $title }”
broadcast-toggle-on = ✅ { $name }
broadcast-toggle-off = ⬜ { $name }
broadcast-by-governorate = By governorate
broadcast-by-interest = By interest
broadcast-by-registrants = Event registrants
broadcast-by-attendees = Event attendees
broadcast-by-waitlist = Event waiting list
broadcast-segments-done = Done ✔
broadcast-choose-governorates = Choose one or more governorates (tap again to deselect):
broadcast-choose-interests = Choose one or more interests (tap again to deselect):
broadcast-choose-events-r = Choose the event whose registrants you want to message:
broadcast-choose-events-a = Choose the event whose attendees you want to message:
broadcast-choose-events-w = Choose the event whose waiting list you want to message:
broadcast-event-option = { $title } — { $date }
broadcast-no-events = Your organisation has no recent or upcoming events.
broadcast-preview = Preview announcement
broadcast-discard = Delete the draft
broadcast-no-audience = Choose who receives the announcement first.
broadcast-preview-intro = This is how the announcement will arrive:
broadcast-message =
    📢 { $organization }

    { $text }

    — To stop announcements, type “stop”.
broadcast-preview-only = This is a preview: the buttons work for the recipients once it is sent. Nobody was registered.
broadcast-preview-summary =
    Audience: { $chosen }
    { $count ->
        [0] Nobody would receive this announcement right now. Change the audience.
        [one] It will reach one person.
       *[other] It will reach { $count } people.
    } Announcements only reach your organisation's audience: people who registered for one of its events or follow it, minus those who stopped its announcements.
    Nothing is sent until you press “Send now”.
broadcast-send-now = Send now
broadcast-schedule = Schedule
broadcast-edit-audience = Change the audience
broadcast-back-to-preview = Back to the preview
broadcast-not-draft = This announcement is no longer a draft; nothing has changed.
broadcast-nobody = Nobody would receive this announcement right now, so nothing was sent.
broadcast-started = { $count ->
        [one] Sending the announcement to one person.
       *[other] Sending the announcement to { $count } people.
    } You'll get progress updates, and you can stop sending at any time.
broadcast-ask-when =
    When should the announcement go out? Type the date and time in Baghdad time, for example:
    2026-12-07 18:30
    or 7/12/2026 18:30
broadcast-when-invalid = I didn't understand the date or time. Write it like this: 2026-12-07 18:30 or 7/12/2026 18:30 (Baghdad time).
broadcast-when-past = That time has already passed. Type a time in the future, Baghdad time.
broadcast-scheduled = 🕓 The announcement will go out { $when }. You can cancel it before then.
broadcast-progress = Sent { $sent } of { $total } — failed { $failed } — unreachable { $unreachable } — needs a template { $template }
broadcast-progress-cancelled = Not sent: { $count } (sending stopped, or announcements stopped)
broadcast-progress-unknown = Unconfirmed: { $count } (they were being sent when the server stopped, so they are not sent again, to avoid duplicates)
broadcast-card =
    📢 “{ $excerpt }”
    Status: { $status }
broadcast-card-at = Scheduled for: { $when }
broadcast-status-draft = Draft
broadcast-status-scheduled = Scheduled
broadcast-status-sending = Sending
broadcast-status-done = Sent
broadcast-status-stopped = Sending stopped
broadcast-status-cancelled = Cancelled
broadcast-refresh = Progress 🔄
broadcast-stop = Stop sending ⏹
broadcast-cancel-scheduled = Cancel announcement
broadcast-not-sending = The announcement isn't being sent at the moment; nothing has changed.
broadcast-stopped = { $count ->
        [0] Sending stopped. Nothing was left waiting to be sent.
        [one] Sending stopped. One message not yet sent was cancelled.
       *[other] Sending stopped. { $count } messages not yet sent were cancelled.
    }
broadcast-cannot-cancel = This announcement can't be cancelled: sending has started or finished. You can stop sending if it's still going.
broadcast-cancelled = The scheduled announcement is cancelled and won't be sent.
broadcast-discarded = The draft is deleted; nothing was sent.
broadcast-list-header = Latest announcements of { $organizations }:
broadcast-list-empty = There are no announcements yet for { $organizations }.
broadcast-list-item = { $status }: { $excerpt }

## Opt-out

kw-optout = stop, /stop, unsubscribe, stop announcements
kw-optin = subscribe, resubscribe, start announcements
optout-choose =
    The last announcement you received was from “{ $organization }”. What would you like to stop?
    • “{ $organization }” announcements only: you keep getting announcements from the other organisations whose events you registered for or that you follow.
    • All announcements: you won't get announcements from any organisation.
    Reminders and surveys for events you registered for continue either way.
optout-this-organization = Stop { $organization } only
optout-everything = Stop them all
optout-nothing = Stop nothing
optout-organization-done =
    Done ✅ You won't get announcements from “{ $organization }” any more, and you no longer follow it.
    Announcements from other organisations whose events you registered for or that you follow continue; to stop them all, press “Stop them all”.
    To get “{ $organization }” announcements again, follow it in “Settings” → “Who I follow”, or type “subscribe”.
optout-done =
    Announcements stopped ✅ You won't get announcements from organisations any more.
    Reminders and surveys for events you registered for continue; you can stop them in “Settings”.
    To come back at any time, type “subscribe” or send /start.
optout-already =
    Your announcements are already stopped.
    To come back at any time, type “subscribe” or send /start.
optin-button = Subscribe
optin-done = Welcome back ✅ You'll get organisations' announcements again: those whose events you registered for or that you follow, including the ones you had stopped.
optin-already = You're already subscribed to announcements.
optin-by-start = ✅ Your announcements are back on after being stopped. To stop them again, type “stop”.
settings-announcements-off = Stop announcements
settings-announcements-on = Resume announcements
settings-announcements-stopped = Announcements stopped. Reminders and surveys continue unless you stop them.
settings-announcements-started = You'll get announcements again.
settings-reminders-off = Stop reminders
settings-reminders-on = Resume reminders
settings-reminders-stopped = You won't get event reminders or surveys any more.
settings-reminders-started = You'll get event reminders and surveys again.
