## Reminders, notices and the post-event survey

reminder-day =
    ⏰ Reminder: your event is tomorrow
    { $title }
    🗓 { $when }
    📍 { $venue }
    🎟 Your ticket code: { $ticket }
    Will you come?
reminder-hour =
    ⏰ Reminder: the event starts in an hour
    { $title }
    🗓 { $when }
    📍 { $venue }
    🎟 Your ticket code: { $ticket }
rsvp-yes = I'll be there ✅
rsvp-no = I can't make it
rsvp-thanks = Thanks for confirming, see you there! Show your ticket code { $ticket } at the entrance.
event-moved-notice =
    The time of “{ $title }” has changed.
    Before: { $old }
    Now: { $new }
    📍 { $venue }
    Your registration still stands. If the new time doesn't suit you, you can cancel it in “My registrations”.
event-cancelled-notice =
    We're sorry: “{ $title }”, planned for { $when }, has been cancelled.
    You can browse the other upcoming events.

## Survey

menu-surveys = { $count ->
        [one] 📝 A survey for you
       *[other] 📝 Your surveys ({ $count })
    }
survey-invitation =
    Thank you for taking part in “{ $title }” 🙏
    Your opinion helps the organisers improve future events. The survey is only { $count ->
        [one] one question
       *[other] { $count } questions
    }.
survey-start = Start the survey
survey-later = Later
survey-intro = Survey on “{ $title }”. You can stop and come back later from the main menu.
survey-resume = Let's continue the survey where you left off.
survey-progress = Question { $number } of { $total }:
survey-type-answer = Type your answer in a message.
survey-skip = Skip this question
survey-required = This question needs an answer; please choose one.
survey-rating-invalid = Choose a rating from 1 to 5.
survey-choice-invalid = Choose one of the options shown.
survey-too-long = Your answer is too long: it has { $length ->
        [one] one character
       *[other] { $length } characters
    } and the limit is { $limit ->
        [one] one character
       *[other] { $limit } characters
    }. Please shorten it and send it again.
survey-empty = The answer is empty. Type your answer or choose “Skip”.
survey-thanks = Thank you! We've received your answers 🌟
survey-already-done = You've already answered this survey, thank you.
survey-rating-1 = 1 ⭐
survey-rating-2 = 2 ⭐⭐
survey-rating-3 = 3 ⭐⭐⭐
survey-rating-4 = 4 ⭐⭐⭐⭐
survey-rating-5 = 5 ⭐⭐⭐⭐⭐
survey-q-rating = How would you rate the event overall? (1 poor — 5 excellent)
survey-q-lessons = What were the most important lessons learned?
survey-q-challenges = What challenges did you face?
survey-q-plans = What do you suggest for future plans?
