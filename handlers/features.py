"""The feature modules, imported in order so their handlers register; catch-alls come last."""

from handlers import (  # noqa: F401
    elections,
    events,
    exports_menu,
    menu,
    registration,
    settings_menu,
    survey,
)
