## Musharaka — the English catalog. Same keys, variables and plural selectors as messages/ar/
## (python messages/check_catalogs.py compares them). English plurals are one/other; an exact
## [0] variant gives the zero form where Arabic has one. The words: messages/en/GLOSSARY.md.

## Onboarding

# The welcome is the consent text (see the Arabic catalog for what it must say).
-welcome-intro =
    Welcome to Musharaka 👋
    Here you can find upcoming seminars, round tables and workshops in your governorate, register for them, get reminders, and read about the elections.
-welcome-data = What we keep about you once you agree: your governorate and the interests you choose, your registrations, your survey answers, and any optional registration questions you choose to answer (such as sex or age group). We do not keep your name.
-welcome-sharing = We share your data with no one except the organisations running the events you register for.
-welcome-audience = Who can send you announcements: the organisations whose events you registered for and the organisations you choose to follow, and nobody else. You can stop one organisation's announcements, or all of them, at any time by typing “stop”.
-welcome-delete = You can delete your data at any time by typing “delete my data” (or from “Settings”).
-welcome-go = To continue, press “I agree, let's start”.
welcome =
    { -welcome-intro }

    { -welcome-data } We only ask for your phone number if you choose to share it. { -welcome-sharing }
    { -welcome-audience }
    Until you agree, we keep only the ID of this chat (and the link or invite code you came with), and it is deleted automatically if you don't agree. { -welcome-delete }

    { -welcome-go }
welcome-whatsapp =
    { -welcome-intro }

    { -welcome-data } On WhatsApp your phone number is the address of this chat: when you agree, we keep it to send you reminders and announcements, and it is deleted with the rest of your data whenever you ask. { -welcome-sharing }
    { -welcome-audience }
    Until you agree, we keep only the ID of this WhatsApp chat (which is your number), and it is deleted automatically if you don't agree. { -welcome-delete }

    { -welcome-go }
consent-button = I agree, let's start
choose-governorate = Choose your governorate so we can show you events near you:
settings-choose-governorate = Choose your new governorate:
governorate-saved = Your governorate is saved: { $governorate } ✅
welcome-back = Welcome back to Musharaka.

## Main menu and help

main-menu = Main menu — what would you like to do?
menu-events = Upcoming events
menu-elections = About the elections
menu-my = My registrations
menu-settings = Settings
menu-help = Help
back-to-menu = Main menu
help =
    Musharaka is a bot for Iraqi civil society organisations:
    • “Upcoming events”: browse seminars and workshops in your governorate or in all governorates, and register with one tap. When an event is full you join the waiting list, and we tell you straight away if a seat comes free.
    • “My registrations”: your registrations and the status of each. To cancel, tap “Cancel: …” (or “Cancel my place” in the event's details), then confirm with “yes” or step back with “no”.
    • Tickets: every confirmed seat has a ticket code and a QR code, in “My tickets” (or type “my tickets”); show them at the entrance. On the waiting list there is no ticket until a seat is yours, and a cancelled event has no ticket.
    • “About the elections”: general information, with its source and when it was last updated.
    • “Settings”: governorate, interests and language, “Who I follow”, and deleting your data.
    • Announcements: you only get them from organisations whose events you registered for or that you follow. To stop them, type “stop”: after an organisation's announcement we ask whether to stop that organisation only or all announcements. To get them back, type “subscribe”.
    Words you can type at any time: “menu”, “help”, “my registrations”, “my tickets”, “stop”, “subscribe”, “delete my data”.
    Type “menu” or /menu at any time to go back to the main menu.
not-understood = Sorry, I didn't understand your message. Choose from the menu below or type “help”.
option-stale = This option is no longer valid or isn't yours. Nothing has changed.
error-generic = Sorry, something went wrong for a moment and nothing from this step was saved. Please try again shortly or type “menu”.
none = none
# Between items of a list in a sentence (a quoted space after the comma keeps it).
list-separator = {", "}
sample-marker = ⚠️ Sample content, for demonstration only.
# The title of a sample event wherever it is named outside its details: lists, confirmations, reminders.
sample-title = { $title } (sample)

## Words people type instead of pressing buttons (comma-separated; matched after normalisation).
## The Arabic words work too, in every language.

kw-menu = menu, main menu, home, start
kw-help = help, help me
kw-events = events, upcoming events, seminars
kw-elections = elections, about the elections, elections information, election information, election
kw-my = my registrations, registrations, my bookings, bookings
kw-settings = settings, preferences
kw-delete = delete my data, delete my information, delete me

## Dates and numbers

datetime = { $date }, { $time } { $period }
# The part of the day after a 12-hour time (messages.formatting.day_period): English says am or pm.
period-morning = am
period-noon = pm
period-afternoon = pm
period-evening = pm
period-midnight = am
period-night = am

## Governorates

gov-baghdad = Baghdad
gov-basra = Basra
gov-nineveh = Nineveh
gov-erbil = Erbil
gov-najaf = Najaf
gov-karbala = Karbala
gov-maysan = Maysan
gov-wasit = Wasit
gov-anbar = Anbar
gov-dhiqar = Dhi Qar
gov-babil = Babylon
gov-diyala = Diyala
gov-salahaddin = Salah al-Din
gov-kirkuk = Kirkuk
gov-muthanna = Muthanna
gov-qadisiyah = Qadisiyah
gov-duhok = Duhok
gov-sulaymaniyah = Sulaymaniyah
gov-halabja = Halabja
all-governorates = All governorates

## Event kinds

kind-seminar = Dialogue seminar
kind-roundtable = Round table
kind-workshop = Workshop
kind-closing = Closing session
kind-conference = Conference
kind-campaign = Campaign
all-kinds = All kinds

## Interests

interest-democracy = Democracy and elections
interest-youth = Youth
interest-women = Women's empowerment
interest-peace = Social peace and non-violence
interest-anticorruption = Fighting corruption
interest-education = Education
interest-health = Health
interest-displaced = Supporting displaced people
# The same interests on buttons (WhatsApp cuts a button at 20 characters, and “✅ ” takes two).
interest-short-democracy = Democracy
interest-short-youth = Youth
interest-short-women = Empowering women
interest-short-peace = Social peace
interest-short-anticorruption = Anti-corruption
interest-short-education = Education
interest-short-health = Health
interest-short-displaced = Displaced people

## Events

events-header = Upcoming events — { $where } — { $kind }
    Page { $page } of { $pages } ({ $total ->
        [0] no events
        [one] one event
       *[other] { $total } events
    })
events-line = { $index }. { $title }
    🗓 { $date } — 📍 { $governorate }
events-empty = There are no upcoming events ({ $kind }) in { $where } at the moment. Try “All governorates” or another kind.
events-next = Next page ▶
events-prev = ◀ Previous page
events-all-governorates = All governorates
events-my-governorate = Only { $governorate }
events-filter-kind = Filter by kind
events-back = Back to events
choose-kind = Choose a kind of event:
event-unavailable = This event is no longer available (it may have been cancelled or removed).
event-details =
    📌 { $title }
    Kind: { $kind }
    Organiser: { $organizer }
    🗓 When: { $when } (Baghdad time)
    📍 Where: { $venue }
    🎟 { $seats }

    { $description }
event-map = 🗺 Map: { $url }
# A venue with its governorate, when the venue does not already name it (handlers/views.py place).
event-place = { $venue } — { $governorate }
seats-unlimited = Unlimited seats
seats-closed = 🔒 Registration is closed
seats-full = Fully booked — { $waiting ->
        [0] nobody on the waiting list yet
        [one] one person on the waiting list
       *[other] { $waiting } people on the waiting list
    }
seats-left = { $count ->
        [0] no seats left
        [one] one seat left
       *[other] { $count } seats left
    }

## Registration

register-button = Register me ✅
cancel-registration = Cancel my place ❌
register-waitlist-button = Join waiting list ⏳
cancel-waitlist-place = Leave waiting list ❌
event-you-registered = ✅ You're registered — your ticket: { $ticket }
event-you-wait = ⏳ You're on the waiting list (place { $position }). There's no ticket until a seat is yours; we'll tell you straight away.
event-you-attended = ✔ You're registered and you attended.
registered =
    You're registered ✅
    { $title }
    🗓 { $when }
    📍 { $venue }
    🎟 Your ticket code: { $ticket }
    Keep this code and show it at the entrance. We'll remind you before the event.
waitlisted =
    “{ $title }” is fully booked, so we've put you on the waiting list.
    Your place: { $position }. We'll tell you straight away if a seat becomes free.
already-registered = You're already registered for this event — status: { $status }, ticket code: { $ticket }.
already-waitlisted = You're already on the waiting list for this event (place { $position }). We'll tell you straight away if a seat becomes free.
register-unavailable = Registration for this event is no longer available.
register-past = This event has already taken place, so you can't register for it.
register-closed = Registration for this event is closed.
cancelled = Your registration for “{ $title }” is cancelled. If someone was waiting, your seat has gone to them.
cancel-nothing = This registration was already cancelled.
cancel-confirm =
    Do you want to cancel your registration for “{ $title }”?
    If you do, your seat goes to the first person waiting, and you only get it back if a seat comes free again.
cancel-waitlist-confirm =
    Do you want to give up your place on the waiting list for “{ $title }”?
    If you come back later, you'll be at the end of the list.
cancel-yes = Yes, cancel it
cancel-no = No, stay registered
cancel-waitlist-yes = Yes, leave the list
cancel-waitlist-no = No, keep me waiting
cancel-kept = Nothing has changed: your registration stays as it was.
cancelled-waitlist = You're off the waiting list for “{ $title }”.
ticket-event-cancelled = “{ $title }” has been cancelled, so there is no ticket for it.
promoted =
    Good news 🎉 a seat has come free for you at “{ $title }”.
    🗓 { $when }
    🎟 Your ticket code: { $ticket }
calendar-caption = Add it to your calendar 📅
calendar-description = Ticket code: { $ticket } — Organiser: { $organizer }
status-confirmed = confirmed
status-waitlisted = on the waiting list (place { $position })
status-cancelled = cancelled
status-attended = attended ✔

## My registrations

my-header = { $count ->
        [one] You have one upcoming registration:
       *[other] You have { $count } upcoming registrations:
    }
my-line =
    { $index }. { $title }
    🗓 { $when }
    Status: { $status } — 🎟 { $ticket }
my-empty = You have no upcoming registrations. Browse “Upcoming events” and register for what interests you.
cancel-item = Cancel: { $title }

my-line-waitlisted =
    { $index }. { $title }
    🗓 { $when }
    Status: { $status }
my-line-event-cancelled =
    { $index }. { $title }
    🗓 It was planned for { $when }
    ❌ The event was cancelled — the organiser announced it on { $cancelled }
remove-item = Remove from the list: { $title }
my-removed = “{ $title }” is no longer in your registrations.
## Elections information

elections-header = About the elections — choose a topic:
elections-topic =
    🗳 { $title }

    { $body }

    Source: { $source }
    Last updated: { $updated }
elections-back = Elections topics

## Settings

settings =
    Settings
    Governorate: { $governorate }
    Interests: { $interests }
settings-governorate = Change governorate
settings-interests = My interests
settings-language = Language
settings-organizations = Who I follow
settings-delete = Delete my data
choose-interests = Choose the topics that interest you (tap to switch them on or off), and we'll send you announcements about them:
interest-on = ✅ { $name }
interest-off = ⬜ { $name }
interests-done = Done ✔
choose-language = Choose a language:
language-ar = العربية
language-saved = Your language is saved.
follow-list =
    Organisations I follow (page { $page } of { $pages })
    You get an organisation's announcements if you follow it or registered for one of its events, and no others. Tap an organisation to follow it or to stop following it.
    ✅ following — ⬜ not following — 🔕 you stopped its announcements (tap to follow it again)
follow-list-empty = No organisation has published events yet, so there are no organisations to follow.
follow-on = ✅ { $name }
follow-off = ⬜ { $name }
follow-stopped = 🔕 { $name }
follow-next = Next page ▶
follow-prev = ◀ Previous page
follow-back-to-settings = Settings
follow-started = ✅ You now follow “{ $organization }” and will get its announcements. You can stop following it in “Settings” → “Who I follow”.
follow-started-while-stopped = ✅ You now follow “{ $organization }”. But you have stopped all announcements, so you won't get its announcements until you type “subscribe”.
follow-ended = You no longer follow “{ $organization }” and won't get its announcements.
follow-ended-still-registered = You no longer follow “{ $organization }”. But you registered for one of its events, so you may still get its announcements. To stop them, press the button below.
event-follow = Follow the organiser
event-unfollow = Stop following
delete-confirm =
    Do you want to delete your data? We'll delete your governorate, interests, registrations and answers, and your seats at upcoming events will be cancelled.
    This can't be undone.
delete-yes = Yes, delete my data
delete-no = No, go back
deleted-before-consent = Your data is deleted: we have nothing left about you. If you write to us again, we'll start over as if it were your first visit.
join-kept-until-consent = We've kept your invite code: once you agree and choose your governorate, we'll add you to the organisation's team.
optout-before-consent =
    Done: you won't get any announcements from us.
    To remember your request we keep only the ID of this chat, with no name or other data, and it is deleted automatically if you don't accept the terms. To delete it now, type “delete my data”.
deleted = { $count ->
        [0] Your data is deleted.
        [one] Your data is deleted and one registration was cancelled.
       *[other] Your data is deleted and { $count } registrations were cancelled.
    } If you write to us again, we'll start over as if it were your first visit.

## Terminal chat

console-banner = Musharaka in the terminal — type /start to begin, and answer with the option's number or its name. /as name to talk as someone else, /clock to see or move the simulated time (e.g. /clock +1d), and Ctrl+D or Ctrl+C to leave.
console-as-now = You are now “{ $name }”.
console-as-new = You are now “{ $name }” — a new person in the simulation; type /start to begin.
console-as-who = You are “{ $name }”. To talk as someone else, type /as and their name, e.g.: /as ahmad
console-as-usage = Type /as and a name without spaces (up to 64 characters), e.g.: /as ahmad
console-clock-now = 🕒 Simulated time: { $when }, Baghdad time.
console-clock-moved = ⏩ Time moved on to { $when }, Baghdad time.
console-clock-usage =
    I didn't understand that time. Examples:
    /clock +26h (in 26 hours), /clock +3d (in 3 days), /clock +90m (in 90 minutes),
    /clock 2026-12-07 12:00 (a date and time in Baghdad time).
console-clock-back = Simulated time doesn't go backwards: it is now { $when }, Baghdad time.
console-clock-too-far = That's too big a jump: time can move forward by at most 10 years at a time.
console-clock-real-people = Time can't be moved here: this database has people on Telegram or WhatsApp, and moving time would send them reminders at the wrong moment. Try the simulation on another database (DATABASE_URL).
console-pushed-to = 📨 → { $name }:
console-file-not-saved = ⚠ Couldn't save the file { $name } (see the warning above).

## Flood control

flood-notice = You're sending messages very quickly 🙂 Please slow down a little — we'll reply in a few seconds.

## Typed words (issue 12): yes/no, back, skip/later, greetings, consent, a typo inside a submenu

kw-yes = yes, yeah, yep, sure, y
kw-no = no, nope, n
kw-back = back, go back, return
kw-skip = skip, pass
kw-later = later, not now
kw-greeting = hi, hello, hey, good morning, good evening, salam
kw-consent = agree, i agree, ok, okay, let’s start, let's start, i agree let's start
greeting-reply = Hello and welcome 👋 This is Musharaka. Choose what you'd like from the menu below.
typo-hint = I couldn't find that word among the options. Choose one of the options below, or type “menu” to go back to the main menu.
pending-postponed = All right, we've left this question for later. Nothing you just typed was saved.
pending-cannot-skip = This question can't be skipped. Type your answer, or “later” to leave it for now, or “menu”.
