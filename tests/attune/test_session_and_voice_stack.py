"""open_session (one way every live mode opens its session) and the voice stack's
closing: everything it was handed or built is closed, also when the body raises."""
from __future__ import annotations

import argparse

import pytest

from attune.session_setup import open_session
from dialogue.conversation import Conversation, End, Start
from dialogue.scenario import find_scenario
from dialogue.session_log import read_events


def _args(tmp_path, **kw) -> argparse.Namespace:
    base = dict(log=tmp_path / "s.sqlite", seed=0, participant="P01", no_log=False)
    base.update(kw)
    return argparse.Namespace(**base)


def test_open_session_logs_with_mode_and_meta_and_owns_a_conversation(tmp_path):
    scenario = find_scenario("withdrawn-teen")
    opened = open_session(_args(tmp_path), scenario, "chat", {"input": "typed"})
    assert Conversation.of(opened.session) is opened.conversation
    opened.conversation.call(Start(0.0))
    opened.conversation.call(End(1.0, "quit"))
    opened.close()
    kinds = [e.event.kind for e in read_events(opened.log.path, opened.log.pk)]
    assert len(kinds) >= 2 and "end" in kinds[-1]


def test_open_session_without_a_log(tmp_path):
    opened = open_session(_args(tmp_path, no_log=True), find_scenario("withdrawn-teen"), "3d-text")
    assert opened.log is None and not (tmp_path / "s.sqlite").exists()
    opened.close()


class _Part:
    def __init__(self, name: str, closed: list[str]):
        self.name, self.closed = name, closed

    def close(self) -> None:
        self.closed.append(self.name)


class _Model:
    backend, model_name = "fake", "fake"

    def warmup(self) -> None:
        pass


@pytest.mark.parametrize("raises", [False, True])
def test_voice_stack_closes_source_sink_and_workers_in_order(monkeypatch, raises):
    pytest.importorskip("numpy")
    from vr_client.voice import stack as stack_mod

    closed: list[str] = []
    monkeypatch.setattr(stack_mod, "build_recognizer", lambda args, language=None: _Model())
    monkeypatch.setattr(stack_mod, "build_synthesizer", lambda args: _Model())
    monkeypatch.setattr(stack_mod, "VirtualWorker", lambda cost=None: _Part("worker", closed))
    with pytest.raises(RuntimeError) if raises else _nothing():
        with stack_mod.voice_stack(argparse.Namespace(), None, sink=_Part("sink", closed),
                                   source=_Part("source", closed)) as stack:
            assert stack.recognizer.backend == "fake"
            if raises:
                raise RuntimeError("the body failed")
    assert closed == ["source", "sink", "worker", "worker"]


def test_voice_stack_closes_what_it_was_handed_when_a_model_is_missing(monkeypatch):
    from vr_client.voice import stack as stack_mod
    from vr_client.voice.errors import VoiceUnavailable

    closed: list[str] = []

    def missing(args, language=None):
        raise VoiceUnavailable("no Whisper model")
    monkeypatch.setattr(stack_mod, "build_recognizer", missing)
    with pytest.raises(VoiceUnavailable, match="no Whisper model"):
        with stack_mod.voice_stack(argparse.Namespace(), None, sink=_Part("sink", closed),
                                   source=_Part("source", closed)):
            pass
    assert closed == ["source", "sink"]


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False
