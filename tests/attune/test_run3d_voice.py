"""`attune run` with the voice loop, end to end: a WAV file is the trainee's microphone,
real Whisper hears it, the brain answers, and the reply reaches the 3D client's face
and subtitles through the reply player and the stage."""
from __future__ import annotations

import time

import pytest

from dialogue.scenario import find_scenario
from dialogue.session_log import find_session, read_events
from dialogue import events as ev


def test_a_spoken_turn_reaches_the_brain_and_the_client_answers_in_3d(base, tmp_path):
    pytest.importorskip("faster_whisper")
    pytest.importorskip("piper")
    from attune.cli import build_parser
    from attune.modes.run3d import RunApp, _open_session
    from vr_client.voice.audio_io import write_wav
    from vr_client.voice.tts import PiperSynthesizer, VoiceSpec

    line = "It sounds like this week has been really hard for you."
    speech = PiperSynthesizer().synthesize(line, VoiceSpec(variation=0.0))
    wav = write_wav(tmp_path / "trainee.wav", speech.audio, speech.sample_rate)
    log_path = tmp_path / "run.sqlite"
    args = build_parser().parse_args(["run", "--scenario", "suicidal-adult", "--offscreen", "--size", "640x360",
                                      "--msaa", "0", "--live-room", "--log", str(log_path),
                                      "--input-wav", str(wav)])
    for child in base.render.getChildren():
        if child != base.camera:
            child.removeNode()
    scenario = find_scenario(args.scenario)
    session, log = _open_session(args, scenario)
    app = RunApp(args, scenario, base, session, log)
    assert app.voice is not None, "the voice loop did not start"
    said, seen = [], []
    session.subscribe(seen.append)
    say = app.hud.say
    app.hud.say = lambda text, until, speaker=None: (said.append(text), say(text, until, speaker))
    mouth = 0.0
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and session.turn < 1:
            _frame(base)
        assert session.turn >= 1, "the trainee's WAV was never heard"
        heard_at = time.monotonic()
        while time.monotonic() < heard_at + 90 and not any(isinstance(e, ev.ClientAudio) and e.turn >= 1
                                                           for e in seen):
            _frame(base)
            now = app.now()
            mouth = max(mouth, max(p.performer.lipsync.value(now) for p in app.scene.people.values()))
    finally:
        app.close()
        app.destroy_widgets()
        for child in base.render.getChildren():
            if child != base.camera:
                child.removeNode()
    events = _events(log_path, session)
    heard = [e for e in events if isinstance(e, ev.UtteranceHeard)]
    assert heard and "week" in heard[0].text.lower()
    replies = [e for e in events if isinstance(e, ev.ClientSpoke) and e.turn >= 1]
    assert replies and replies[0].text.strip()
    assert any(isinstance(e, ev.ClientAudio) and e.turn >= 1 for e in events)  # the reply was voiced
    first_sentence = replies[0].text.strip().split(".")[0]
    assert any(first_sentence[:12] in s for s in said)  # subtitled
    assert mouth > 0.2  # and lip-synced


def _frame(base) -> None:
    """One frame, then the rest of a 60 Hz display's interval: a window waits for vsync,
    and the speech threads (lowest CPU class) run in that time."""
    base.taskMgr.step()
    time.sleep(0.012)


def _events(path, session) -> list:
    rec = find_session(path, session.session_id)
    return [row.event for row in read_events(path, rec.pk)]
