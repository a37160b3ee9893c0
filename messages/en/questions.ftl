## Optional registration questions (issue 15): asked after a seat or a waiting-list place

rq-intro = The organising organisation has a few optional questions about you, for its reports. You can skip any of them, and only the organisation's team sees your answers.
rq-progress = Optional question { $number } of { $total }
rq-q-sex = Your sex?
rq-q-age = Your age group?
rq-q-role = In what capacity are you coming?
rq-q-organisation = What is the name of the body or organisation you belong to?
rq-q-disability = Do you have a disability?
rq-q-displaced = Are you displaced?
rq-short-sex = Sex
rq-short-age = Age group
rq-short-role = Capacity
rq-short-organisation = Organisation
rq-short-disability = Disability
rq-short-displaced = Displaced
rq-a-sex-male = Male
rq-a-sex-female = Female
rq-a-age-under18 = Under 18
rq-a-age-18_24 = 18–24
rq-a-age-25_34 = 25–34
rq-a-age-35_44 = 35–44
rq-a-age-45_59 = 45–59
rq-a-age-60plus = 60 or older
rq-a-role-personal = In a personal capacity
rq-a-role-cso = Civil-society organisation
rq-a-role-government = Government body
rq-a-role-university = University or student
rq-a-role-media = Media
rq-a-role-other = Other
rq-a-disability-yes = Yes
rq-a-disability-no = No
rq-a-displaced-yes = Yes
rq-a-displaced-no = No
rq-prefer-not = I prefer not to say
rq-skip = ⏭ Skip this question
rq-stop = Later, that's enough
rq-type-answer = Type your answer (up to { $limit } characters), or pick an option.
rq-too-long = That answer is long ({ $length } characters): please keep it to { $limit } characters.
rq-choice-invalid = I did not understand the choice: please press one of the options.
rq-reused = Your earlier answers, used for this event too:
    { $answers }
rq-reused-line = • { $question }: { $answer }
rq-change = ✏️ Change: { $question }
rq-keep-all = ✅ No change
rq-thanks = Thank you, your answers are saved. You can change or delete them at any time in "Settings".
rq-stopped = All right, no more questions now. What you answered is kept; you can change it in "Settings".
rq-saved = ✅ Saved.
rq-not-answered = not answered
rq-settings-entry = 📝 My answers
rq-settings-list =
    Your answers to the optional questions (seen only by the team of the organisation whose event you register for):
    { $answers }
rq-back-to-answers = ↩️ My answers
rq-back-to-settings = ↩️ Settings
rq-delete-all = 🗑 Delete my answers
rq-delete-confirm = Delete all your answers to registration questions? Your registrations stay as they are.
rq-delete-yes = Yes, delete them
rq-delete-no = No, go back
rq-deleted = Your answers are deleted.

## Organizers: which questions an event asks

rq-staff-entry = ❓ Sign-up questions
rq-staff-screen =
    Optional questions after registering for "{ $title }".
    Press a question to ask it or stop asking it. You may add up to { $max } questions of your own:
    { $own }
rq-staff-own-none = (no questions of your own yet)
rq-staff-own-line = { $number }. { $question } — { $kind }
rq-staff-kind-text = short text
rq-staff-kind-choice = choices: { $choices }
rq-staff-on = ✅ { $question }
rq-staff-off = ⬜ { $question }
rq-staff-add = ➕ Your own question
rq-staff-remove = 🗑 Remove question { $number }
rq-staff-ask-custom =
    Type the question on the first line. For choices, put each choice on its own line after it (2 to { $max }), or separate them with "|". Without choices the answer is short text.
rq-staff-added = ✅ Question added.
rq-staff-removed = 🗑 Question and its answers removed.
rq-error-question-length = The question must be 1 to { $max } characters.
rq-error-choices-count = Give 2 to { $max } choices.
rq-error-choice-length = Each choice up to { $max } characters, none repeated.
rq-error-too-many = At most { $max } questions of your own: remove one first.

## Donor summary (issue 15)

donor-menu-entry = 📊 Donor summary
donor-choose-organization = For which organisation?
donor-choose-period = Donor summary of "{ $organization }": choose the period.
donor-period-3m = Last 3 months
donor-period-6m = Last 6 months
donor-period-12m = Last 12 months
donor-period-y = This year
donor-choose-format = Period { $from } – { $to }. Choose the file format:
donor-caption = Donor summary: { $organization }, from { $from } to { $to }.
donor-title = Donor summary
donor-heading = { $organization }: from { $from } to { $to }
donor-col-governorate = Governorate
donor-col-events = Events
donor-col-registered = Registered (people)
donor-col-attended = Attended (people)
donor-col-reached = People reached
donor-col-split = { $measure } — { $group }
donor-col-rating = Average rating
donor-col-kind = Events: { $kind }
donor-not-said = Not said
donor-total = Total
donor-fewer-than-5 = fewer than 5
# A group hidden because, with the total, it would give a group of fewer than 5 away.
donor-hidden = withheld
donor-notes = How the figures were counted: each person counts once per governorate and once in the total (distinct people, not registrations). "Registered" means a seat at one or more of the period's events, "attended" means checked in at the door, and "reached" adds the waiting list. The governorate is the event's. Sex and age come from optional answers: no answer or "prefer not to say" is counted as "not said". Any group of fewer than 5 people shows "fewer than 5" so that nobody can be recognised. The average rating comes from the post-event surveys (1–5).
donor-chart-title = Registered and attended people by governorate
donor-chart-people = People
