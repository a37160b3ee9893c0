## Organisers: creating and managing events (handlers/staff_events.py)

ea-panel-new = New event ➕
ea-panel-mine = Our events 📋

## Guided creation

ea-wizard-intro = Let's create a new event organised by “{ $organization }”. Answer the questions one at a time; you can cancel at any step.
ea-step = Step { $number } of { $total }
ea-ask-title = What is the event's title? ({ $min } to { $max ->
        [one] one character
       *[other] { $max } characters
    })
ea-ask-kind = What kind of event is it?
ea-ask-governorate = In which governorate does the event take place?
ea-ask-venue = Where exactly is it held? Type the venue, e.g.: Amarah — Provincial Council hall.
ea-ask-map = Send a map link for the location (starting with https://), or press “No map”.
ea-ask-starts =
    When does the event start? Type the date and time in Baghdad time, for example:
    7/12/2026 10:00
    or 7/12/2026 4 pm
    or 2026-12-07 16:00
ea-ask-duration = How long does the event last? Choose, or type the length in minutes (e.g. 90) or hours (e.g. 2 hours).
ea-ask-capacity = How many seats are there? Type a number (e.g. 40) or choose “Unlimited”.
ea-ask-description = Write a description of the event for citizens to read (up to { $max ->
        [one] one character
       *[other] { $max } characters
    }).
ea-skip-map = No map
ea-duration-hours = { $hours ->
        [one] one hour
       *[other] { $hours } hours
    }
ea-unlimited = Unlimited
ea-wizard-cancel = Cancel
ea-wizard-cancelled = Creating the event was cancelled; nothing was saved.
ea-wizard-stale = That button is from an earlier step. Let's continue where you left off:
ea-preview-header = Preview: this is how citizens will see the event 👇
ea-preview-question = Publish it now, or save it as a draft? Citizens don't see a draft until you publish it.
ea-publish = Publish ✅
ea-save-draft = Save as draft 📝
ea-created-published = ✅ “{ $title }” is published. Citizens can now see it in “Upcoming events”.
ea-created-draft = 📝 “{ $title }” is saved as a draft. Citizens won't see it until you publish it from “Our events”.
ea-manage-this = Manage this event

## Words people type instead of pressing (comma-separated; matched after normalisation)

ea-kw-unlimited = unlimited, no limit, open, any
ea-kw-hours = hour, hours, hr, hrs, h
ea-kw-minutes = minute, minutes, min, mins, m
ea-kw-one-hour = hour, an hour, one hour
ea-kw-two-hours = two hours
# `reminder_hours` in an imported file: no reminders at all.
ea-kw-no-reminders = none, no, no reminders, without reminders

## Why an answer was refused (the question follows again)

ea-error-title-length = The title must be { $min } to { $max ->
        [one] one character
       *[other] { $max } characters
    } long; yours has { $length ->
        [one] one character
       *[other] { $length } characters
    }.
ea-error-venue-length = The venue must be { $min } to { $max ->
        [one] one character
       *[other] { $max } characters
    } long; yours has { $length ->
        [one] one character
       *[other] { $length } characters
    }.
ea-error-description-empty = The description is empty. Write a few sentences about the event.
ea-error-description-length = The description is too long: it has { $length ->
        [one] one character
       *[other] { $length } characters
    } and the limit is { $max ->
        [one] one character
       *[other] { $max } characters
    }. Shorten it and send it again.
ea-error-map-url = That doesn't look like a map link. Send a full link starting with https://, or press “No map”.
ea-error-starts-format = { date-error-format }
ea-error-starts-year = { date-error-year }
ea-error-starts-month = { date-error-month }
ea-error-starts-day = { date-error-day }
ea-error-starts-time = { date-error-time }
ea-error-starts-past = That time has already passed. Choose a time in the future, Baghdad time.
ea-error-starts-too-far = That date is too far ahead (more than { $days ->
        [one] one day
       *[other] { $days } days
    } away). Check the year.
ea-error-duration-invalid = I didn't understand the length. Type it in minutes (e.g. 90) or in hours (e.g. 2 hours).
ea-error-duration-range = The length must be between { $min ->
        [one] one minute
       *[other] { $min } minutes
    } and one week.
ea-error-capacity-invalid = Type the number of seats in digits (e.g. 30), or choose “Unlimited”.
ea-error-capacity-range = The number of seats must be from 1 to { $max }.
ea-error-capacity-below-confirmed = The number of seats can't be lower than the number of confirmed registrants ({ $confirmed }).
ea-error-choice = Choose one of the options below.
ea-error-kind-unknown = Unknown kind: { $value }
ea-error-governorate-unknown = Unknown governorate: { $value }
ea-error-status-unknown = Unknown status: { $value }
ea-error-organization-unknown = Unknown organisation: { $value }
ea-error-field-unknown = This field can't be edited.
ea-error-event-cancelled = This event is cancelled and can't be edited.
ea-error-publish-past = This draft's date has passed. Change the date first, then publish it.

## The organisation's events and the admin card

ea-list-header = “{ $organization }” upcoming events and drafts — page { $page } of { $pages }
ea-list-empty = “{ $organization }” has no upcoming events or drafts. Create one with “New event”.
ea-list-line = { $index }. { $marker }{ $title }
    🗓 { $date } — ✅ { $confirmed } ⏳ { $waiting }
ea-draft-marker = [draft]
ea-draft-label = 📝 { $title }
ea-status-draft = Draft (citizens can't see it)
ea-status-published = Published
ea-status-cancelled = Cancelled
ea-registration-is-open = open
ea-registration-is-closed = closed 🔒
ea-seats-unlimited = unlimited
ea-card =
    🛠 Manage the event
    Status: { $status }
    Registration: { $registration }
    ✅ Confirmed: { $confirmed }
    ⏳ On the waiting list: { $waiting }
    🎫 Attended: { $checked_in }
    💺 Seats left: { $seats }
ea-edit = Edit ✏️
ea-publish-draft = Publish the event ✅
ea-close-registration = Close registration 🔒
ea-reopen-registration = Open registration 🔓
ea-cancel-event = Cancel the event ❌
ea-refresh = Refresh numbers 🔄
ea-back-to-list = Our events
ea-back-to-card = Back to the event

## Editing

ea-edit-which = What do you want to change in “{ $title }”?
ea-field-title = Title
ea-field-venue = Venue
ea-field-starts_at = Date and time
ea-field-capacity = Number of seats
ea-field-description = Description
ea-field-kind = Kind of event
ea-field-governorate = Governorate
ea-field-map_url = Map link
ea-field-duration_minutes = Duration
ea-field-reminder_hours = Reminders
ea-ask-reminders = How many hours before the start should registrants be reminded? Type the hours separated by commas (e.g. 24, 1), or choose.
ea-reminders-preset = 1 day and 1 hour
ea-reminders-none = No reminders
ea-current-duration = { $minutes ->
        [one] one minute
       *[other] { $minutes } minutes
    }
ea-current-reminders = { $hours } hours before the start
ea-error-reminders-invalid = Type up to { $count ->
        [one] one number
       *[other] { $count } numbers
    } of hours from 1 to { $max }, separated by commas (e.g. 24, 1), or “no reminders”.
ea-edit-current = Current value: { $value }
ea-edit-saved = ✅ Change saved.
ea-edit-unchanged = That's the current value already; nothing has changed.
ea-edit-notified = { $count ->
        [0] There are no registrants to notify.
        [one] One registrant will be notified of the change.
       *[other] { $count } registrants will be notified of the change.
    }
ea-edit-promoted = { $count ->
        [one] One person moved from the waiting list to a confirmed seat and will be notified.
       *[other] { $count } people moved from the waiting list to confirmed seats and will be notified.
    }

## Publish, registration, cancel

ea-published = ✅ “{ $title }” is published. Citizens can now see it and register.
ea-already-published = “{ $title }” is already published.
ea-registration-closed-done = 🔒 Registration for “{ $title }” is closed. Nobody can register now; those registered stay registered.
ea-registration-opened-done = 🔓 Registration for “{ $title }” is open again.
ea-cancel-confirm =
    Are you sure you want to cancel “{ $title }”? { $count ->
        [0] Nobody has registered yet.
        [one] One registrant will be notified of the cancellation.
       *[other] { $count } registrants will be notified of the cancellation.
    }
    A cancellation can't be undone.
ea-cancel-yes = Yes, cancel event
ea-cancel-no = No, go back
ea-cancelled-done = ❌ “{ $title }” is cancelled. { $count ->
        [0] There were no registrants.
        [one] One registrant will be notified of the cancellation.
       *[other] { $count } registrants will be notified of the cancellation.
    }
ea-already-cancelled = “{ $title }” was already cancelled.

## What registrants receive when an event changes

ea-changed-governorate-notice =
    📍 The governorate of “{ $title }”, which you registered for, has changed.
    New governorate: { $governorate } — venue: { $venue }
    (was: { $old })
    The time is unchanged: { $when } (Baghdad time)
ea-changed-venue-notice =
    📍 The venue of “{ $title }”, which you registered for, has changed.
    New venue: { $venue }
    (It was: { $old })
    The time is unchanged: { $when } (Baghdad time)

## Dates and times typed by organisers: the event start and the broadcast time (handlers/date_answers.py)

date-error-format = I didn't understand the date and time. Type them in digits: day/month/year, then the time, e.g. 7/12/2026 10:00 or 7/12/2026 4 pm.
date-error-year = Type the year with four digits, e.g. 7/12/2026 10:00.
date-error-month = The month is a number from 1 to 12 and comes after the day: day/month/year, e.g. 7/12/2026 for 7 December.
date-error-day = That day doesn't exist in that month: there is no day { $day } in { $month } (it has { $days ->
        [one] one day
       *[other] { $days } days
    }).
date-error-time = Type the time like this: 10:00 (or 4:00 pm, or 18:30), after the date.
date-evening-question = You typed { $time } without “am” or “pm”. Did you mean { $evening } { $period }?
date-evening-yes = Yes, { $time } { $period }
date-evening-no = No, { $time } { $period }
# Typed answers to the evening question (comma-separated; matched after normalisation).
date-kw-evening = yes, y, yeah, evening, pm, p.m.
date-kw-morning = no, n, morning, am, a.m.
