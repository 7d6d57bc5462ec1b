"""The study's other ten situations: each new client opens up for a skilled trainee and
does not for one caught in the avoidance reactions. The scripts were written by a
supervisor who saw only each scenario's header (who the client is), never its lines,
story or the code: they are held-out trainee speech, not lines tuned to the content."""
from __future__ import annotations

import pytest

from .helpers import run, start_openness

NEW = ("no-shared-focus", "overwhelmed-adult", "dismissive-adult", "frame-adult", "wordless-adult",
       "parent-suicide-worry", "parents-disagree", "frame-parent", "overwhelmed-parent", "invalidating-parent")


@pytest.mark.parametrize("sid", NEW)
def test_attuned_opens_the_client_and_misattuned_does_not(sid):
    start = start_openness(sid)
    good_session, good = run(sid, f"{sid}_attuned.txt")
    bad_session, bad = run(sid, f"{sid}_misattuned.txt")
    assert good[-1].affect["openness"] > start + 0.05
    assert bad[-1].affect["openness"] <= start + 0.01
    assert good[-1].affect["openness"] >= bad[-1].affect["openness"] + 0.2
    # Everyone else in the room goes the same way.
    for sid_, person in good_session.people.items():
        if sid_ != "primary":
            assert person.model.affect.openness > bad_session.people[sid_].model.affect.openness
    # Replies fit and do not repeat: few lines said twice in a session.
    said = [t.text for r in good for t in r.replies if t.text]
    assert len(set(said)) >= 0.85 * len(said)
