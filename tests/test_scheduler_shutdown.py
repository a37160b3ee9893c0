"""Stopping `musharaka run` lets the running job finish and starts no other one.

A CI run once printed a traceback when `musharaka run` gave up on a taken port: the sender's
batch was cancelled mid-commit, because APScheduler's shutdown cancels the jobs still running.
On SIGTERM the same cancel would have left a batch's rows `sending`, then `unknown`.
"""

from __future__ import annotations

import asyncio

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from scheduler.runner import JobTracker, stop_scheduler


async def test_a_job_whose_task_starts_after_the_stop_does_nothing() -> None:
    tracker = JobTracker()
    ran: list[str] = []

    async def send_batch() -> None:
        ran.append("sent")

    # What APScheduler does when the job is due: a task is made, and runs at the loop's next turn.
    late = asyncio.get_running_loop().create_task(tracker.wrap(send_batch)())
    await tracker.close()
    await late
    assert ran == []


async def test_the_job_running_at_the_stop_finishes_before_the_stop_returns() -> None:
    tracker = JobTracker()
    started = asyncio.Event()
    finished: list[str] = []

    async def send_batch() -> None:
        started.set()
        await asyncio.sleep(0.05)
        finished.append("results recorded")

    running = asyncio.get_running_loop().create_task(tracker.wrap(send_batch)())
    await started.wait()
    await tracker.close()
    assert finished == ["results recorded"]
    await running


async def test_stopping_the_scheduler_lets_the_batch_being_sent_record_its_results() -> None:
    tracker = JobTracker()
    started = asyncio.Event()
    finished: list[str] = []
    cancelled: list[str] = []

    async def send_batch() -> None:
        started.set()
        try:
            await asyncio.sleep(0.2)  # the HTTP calls and the commit of their results
        except asyncio.CancelledError:
            cancelled.append("cut off mid-batch")
            raise
        finished.append("results recorded")

    scheduler = AsyncIOScheduler(timezone="UTC")
    scheduler.add_job(tracker.wrap(send_batch), "interval", seconds=0.05, id="send", max_instances=1)
    scheduler.start()
    await asyncio.wait_for(started.wait(), timeout=10)
    await stop_scheduler(scheduler, tracker)
    assert cancelled == []
    assert finished == ["results recorded"]
    await asyncio.sleep(0.2)
    assert finished == ["results recorded"], "a job ran after the stop"
