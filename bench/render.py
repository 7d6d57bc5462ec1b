"""`attune bench render`: frame times of the 3D client at 1280x720, in a window.

The window is the one `attune run` opens, drawn the same way (in a thread of its own,
render_config.DRAW_THREAD_MODEL): on $DISPLAY, or with no display on a private Xvfb
screen this bench starts and stops, so a headless machine measures the desktop path a
trainee sees. `--offscreen` measures the EGL buffer the stills use instead (one
thread), as does a machine with neither a display nor Xvfb (it says so).

The client idle (breathing, blinking, saccades, weight shifts; the others present
listening), paced at 60 Hz as a session is, with `gl-finish` on so the software
renderer's work is counted, not just queued. Each frame's time in its slot (from its
60 Hz tick to its end, see `_measure`) gives the median frame's rate: 60 fps when it
ends within its slot. A flat-out phase with no pacing shows the headroom above 60 fps
(or how far below). Then the busy phase: the client speaks (the voice's envelope moving
the lips, the subtitle showing) while real speech work runs in the background, Whisper
transcribing and Piper synthesising in a loop on worker threads.

Between them, a reference phase renders one frozen frame again and again, with
everyone drawn every frame (no one left on screen, redraw.py): the same pose, the same
pixels, the same work every frame. Its spread (p99 / p50) is the machine's own, not the
client's or the speech's; on a shared VM it can use up a frame-time budget before
anything else runs, and a reader of these numbers needs it.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import select
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass

import numpy as np

TARGET_FPS = 60.0
BUSY_P99_RATIO = 1.5  # the old target, busy p99 / idle p50 (kept in the JSON)
BUSY_TO_SAME_P99 = 1.25  # busy p99 / the frozen frame's p99 in the same run


def add_render_bench_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--frames", type=int, default=400, help="frames per phase (default 400)")
    p.add_argument("--warmup", type=int, default=60, help="frames before measuring (default 60)")
    p.add_argument("--size", default="1280x720", help="frame size, WxH (default 1280x720)")
    p.add_argument("--scenario", default="withdrawn-teen", help="whose client to render")
    p.add_argument("--no-busy", action="store_true", help="skip the phase with ASR and TTS running")
    p.add_argument("--no-reference", action="store_true",
                   help="skip the phase that renders one frozen frame (the machine's own spread)")
    p.add_argument("--offscreen", action="store_true",
                   help="draw into the offscreen EGL buffer the stills use (one thread), not a window")
    p.add_argument("--live-room", action="store_true",
                   help="redraw the room every frame instead of replaying it (what a moving camera costs)")
    p.add_argument("--no-hud", action="store_true",
                   help="leave out the 2D layer a spoken session shows (status band, subtitles)")


def _percentiles(ms: np.ndarray) -> dict[str, float]:
    return {"p50": float(np.percentile(ms, 50)), "p90": float(np.percentile(ms, 90)),
            "p99": float(np.percentile(ms, 99)), "max": float(ms.max()), "mean": float(ms.mean())}


class _SpeechLoad:
    """Whisper and Piper working in a loop on their own threads, as in a live session
    (at the lowered priority and single inference thread `attune run` gives them,
    see priority.py and voice/options.py)."""

    def __init__(self) -> None:
        from vr_client.priority import SPEECH_THREADS, build_in_background, cap_onnx_threads
        from vr_client.voice.asr import make_recognizer
        from vr_client.voice.tts import VoiceSpec, make_synthesizer

        def build():
            synth = make_synthesizer("piper")
            cap_onnx_threads(synth)
            asr = make_recognizer("faster-whisper", cpu_threads=SPEECH_THREADS)
            synth.warmup()
            asr.warmup()
            return synth, asr
        self.synth, self.asr = build_in_background(build)
        self.voice = VoiceSpec()
        self.speech = speech = self.synth.synthesize(
            "I don't really know what to say. Nobody at home notices anyway.", self.voice)
        from vr_client.voice.audio_io import SAMPLE_RATE, resample

        self.clip = resample(np.asarray(speech.audio, np.float32), speech.sample_rate, SAMPLE_RATE)
        self.stop = threading.Event()
        self.counts = {"asr": 0, "tts": 0}
        self.threads = [threading.Thread(target=self._asr, daemon=True),
                        threading.Thread(target=self._tts, daemon=True)]

    def _asr(self) -> None:
        from vr_client.priority import lower_this_thread

        lower_this_thread()
        while not self.stop.is_set():
            self.asr.transcribe(self.clip)
            self.counts["asr"] += 1

    def _tts(self) -> None:
        from vr_client.priority import lower_this_thread

        lower_this_thread()
        while not self.stop.is_set():
            self.synth.synthesize("Maybe. I guess it has been hard for a while now.", self.voice)
            self.counts["tts"] += 1

    def __enter__(self):
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        for t in self.threads:
            t.join(timeout=10)


@dataclass
class PrivateScreen:
    display: str
    opened: bool = False  # a window was opened on it: it then ends with this process


@contextlib.contextmanager
def private_screen(size: tuple[int, int]):
    """A private Xvfb screen for the bench's window, as DISPLAY; yields a PrivateScreen,
    or None (and changes nothing) when Xvfb is missing or does not start in 10 s.
    The screen ends itself when its last client disconnects (-terminate), which for
    a window opened on it is when this process exits: killing it under an open
    Panda3D window makes Xlib's fatal-error handler end the process."""
    exe = shutil.which("Xvfb")
    if exe is None:
        yield None
        return
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen([exe, "-displayfd", str(write_fd), "-screen", "0", f"{size[0]}x{size[1]}x24",
                             "-nolisten", "tcp", "-terminate"], pass_fds=(write_fd,),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    number = b""
    deadline = time.monotonic() + 10.0
    while not number.endswith(b"\n") and time.monotonic() < deadline:
        ready, _, _ = select.select([read_fd], [], [], 0.2)
        if ready:
            chunk = os.read(read_fd, 16)
            if not chunk:
                break
            number += chunk
    os.close(read_fd)
    if not number.strip().isdigit():
        proc.kill()
        proc.wait()
        yield None
        return
    old = os.environ.get("DISPLAY")
    os.environ["DISPLAY"] = f":{number.strip().decode()}"
    screen = PrivateScreen(os.environ["DISPLAY"])
    try:
        yield screen
    finally:
        if old is None:
            os.environ.pop("DISPLAY", None)
        else:
            os.environ["DISPLAY"] = old
        if not screen.opened:
            proc.kill()
            proc.wait()


def _cpu_s() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


@dataclass
class Phase:
    """One measured phase: per frame, its period (ms, from the last frame's end to
    this one's) and its time in its slot (ms, from when it could start, its 60 Hz tick
    or the last frame's end when that was later, to its end); CPU per frame (ms, all
    threads of this process)."""

    periods: np.ndarray
    in_slot: np.ndarray
    cpu_ms: float

    @property
    def on_time(self) -> float:
        """The share of frames that ended within their slot: shown at 60 Hz."""
        return float(np.mean(self.in_slot <= 1000.0 / TARGET_FPS))

    @property
    def fps_p50(self) -> float:
        """The median frame's rate: one that ends within its slot is shown at 60 Hz
        (the pacing holds it there), one that takes longer at 1000 / its time."""
        return min(TARGET_FPS, 1000.0 / float(np.median(self.in_slot)))


def _measure(base, scene, frames: int, warmup: int, t_start: float,
             frozen: bool = False, paced: bool = True, each_frame=None) -> Phase:
    """Frames paced at 60 Hz as `attune run`'s clock paces the window: each frame
    starts on the next 1/60 s tick (sleeping until it is when speech threads get the
    CPU), so a frame that keeps up ends within its slot and one that does not runs
    into the next. With the window drawing in a thread of its own, a frame's draw
    overlaps the next frame's posing; a draw that overruns holds up the next frame's
    hand-over (renderFrame), so it is counted there. A frame's time in its slot is
    measured from its tick, so the timer's own wake-up delay counts against it.
    `frozen`: every frame is updated to the same moment, so each does identical work.
    `paced=False`: frame after frame with no sleep, so the median is what the machine
    could draw flat out (the headroom). `each_frame(scene, t)`: called before each
    frame's update (the busy phase's client speaks through it)."""
    engine = base.graphicsEngine
    periods, in_slot = np.zeros(frames), np.zeros(frames)
    slot = 1.0 / TARGET_FPS
    cpu0 = 0.0
    last_end = tick = time.perf_counter()
    for i in range(warmup + frames):
        if i == warmup:
            cpu0 = _cpu_s()
        start = tick if paced else last_end
        t = t_start if frozen else t_start + i / TARGET_FPS
        if each_frame is not None:
            each_frame(scene, t)
        scene.update(t)
        engine.renderFrame()
        end = time.perf_counter()
        if i >= warmup:
            periods[i - warmup] = (end - last_end) * 1000.0
            in_slot[i - warmup] = (end - start) * 1000.0
        last_end = end
        if paced:
            tick += slot
            if tick > end:
                time.sleep(tick - end)
            else:
                tick = end  # late: start the next frame now, never catch up in a burst
    return Phase(periods, in_slot, (_cpu_s() - cpu0) / frames * 1000.0)


class _Talker:
    """The client says the speech load's line again and again (its real voice's
    envelope drives the lip sync, as in a session), with a short pause between, and
    its subtitle shows as `attune run` shows it."""

    def __init__(self, speech, hud=None) -> None:
        from vr_client.avatar.lipsync import FRAME_HZ

        self.rate = FRAME_HZ  # as the stage passes a clip's envelope (stage.py)
        self.env = speech.envelope
        self.text = speech.text
        self.hud = hud
        self.next = -1.0

    def __call__(self, scene, t: float) -> None:
        if t >= self.next:
            end = t + len(self.env) / self.rate
            scene.speak(None, self.env, t, self.rate, self.text)
            if self.hud is not None:
                self.hud.say(self.text, end)
            self.next = end + 0.6
        if self.hud is not None:
            self.hud.update(t)


def _paced_line(ph: Phase) -> str:
    p = _percentiles(ph.periods)
    return (f"{ph.fps_p50:.1f} fps median, {ph.on_time:.0%} of frames within their slot (median "
            f"{np.median(ph.in_slot):.2f} ms of {1000.0 / TARGET_FPS:.2f}); periods p50 {p['p50']:.2f}  "
            f"p90 {p['p90']:.2f}  p99 {p['p99']:.2f}  max {p['max']:.2f} ms")


def run_render_bench(args: argparse.Namespace) -> int:
    from vr_client import render_config

    if getattr(args, "offscreen", False) or render_config.display_available():
        return _run(args, surface="offscreen" if getattr(args, "offscreen", False) else "window")
    try:
        from vr_client.snapshot import parse_size

        size = parse_size(args.size)
    except ValueError:
        return _run(args, surface="window")  # _run reports the bad size
    with private_screen(size) as screen:
        if screen is None:
            print("render bench: no display and no Xvfb (apt install xvfb): measuring the offscreen buffer instead",
                  file=sys.stderr, flush=True)
            return _run(args, surface="offscreen")
        return _run(args, surface="window", screen=screen)


def _run(args: argparse.Namespace, surface: str, screen: PrivateScreen | None = None) -> int:
    from dialogue.scenario import ScenarioError, find_scenario

    from vr_client import render_config
    from vr_client.scene import ClientScene, family_for, figure_kind, look_for, nonverbal_for, wants_child_chair
    from vr_client.snapshot import parse_size

    try:
        size = parse_size(args.size)
        scenario = find_scenario(args.scenario)
    except (ValueError, ScenarioError) as exc:
        print(f"attune bench render: {str(exc).strip().splitlines()[0]}", file=sys.stderr)
        return 2
    window = surface == "window"
    render_config.configure("window" if window else "offscreen", size, gl_finish=True, threaded=window)
    try:
        base = render_config.open_base(offscreen=not window)
    except render_config.NoWindow as exc:
        print(f"attune bench render: {exc}", file=sys.stderr)
        return 2
    if screen is not None:
        screen.opened = True
    from panda3d.core import ClockObject

    # the bench paces itself (_measure); the window's own 60 Hz limiter would cap the
    # unpaced phase and add a second sleep to the paced ones
    ClockObject.getGlobalClock().setMode(ClockObject.MNormal)
    where = (f"a window on a private Xvfb screen ({screen.display})" if screen is not None
             else f"a window on {os.environ.get('DISPLAY')}" if window else "offscreen")
    threads = f"drawn in its own thread ({render_config.DRAW_THREAD_MODEL})" if window else "drawn in one thread"
    t = time.perf_counter()
    scene = ClientScene(base, look_for(scenario), nonverbal_for(scenario), idle=True,
                        child_chair=wants_child_chair(scenario), size=size, cached_room=not args.live_room,
                        family=family_for(scenario))
    figure = figure_kind(look_for(scenario))
    people = len(scene.people)
    build_s = time.perf_counter() - t
    hud = None
    if not args.no_hud:  # the 2D layer of a spoken session (run3d.py): status band and hint; subtitles
        from vr_client.hud_text import Hud

        hud = Hud(base, title=scenario.title, client_name=str(scenario.persona.get("name", "")), typed=False,
                  language=scenario.language)
        hud.set_status(scenario.title)
    gl = base.win.getGsg()
    load = os.getloadavg()[0]
    print(f"render bench: {size[0]}x{size[1]} {where}, {threads}; {gl.getDriverRenderer()}, {os.cpu_count()} CPUs "
          f"(load average {load:.1f}); room {'cached' if scene.backdrop is not None else 'redrawn each frame'}; "
          f"{people} {'person' if people == 1 else 'people'} ({figure} figure); "
          f"{'no 2D layer' if hud is None else 'the session HUD'}; scene built in {build_s:.2f} s",
          flush=True)

    # idle, paced as a session is: a frame that keeps up ends within its slot
    idle = _measure(base, scene, args.frames, args.warmup, 0.0)
    pi = _percentiles(idle.periods)
    print(f"idle : {_paced_line(idle)}; CPU {idle.cpu_ms:.1f} ms per frame, all threads", flush=True)
    # the same flat out: what the machine could draw, so the headroom shows
    flat = _measure(base, scene, args.frames, args.warmup // 2, 0.0, paced=False)
    pf = _percentiles(flat.periods)
    print(f"flat : p50 {pf['p50']:.2f} ms ({1000.0 / pf['p50']:.0f} fps)  p90 {pf['p90']:.2f}  "
          f"p99 {pf['p99']:.2f} ms   (no pacing: the headroom above 60 fps, or how far below)", flush=True)
    result = {"size": f"{size[0]}x{size[1]}", "renderer": gl.getDriverRenderer(), "frames": args.frames,
              "surface": "window (private Xvfb)" if screen is not None else surface,
              "draw_thread": render_config.DRAW_THREAD_MODEL if window else None,
              "measure": "paced at 60 Hz: fps_p50 from each frame's time in its slot (from its tick to its end), "
                         "frame_ms_* are periods (end to end); *_unpaced: flat out",
              "figure": figure, "people": people, "scene_build_s": round(build_s, 3),
              "cpus": os.cpu_count(), "load_average": round(load, 2),
              "room": "cached" if scene.backdrop is not None else "live",
              "hud": hud is not None,
              "fps_p50": round(idle.fps_p50, 1), "on_time_idle": round(idle.on_time, 3),
              "frame_ms_p50_in_slot_idle": round(float(np.median(idle.in_slot)), 3),
              "fps_p50_unpaced": round(1000.0 / pf["p50"], 1),
              "frame_ms_p50_unpaced": round(pf["p50"], 3), "frame_ms_p50_idle": round(pi["p50"], 3),
              "frame_ms_p99_idle": round(pi["p99"], 3), "cpu_ms_per_frame_idle": round(idle.cpu_ms, 3),
              "frame_ms_p50_same_frame": None, "frame_ms_p99_same_frame": None,
              "same_frame_ratio_p99_to_p50": None,
              "fps_p50_busy": None, "on_time_busy": None,
              "frame_ms_p50_busy": None, "frame_ms_p99_busy": None,
              "busy_ratio_p99_to_idle_p50": None, "asr_runs": 0, "tts_runs": 0,
              "busy_ratio_p99_to_same_frame_p99": None,
              "target_fps": TARGET_FPS, "target_busy_ratio": BUSY_P99_RATIO,
              "target_busy_to_same_frame_p99": BUSY_TO_SAME_P99}
    same_p99 = None
    if not args.no_reference:
        # everyone drawn every frame, as in a frame where all of them move: a frozen
        # scene would otherwise draw nobody after the first frame (redraw.py)
        held_px, scene.hold_px = scene.hold_px, 0.0
        same = _measure(base, scene, args.frames, args.warmup // 2, 50.0, frozen=True)
        scene.hold_px = held_px
        ps = _percentiles(same.periods)
        spread = ps["p99"] / ps["p50"]
        print(f"same : p50 {ps['p50']:.2f} ms  p90 {ps['p90']:.2f}  p99 {ps['p99']:.2f}  max {ps['max']:.2f} ms   "
              f"(one frozen frame, everyone drawn, identical work each time, paced at 60 Hz: p99 / p50 = "
              f"{spread:.2f}, this machine's own spread)",
              flush=True)
        result.update(frame_ms_p50_same_frame=round(ps["p50"], 3), frame_ms_p99_same_frame=round(ps["p99"], 3),
                      same_frame_ratio_p99_to_p50=round(spread, 3))
        same_p99 = ps["p99"]
    if not args.no_busy:
        try:
            speech = _SpeechLoad()
        except Exception as exc:  # no voice installed: say so, keep the idle numbers
            print(f"busy : skipped, speech engines unavailable ({type(exc).__name__}: {exc})", flush=True)
        else:
            with speech:  # and the client speaks, lips moving with the voice, as a session's busiest stretch
                busy = _measure(base, scene, args.frames, args.warmup // 2, 100.0,
                                each_frame=_Talker(speech.speech, hud))
            pb = _percentiles(busy.periods)
            ratio = pb["p99"] / pi["p50"]
            print(f"busy : {_paced_line(busy)}   (the client speaking; ASR runs {speech.counts['asr']}, "
                  f"TTS runs {speech.counts['tts']})", flush=True)
            print(f"busy p99 / idle p50 = {ratio:.2f} (old target <= {BUSY_P99_RATIO})", flush=True)
            if same_p99:
                r2 = pb["p99"] / same_p99
                print(f"busy p99 / frozen-frame p99 = {r2:.2f} (target <= {BUSY_TO_SAME_P99})", flush=True)
                result["busy_ratio_p99_to_same_frame_p99"] = round(r2, 3)
            result.update(fps_p50_busy=round(busy.fps_p50, 1), on_time_busy=round(busy.on_time, 3),
                          frame_ms_p50_busy=round(pb["p50"], 3), frame_ms_p99_busy=round(pb["p99"], 3),
                          busy_ratio_p99_to_idle_p50=round(ratio, 3), asr_runs=speech.counts["asr"],
                          tts_runs=speech.counts["tts"])
    held = bool(np.median(idle.in_slot) <= 1000.0 / TARGET_FPS)
    result["target_fps_met"] = held
    print(f"target: median >= {TARGET_FPS:.0f} fps: {'met' if held else 'NOT met'} "
          f"({idle.on_time:.0%} of idle frames ended within their {1000.0 / TARGET_FPS:.2f} ms slot)", flush=True)
    if getattr(args, "json", False):
        print(json.dumps(result))
    base.destroy()
    return 0
