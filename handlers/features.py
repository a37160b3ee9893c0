"""The feature modules, imported in order so their handlers register; catch-alls come last."""

from handlers import (  # noqa: F401
    broadcasts,
    checkin,
    elections,
    events,
    exports_menu,
    linking,
    menu,
    optout,
    registration,
    settings_menu,
    staff,
    staff_events,
    staff_team,
    survey,
)
