"""Speech to text with real Whisper models (tiny.en runs in well under a second)."""
from __future__ import annotations

import numpy as np
import pytest

from vr_client.voice.asr import Transcript, confidence_of, repeat_start, repeats_itself
from vr_client.voice.errors import VoiceUnavailable
from vr_client.voice.wer import normalise, word_error_rate

from .conftest import LINES


def test_tiny_en_transcribes_a_spoken_sentence_with_word_times(recognizer, trainee_audio):
    audio = np.concatenate([np.zeros(3200, np.float32), trainee_audio["hard_week"]])
    tr = recognizer.transcribe(audio, offset=100.0)
    assert isinstance(tr, Transcript)
    assert word_error_rate([LINES["hard_week"]], [tr.text]) == 0.0, tr.text
    assert [w.text.lower().strip(".,") for w in tr.words] == normalise(LINES["hard_week"])
    starts = [w.start for w in tr.words]
    assert starts == sorted(starts)
    assert all(100.0 <= w.start <= w.end <= 100.0 + audio.size / 16000 + 0.05 for w in tr.words)
    assert all(0.0 <= w.probability <= 1.0 for w in tr.words)
    assert tr.confidence > 0.6 and tr.no_speech_prob < 0.5
    assert tr.decode == "trim" and tr.backend == "faster-whisper" and tr.model == "tiny.en"


def test_silence_gives_no_confident_words(recognizer):
    rng = np.random.default_rng(1)
    tr = recognizer.transcribe((rng.standard_normal(16000 * 2) * 0.002).astype(np.float32))
    assert tr.confidence < 0.5 or not tr.words


def test_trimmed_context_matches_the_full_decode(recognizer, trainee_audio):
    from vr_client.voice.asr import FasterWhisperRecognizer

    full = FasterWhisperRecognizer(context="full")
    for key in ("kept_going",):
        a = recognizer.transcribe(trainee_audio[key])
        b = full.transcribe(trainee_audio[key])
        assert normalise(a.text) == normalise(b.text), (a.text, b.text)
        assert b.decode == "full"


def test_repetition_guard():
    assert repeats_itself("That sounds lonely. That sounds lonely.".split())
    assert repeat_start("That sounds lonely. That sounds".split()) == 3  # where the echo is cut
    assert repeats_itself("I notice you went quiet. I notice".split())
    assert not repeats_itself("No. No.".split())  # one word is not a loop
    assert not repeats_itself("I don't know what to say, I don't".split())  # no sentence end before it


def test_confidence_is_lowered_when_whisper_hears_no_speech():
    assert confidence_of([0.9, 0.9], -0.1, 0.1) == pytest.approx(0.9)
    assert confidence_of([0.9, 0.9], -0.1, 0.9) == pytest.approx(0.09)
    assert confidence_of([], -0.5, 0.0) == pytest.approx(np.exp(-0.5))


def test_unknown_model_directory_is_one_line(tmp_path):
    from vr_client.voice.asr import FasterWhisperRecognizer

    with pytest.raises(VoiceUnavailable) as exc:
        FasterWhisperRecognizer(tmp_path)
    assert "\n" not in str(exc.value) and "model.bin" in str(exc.value)


def test_english_only_model_refuses_another_language(recognizer):
    from vr_client.voice.asr import FasterWhisperRecognizer

    # named explicitly: tiny.en will not guess at Norwegian (with no model named, nb gets base)
    with pytest.raises(VoiceUnavailable, match="multilingual"):
        FasterWhisperRecognizer("tiny.en", language="nb")


def test_split_model_parts_are_joined_once(tmp_path, monkeypatch):
    from vr_client.voice.asr import resolve_ct2_model

    src = tmp_path / "base"
    src.mkdir()
    (src / "config.json").write_text("{}")
    (src / "model.bin.part1").write_bytes(b"abc")
    (src / "model.bin.part2").write_bytes(b"def")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path, name = resolve_ct2_model(src)
    from pathlib import Path

    assert (Path(path) / "model.bin").read_bytes() == b"abcdef"
    assert (Path(path) / "config.json").exists() and name == "base"
    assert resolve_ct2_model(src)[0] == path


@pytest.mark.slow  # ~5-10 s: numba compiles the DTW for word timings on first use
def test_openai_whisper_loads_a_local_checkpoint(tmp_path):
    torch = pytest.importorskip("torch")
    pytest.importorskip("whisper")
    from whisper.model import ModelDimensions, Whisper

    from vr_client.voice.asr import OpenAIWhisperRecognizer

    # A tiny random-weight English model: the words are nonsense, the plumbing is real.
    dims = dict(n_mels=80, n_audio_ctx=1500, n_audio_state=32, n_audio_head=2, n_audio_layer=1,
                n_vocab=51864, n_text_ctx=8, n_text_state=32, n_text_head=2, n_text_layer=1)
    torch.manual_seed(0)
    path = tmp_path / "tiny-random.pt"
    torch.save({"dims": dims, "model_state_dict": Whisper(ModelDimensions(**dims)).state_dict()}, path)
    r = OpenAIWhisperRecognizer(path)
    assert r.language == "en"  # n_vocab 51864: English-only
    rng = np.random.default_rng(0)
    tr = r.transcribe((rng.standard_normal(16000) * 0.05).astype(np.float32), offset=7.0)
    assert tr.backend == "openai-whisper" and tr.model == "tiny-random.pt" and tr.duration == 1.0
    assert 0.0 <= tr.confidence <= 1.0
    for w in tr.words:
        assert 7.0 <= w.start <= w.end <= 7.0 + 30.0 and 0.0 <= w.probability <= 1.0


def test_openai_whisper_missing_model_is_one_line(tmp_path):
    pytest.importorskip("torch")
    pytest.importorskip("whisper")
    from vr_client.voice.asr import OpenAIWhisperRecognizer

    with pytest.raises(VoiceUnavailable) as exc:
        OpenAIWhisperRecognizer(tmp_path / "missing.pt")
    assert "\n" not in str(exc.value) and "--asr-model" in str(exc.value)
