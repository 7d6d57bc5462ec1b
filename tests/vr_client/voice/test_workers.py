"""Where slow work runs: virtual costs queue like a real worker; threads report when done."""
from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from vr_client.voice.workers import RealClock, ThreadWorker, VirtualWorker


def test_virtual_jobs_queue_behind_each_other():
    w = VirtualWorker(0.3)
    a = w.submit("a", lambda: 1, now=1.0)
    b = w.submit("b", lambda: 2, now=1.1)  # the worker is busy with a until 1.3
    c = w.submit("c", lambda: 3, now=5.0)  # idle again by then
    assert (a.ready_at, b.ready_at, c.ready_at) == pytest.approx((1.3, 1.6, 5.3))
    assert not b.done(1.59) and b.done(1.6) and b.result() == 2


def test_virtual_cost_can_be_measured_or_scripted():
    measured = VirtualWorker()
    job = measured.submit("sleep", time.sleep, 0.05, now=0.0)
    assert 0.04 < job.ready_at < 0.5 and job.compute_s == pytest.approx(job.ready_at)
    scripted = VirtualWorker(lambda name, s: {"asr": 0.2, "tts": 0.1}[name])
    assert scripted.submit("tts", lambda: None, now=0.0).ready_at == pytest.approx(0.1)


def test_failures_travel_with_the_job():
    w = VirtualWorker(0.1)
    job = w.submit("boom", lambda: 1 / 0, now=0.0)
    assert job.done(0.1) and job.failed
    with pytest.raises(ZeroDivisionError):
        job.result()


def test_thread_worker_is_done_when_the_thread_is():
    clock = RealClock()
    w = ThreadWorker(clock)
    gate = threading.Event()
    job = w.submit("wait", gate.wait, 5.0, now=clock())
    assert not job.done(1e9)  # not finished, whatever the audio clock says
    gate.set()
    deadline = time.monotonic() + 5
    while not job.done(0.0) and time.monotonic() < deadline:
        time.sleep(0.001)
    assert job.done(0.0) and job.result() is True and job.ready_at <= clock()
    w.close()


def test_speaker_mixes_clips_at_their_session_time():
    """The PortAudio callback, without PortAudio: clips land on the sample they were
    scheduled for and a stop cuts them."""
    from vr_client.voice.audio_io import SpeakerSink
    from vr_client.voice.tts import Speech

    sink = object.__new__(SpeakerSink)  # skip opening a device
    sink.clock, sink.sample_rate, sink._lock, sink._clips, sink._t0, sink._pos = (lambda: 0.0), 1000, \
        threading.Lock(), [], 0.0, 0
    ones = np.ones(100, np.float32)
    sink.play(Speech("a", ones, 1000, np.ones(10, np.float32)), at=0.05)  # samples 50..150
    out = np.zeros((120, 1), np.float32)
    sink._callback(out, 120, None, None)
    assert out[:50, 0].max() == 0 and out[50:120, 0].min() == 1
    sink.stop(0.13)  # sample 130: 10 more samples play
    out = np.zeros((120, 1), np.float32)
    sink._callback(out, 120, None, None)
    assert out[:10, 0].min() == 1 and out[10:, 0].max() == 0
    assert sink._clips == []
