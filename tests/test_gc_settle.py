"""`musharaka run` and `musharaka worker` keep what start-up built out of the collector's full scans,
which otherwise froze the bot for a fifth of a second now and then (bench/update_bench.py)."""

from __future__ import annotations

import gc

from bot.runner import settle_startup_objects


def test_startup_objects_are_frozen_out_of_full_collections() -> None:
    before = gc.get_freeze_count()
    try:
        settle_startup_objects()
        assert gc.get_freeze_count() > before
        assert gc.get_count()[2] == 0, "collected first: no garbage of start-up is kept forever"
    finally:
        gc.unfreeze()
