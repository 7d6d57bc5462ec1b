"""Where slow work (ASR, TTS) runs, in session time.

The loop never blocks on a model. It submits a job and, on every audio window, asks
`job.done(now)`. Two workers answer that question:

- `ThreadWorker`: a real thread; the job is done when the thread has finished, and
  `ready_at` is the session clock at that moment. Live sessions and `--realtime`.
- `VirtualWorker`: runs the job at once, then says it finishes `cost` seconds of
  session time later, queued behind the worker's earlier jobs. With `cost=None` the
  cost is the measured wall time (the bench: real compute on an audio clock, as fast
  as the CPU allows); with a number or a function it is scripted (tests: exact,
  repeatable timings, no sleeps).
"""
from __future__ import annotations

import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Callable, Protocol

Cost = Callable[[str, float], float]  # (job name, measured seconds) -> seconds charged


class Job:
    def __init__(self, name: str, submitted: float):
        self.name = name
        self.submitted = submitted
        self.started: float | None = None
        self.ready_at: float | None = None  # session time the result became available
        self.compute_s = 0.0  # wall time of the work itself
        self.cancelled = False
        self.virtual = False  # done when session time reaches ready_at, not when a thread ends
        self._result: Any = None
        self._error: BaseException | None = None
        self._future: Future | None = None

    def done(self, now: float) -> bool:
        if self.ready_at is None:
            return False
        # A thread's result is usable the moment it exists; a virtual one only once the
        # audio clock has caught up with the cost it was charged.
        return not self.virtual or now >= self.ready_at - 1e-9

    def result(self) -> Any:
        if self._error is not None:
            raise self._error
        return self._result

    @property
    def failed(self) -> bool:
        return self._error is not None

    def cancel(self) -> None:
        self.cancelled = True
        if self._future is not None:
            self._future.cancel()


class Worker(Protocol):
    def submit(self, name: str, fn: Callable[..., Any], *args: Any, now: float) -> Job: ...

    def close(self) -> None: ...


class ThreadWorker:
    """One thread: jobs of one kind run in order, never two ASR decodes at once on a
    two-core CPU."""

    def __init__(self, clock: Callable[[], float], name: str = "voice"):
        self.clock = clock
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"attune-{name}")
        self._lock = threading.Lock()

    def submit(self, name: str, fn: Callable[..., Any], *args: Any, now: float) -> Job:
        job = Job(name, now)

        def run() -> None:
            if job.cancelled:
                job.ready_at = self.clock()
                return
            job.started = self.clock()
            t0 = time.perf_counter()
            try:
                job._result = fn(*args)
            except BaseException as exc:  # reported through the job, not lost in the thread
                job._error = exc
            job.compute_s = time.perf_counter() - t0
            job.ready_at = self.clock()

        job._future = self._pool.submit(run)
        return job

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class VirtualWorker:
    def __init__(self, cost: float | Cost | None = None):
        if cost is None:
            self.cost: Cost = lambda name, measured: measured
        elif callable(cost):
            self.cost = cost
        else:
            fixed = float(cost)
            self.cost = lambda name, measured: fixed
        self.free_at = float("-inf")

    def submit(self, name: str, fn: Callable[..., Any], *args: Any, now: float) -> Job:
        job = Job(name, now)
        job.virtual = True
        job.started = max(now, self.free_at)
        t0 = time.perf_counter()
        try:
            job._result = fn(*args)
        except Exception as exc:
            job._error = exc
        job.compute_s = time.perf_counter() - t0
        job.ready_at = job.started + max(0.0, self.cost(name, job.compute_s))
        self.free_at = job.ready_at
        return job

    def close(self) -> None:
        pass


class RealClock:
    """Session time: seconds since the session started, on the monotonic clock."""

    def __init__(self) -> None:
        self.t0 = time.monotonic()

    def __call__(self) -> float:
        return time.monotonic() - self.t0
