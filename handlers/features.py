"""The feature modules, imported in order so their handlers register; catch-alls come last."""

# isort: skip_file
# (The order is the order of the organizers' panel entries: keep it as written.)

from handlers import (  # noqa: F401
    broadcasts,
    checkin,
    elections,
    events,
    donor_summary_menu,
    exports_menu,
    linking,
    menu,
    optout,
    registration,
    registration_questions,
    settings_menu,
    staff,
    staff_events,
    staff_event_questions,
    staff_team,
    survey,
)

# Last in the organizers' panel, so the numbers of the entries before it stay as documented.
from handlers import dashboard_link  # noqa: E402,F401

# After it: the organizers' «surveys» entry and the event card's «survey» option (issue 15).
from handlers import survey_builder  # noqa: E402,F401
