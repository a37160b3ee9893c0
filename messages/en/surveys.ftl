## Per-event surveys (issue 15): new question kinds in the survey, and the organisers' survey builder

# Answering: several choices (toggle, then done), short and long text.
survey-choice-picked = ✅ { $choice }
survey-multi-done = Done ({ $count })
survey-multi-hint = Choose all that apply, then press “Done”. You can also type their numbers, e.g. 1, 3
survey-multi-none = This question needs an answer: choose at least one option, then press “Done”.
survey-multi-invalid = I didn't understand your choice. Press the options or type their numbers, e.g. 1, 3
survey-type-short = Type a short answer in a message.
survey-type-long = Type your answer in a message; take all the space you need.

# The organisers' panel and the event's admin card (button labels: at most 20 characters).
sb-panel = Surveys 📝
ea-survey = Event survey 📝
sb-new = New survey ➕
sb-delete = Delete survey
sb-delete-yes = Yes, delete it
sb-back-to-list = Back to surveys
sb-back = What would you like to do now?
sb-cancel = Cancel
sb-finish = Save survey ✅
sb-default-name = Default survey
sb-list = { $count ->
        [one] Your organisation has one saved survey.
       *[other] Your organisation has { $count } saved surveys.
    } Choose one to see its questions, or create a new one. (Shown: { $shown })
sb-list-empty = No saved surveys yet. Every event sends the default survey (a rating and three open questions) unless you choose another.
sb-view = Survey “{ $name }” ({ $count ->
        [one] one question
       *[other] { $count } questions
    }):
sb-question-line = { $number }. ({ $kind }) { $text }
sb-question-choices = { "   " }Options: { $choices }
sb-delete-confirm = Delete the survey “{ $name }”? Events that chose it keep their copy of the questions.
sb-deleted = The survey “{ $name }” was deleted.

# Question kinds (also button labels).
sb-kind-rating = Rating 1–5 ⭐
sb-kind-choice = One choice
sb-kind-multi = Several choices
sb-kind-short = Short text
sb-kind-long = Long text
sb-kind-text = Text

# Building a survey.
sb-ask-name = What is the new survey called? (Only you and the organisers see it; up to { $max } characters.)
sb-ask-kind = Question { $number } of at most { $max } in “{ $name }”: choose its kind.
sb-choose-kind = Choose the question's kind with the buttons, or save the survey.
sb-ask-text = Type the question ({ $kind }), up to { $max } characters.
sb-ask-choices = Send the options in one message, one per line ({ $min } to { $max } options).
sb-question-added = ✅ Question added.
sb-saved = ✅ The survey “{ $name }” was saved ({ $count ->
        [one] one question
       *[other] { $count } questions
    }):
sb-what-next = You can now choose it for any event from “Event survey” on the event's card.
sb-cancelled = The new survey was cancelled; nothing was saved.

# The survey of one event.
sb-event-current = This event's survey: { $name }
sb-event-choose = Choose the survey sent to attendees after the event:
sb-event-locked = This event's survey has been sent or people have started answering it, so it can no longer change.
sb-event-chosen = ✅ “{ $title }” will send the survey: { $name }

# Problems with what was typed (the same rules as `musharaka surveys import`).
sb-error-name-length = The name must be { $min }–{ $max } characters (it has { $length }). Type another name.
sb-error-name-taken = Your organisation already has a survey called “{ $name }”. Choose another name.
sb-error-question-length = The question must be { $min }–{ $max } characters (it has { $length }). Type it again.
sb-error-question-count = A survey has 1 to { $max } questions (it has { $count }).
sb-error-choice-count = Send { $min } to { $max } options, one per line (you sent { $count }).
sb-error-choice-length = Option { $number } is longer than { $max } characters (it has { $length }). Send the options again.
sb-error-choice-repeated = The option “{ $choice }” is repeated. Send the options again without repeats.
sb-error-choices-not-allowed = This kind of question ({ $kind }) has no options.
sb-error-kind-unknown = Unknown question kind “{ $kind }”. Kinds: { $kinds }

# The XLSX summary sheet of the feedback export: the heading above the choice questions' counts.
export-summary-choices = Answers to the choice questions
