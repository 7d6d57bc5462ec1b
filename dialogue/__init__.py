"""The brain of Attune: scenarios, cue detection, the client model, the reply composer,
the session and its log. Pure Python: no rendering, no audio, no clock reads (time is
passed in), deterministic for a seed.

The public names, like faster-whisper's few::

    from dialogue import Session, find_scenario, detect
    session = Session(find_scenario("withdrawn-teen"), seed=1)
    session.start(0.0)
    result = session.hear("What brings you here today?", 4.0)

They load on first use, so `import dialogue` stays cheap for the command line.
"""
import os as _os

__version__ = "0.1.0"

# The detector's embedding model does many tiny matrix products; OpenBLAS's thread
# pool makes those slower, not faster, and on a busy 2-core machine it stalls for
# whole scheduler slices. One thread, set before numpy loads, unless the user chose.
_os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

_PUBLIC = {
    "Session": ".session", "TurnResult": ".session", "Conversation": ".conversation",
    "Scenario": ".scenario", "ScenarioError": ".scenario", "load_scenario": ".scenario",
    "find_scenario": ".scenario", "list_scenarios": ".scenario",
    "detect": ".detector", "attunement_score": ".detector", "DetectContext": ".detector",
    "Utterance": ".types", "ClientTurn": ".types", "Cue": ".types",
    "events": ".events", "event_from_row": ".events",
}
__all__ = sorted(_PUBLIC) + ["__version__"]


def __getattr__(name: str):
    if name not in _PUBLIC:
        raise AttributeError(f"module 'dialogue' has no attribute {name!r}")
    import importlib

    module = importlib.import_module(_PUBLIC[name], __name__)
    return module if name == "events" else getattr(module, name)
