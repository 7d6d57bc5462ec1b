"""The stage: every mode's events become the same performance, each clip at its time."""
from types import SimpleNamespace

import numpy as np

from dialogue import events as ev
from dialogue.nonverbal import Nonverbal
from dialogue.scenario import find_scenario
from dialogue.types import ClientTurn
from vr_client.stage import Stage
from vr_client.voice import events as ve
from vr_client.voice.reply_player import SubtitleVoice


class Scene:
    """Records what the stage asks of the room."""

    def __init__(self, speakers=("primary",)):
        self.calls = []
        self.stopped = 0
        lipsync = SimpleNamespace(stop=self._stop)
        self.people = {s: SimpleNamespace(speaker_id=s, name=s.title(), performer=SimpleNamespace(lipsync=lipsync))
                       for s in speakers}

    def _stop(self):
        self.stopped += 1

    def perform(self, nv, now, speaker=None):
        self.calls.append(("perform", speaker, now, nv))

    def speak(self, speaker, env, start, rate, text):
        self.calls.append(("speak", speaker, start, text))

    def person(self, speaker):
        return self.people.get(speaker or "primary") or self.people["primary"]

    def trainee_started(self, t):
        self.calls.append(("trainee_started", t))

    def trainee_stopped(self, t):
        self.calls.append(("trainee_stopped", t))


class Hud:
    def __init__(self, client_name="Client"):
        self.client_name = client_name
        self.said, self.hints = [], []

    def say(self, text, until, speaker=None):
        from vr_client.hud_text import subtitle_line  # what the real Hud shows

        self.said.append((subtitle_line(text, speaker or self.client_name), until))

    def set_hint(self, text):
        self.hints.append(text)


def _turn(text, speaker="primary"):
    return ClientTurn(text, Nonverbal(gaze="down"), 1.0, "withdrawn", "guarded", speaker=speaker)


def _clip(turn, t, text, index=0):
    return ve.ClientSpeechStarted(t, turn=turn, speech=SubtitleVoice().synthesize(text), index=index)


def test_clips_announced_together_play_in_turn_and_a_barge_in_drops_the_rest():
    sc = find_scenario("withdrawn-teen")
    scene, hud = Scene(), Hud()
    stage = Stage(scene, hud, sc)
    turn = _turn("I don't know. Maybe. Whatever.")
    stage.apply(ve.ClientTurnStarted(0.0, turn=turn, speak_at=1.0), 0.0)
    assert scene.calls == [("perform", "primary", 0.0, turn.nonverbal)]  # the face changes at once
    stage.apply(_clip(turn, 1.0, "I don't know."), 0.0)
    stage.apply(_clip(turn, 2.2, "Maybe.", 1), 0.0)
    stage.apply(_clip(turn, 3.0, "Whatever.", 2), 0.0)
    assert [c[0] for c in scene.calls] == ["perform"]  # nothing spoken before its time
    stage.update(1.0)
    stage.update(1.5)
    assert [c[3] for c in scene.calls if c[0] == "speak"] == ["I don't know."]
    assert hud.said[-1][0] == "Client: I don't know."
    stage.update(2.5)
    assert [c[3] for c in scene.calls if c[0] == "speak"] == ["I don't know.", "Maybe."]
    stage.apply(ve.ClientSpeechStopped(2.6, reason="barge_in", started=1.0), 2.6)
    stage.update(5.0)
    assert [c[3] for c in scene.calls if c[0] == "speak"] == ["I don't know.", "Maybe."]
    assert scene.stopped == 1


def test_another_person_is_named_in_the_subtitle_and_the_client_is_not():
    sc = find_scenario("dysregulated-parent")
    scene, hud = Scene(("primary", "jonas")), Hud("Karen")
    stage = Stage(scene, hud, sc)
    stage.apply(_clip(_turn("Fine.", "jonas"), 0.5, "Fine."), 1.0)
    stage.apply(_clip(_turn("See?"), 1.5, "See?"), 1.0)
    stage.update(2.0)
    # under each speaker's own name, once (it read "Karen: Jonas: Fine." in the window)
    assert [s[0] for s in hud.said] == ["Jonas: Fine.", "Karen: See?"]
    # an instructor's line for Jonas, and a take two back to his line: named the same way
    stage.show_line(_turn("Whatever.", "jonas"), 3.0)
    assert hud.said[-1][0] == "Jonas: Whatever."
    stage.logged(ev.InstructorOverride(4.0, 2, action="rewind"), 4.0, last_client=_turn("No.", "jonas"))
    assert hud.said[-1][0] == "Jonas: No."


def test_an_instructor_override_shows_at_once_and_the_ear_shows_in_hints():
    sc = find_scenario("withdrawn-teen")
    scene, hud = Scene(), Hud()
    stage = Stage(scene, hud, sc)
    pres = next(iter(sc.presentations))
    level = sc.presentations[pres].levels[-1].name
    stage.logged(ev.StateChanged(3.0, 1, source="x.y", dest=f"{pres}.{level}", cause="override"), 3.0)
    assert scene.calls[-1] == ("perform", None, 3.0, sc.nonverbal_for(pres, level))
    stage.apply(ve.TraineeSpeechStarted(4.0), 4.0)
    assert scene.calls[-1] == ("trainee_started", 4.0) and hud.hints
    quiet = Stage(scene, Hud(), sc, hints=False)
    quiet.apply(ve.TraineeSpeechStarted(5.0), 5.0)
    assert quiet.hud.hints == []


def test_subtitles_have_a_voice_shaped_clip():
    speech = SubtitleVoice().synthesize("It has been a long week, honestly.")
    assert 1.0 < speech.duration < 6.0
    assert len(speech.envelope) == round(speech.duration * 100) and np.max(speech.envelope) > 0.5
