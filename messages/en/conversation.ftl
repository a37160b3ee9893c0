## The conversation never misleads (issue 12): the check-in window of an event

ea-field-checkin_opens_minutes_before = When check-in opens
conv-ask-checkin = How long before the start should check-in open at the door? Type it in minutes (e.g. 30) or hours (e.g. 2 hours), up to a full day before, or choose.
conv-checkin-before-hours = { $hours ->
        [one] one hour before the start
       *[other] { $hours } hours before the start
    }
conv-checkin-before-minutes = { $minutes ->
        [one] one minute before the start
       *[other] { $minutes } minutes before the start
    }
conv-checkin-at-start = at the start
conv-card-checkin = 🚪 Check-in opens: { $when }
ea-error-checkin-invalid = I didn't understand that length of time. Type it in minutes (e.g. 30) or hours (e.g. 2 hours).
ea-error-checkin-range = Check-in can open from the start itself up to a full day (24 hours) before it.
