"""Stopping `musharaka run` lets the running job finish and starts no other one.

A CI run once printed a traceback when `musharaka run` gave up on a taken port: APScheduler had
created the sender's task just before the scheduler was stopped, the task only started after the
stop had found nothing running, and it was cancelled mid-commit when the process exited.
"""

from __future__ import annotations

import asyncio

from scheduler.runner import JobTracker


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
