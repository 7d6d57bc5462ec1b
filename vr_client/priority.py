"""Speech work yields the CPU to the frame.

On a two-core machine Whisper and Piper would otherwise take the cores the software
renderer needs, and frames would stutter while the client thinks or speaks. Linux
keeps a nice value per thread and new threads inherit it, so speech models are
loaded (their thread pools are created then) and run from threads that lowered
their own priority first.

A nice value still leaves a lowered thread a share of the CPU when the renderer
wants it (nice 10 gets ~10% against nice 0), which shows up as the slowest frames.
Where Linux allows it (no root needed) the thread also moves to SCHED_IDLE: it then
runs only while the frame loop sleeps or waits, and is preempted the moment it wakes.
New threads inherit the policy, so inference pools built there are idle-class too.
"""
from __future__ import annotations

import os
import threading
from typing import Any, Callable

BACKGROUND_NICE = 10


def lower_this_thread(nice: int = BACKGROUND_NICE, idle_class: bool = True) -> bool:
    """Lower the calling thread's priority (nice, then SCHED_IDLE where available);
    False where the OS allows neither."""
    lowered = False
    try:
        tid = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, tid, min(19, os.getpriority(os.PRIO_PROCESS, tid) + nice))
        lowered = True
    except (AttributeError, OSError):
        pass
    if idle_class:
        lowered = idle_this_thread() or lowered
    return lowered


def idle_this_thread() -> bool:
    """Put the calling thread in SCHED_IDLE; False where the OS has no such class."""
    try:
        os.sched_setscheduler(threading.get_native_id(), os.SCHED_IDLE, os.sched_param(0))
        return True
    except (AttributeError, OSError):
        return False


def build_in_background(fn: Callable[[], Any]) -> Any:
    """Run `fn` on a lowered-priority thread and wait for it: whatever threads `fn`
    creates (inference pools) keep the low priority. Exceptions come back here."""
    box: dict[str, Any] = {}

    def work() -> None:
        lower_this_thread()
        try:
            box["value"] = fn()
        except BaseException as exc:  # re-raised in the caller's thread
            box["error"] = exc

    t = threading.Thread(target=work, name="attune-build", daemon=True)
    t.start()
    t.join()
    if "error" in box:
        raise box["error"]
    return box.get("value")


# Inference threads per speech engine. Two cores: with one thread each, Whisper and
# Piper together can never take both cores from the frame, and an utterance still
# transcribes in well under a second (tiny.en, beam 1).
SPEECH_THREADS = 1


def cap_onnx_threads(synth: Any, threads: int = SPEECH_THREADS) -> bool:
    """Rebuild a Piper voice's ONNX Runtime session with `threads` intra-op threads
    (Piper's loader offers no such option; ONNX Runtime defaults to one per core).
    False when `synth` has no ONNX session to rebuild (espeak, a cache wrapper's miss)."""
    inner = getattr(synth, "inner", synth)  # CachedSynthesizer wraps the real one
    voice = getattr(inner, "voice", None)
    session = getattr(voice, "session", None)
    path = getattr(session, "_model_path", None)
    if session is None or not path:
        return False
    import onnxruntime

    opts = onnxruntime.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    opts.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
    voice.session = onnxruntime.InferenceSession(path, sess_options=opts, providers=["CPUExecutionProvider"])
    return True
