# Donor figures on the coordinators' page (programme and event pages).
dash-donor-title = Donor summary: people by governorate, sex and age group
dash-donor-note = Each person counts once per governorate and once in the total. Any group of fewer than 5 people shows "fewer than 5" so that nobody can be recognised.
dash-donor-download = Download the donor summary as { $format }
dash-donor-by-sex = { $organization }: registered and attended people by sex
dash-donor-by-age = { $organization }: registered and attended people by age group
dash-registered-by-title = Registered people by their answers to the registration questions
dash-small-groups-note = The answers are optional. Any group of fewer than 5 people shows "fewer than 5" and is not drawn, so that nobody can be recognised.
dash-registered-by-sex = Registered people by sex
dash-registered-by-age = Registered people by age group
dash-registered-by-role = Registered people by the capacity they come in
dash-registered-by-disability = Registered people with a disability
dash-registered-by-displaced = Registered people who are displaced
