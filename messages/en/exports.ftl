## Exports for coordinators: exporter names, column headers, status words, the summary sheet
## and the in-bot download flow. Every key starts with “export-”.

## Exporter names (menu labels and sheet titles; a sheet title is at most 31 characters)

export-name-registrations = Registrations
export-name-attendance = Attendance
export-name-feedback = Survey answers
export-name-feedback-summary = Rating summary

## Column headers

export-col-event = Event
export-col-event-date = Event date
export-col-ticket = Ticket code
export-col-status = Status
export-col-waitlist-position = Waiting list place
export-col-registered-at = Registered at
export-col-confirmed-at = Seat confirmed at
export-col-cancelled-at = Cancelled at
export-col-checked-in-at = Checked in at
export-col-channels = Channel
export-col-governorate = Governorate
## Phone numbers only in a file asked for “with phone numbers”; each column says where its number comes from.
export-col-whatsapp-number = WhatsApp number
export-col-shared-number = Shared number
export-col-response-status = Answer status
export-col-started-at = Answer started
export-col-completed-at = Answer completed
export-col-complete = Completed answers
export-col-in-progress = Unfinished answers
export-col-average = Average rating
export-col-rating-n = Rating { $n }

## Words inside the exported cells

export-status-confirmed = confirmed
export-status-waitlisted = on the waiting list
export-status-cancelled = cancelled
export-response-complete = complete
export-response-in-progress = in progress
export-channel-telegram = Telegram
export-channel-whatsapp = WhatsApp
export-channel-console = terminal
export-list-separator = {", "}

## The summary sheet of XLSX feedback files

export-summary-sheet = Summary
export-summary-complete = Completed answers
export-summary-in-progress = Answers not finished yet
export-summary-average = Average rating (out of 5)
export-summary-rating = Rating
export-summary-count = Participants
export-summary-chart-title = How people rated the event

## The download flow in the bot (staff only)

export-menu-entry = Download data
export-choose-event = Choose the event whose data you want to download (recent and upcoming events) — page { $page } of { $pages }:
export-no-events = There are no recent or upcoming events to download data for.
export-event-option = { $title } — { $date }
export-next = Next page ▶
export-prev = ◀ Previous page
export-choose-exporter = What would you like to download about “{ $event }”?
export-choose-format = Choose the file format for “{ $exporter }”:
export-format-csv = CSV (opens in Excel)
export-format-xlsx = Excel with summary
## What the file will hold, under the format question, and the options that change it.
export-phones-state = { $on ->
        [yes] • Phone numbers: included. This download will be recorded in the audit log as a sensitive download.
       *[no] • Phone numbers: not included.
    }
export-cancelled-state = { $on ->
        [yes] • Cancelled registrations: included.
       *[no] • Cancelled registrations: not included.
    }
export-with-phones = With phone numbers
export-without-phones = No phone numbers
export-with-cancelled = Include cancelled
export-without-cancelled = Leave out cancelled
export-back-events = Back to the events
export-event-missing = This event no longer exists.
export-caption = { $exporter } — { $event }
    { $rows ->
        [0] The file is empty: no rows yet.
        [one] One row.
       *[other] { $rows } rows.
    }
    This data is sensitive: keep the file somewhere safe and share it only with people who need it.
export-caption-phones = This file contains phone numbers, and its download has been recorded in the audit log.
export-more = Would you like another file?
export-another = Another file
