"""StateRef: the one way the "presentation.level" string is written and read."""
from __future__ import annotations

import pytest

from dialogue.names import SEPARATOR
from dialogue.scenario import find_scenario
from dialogue.types import StateRef


def test_parse_and_format_are_inverse_over_every_shipped_state():
    for sid in ("withdrawn-teen", "dysregulated-parent", "hostile-adult-nb"):
        scenario = find_scenario(sid)
        for p in scenario.presentations.values():
            for lv in p.levels:
                ref = StateRef(p.name, lv.name)
                assert str(ref) == f"{p.name}{SEPARATOR}{lv.name}"
                assert StateRef.parse(str(ref)) == ref


def test_parse_reads_a_state():
    ref = StateRef.parse("withdrawn.guarded")
    assert (ref.presentation, ref.level) == ("withdrawn", "guarded")
    assert str(ref) == "withdrawn.guarded"
    assert StateRef.parse("åpen.litt-åpen") == StateRef("åpen", "litt-åpen")  # names in any script


@pytest.mark.parametrize("bad, why", [
    ("withdrawn", "write it as presentation.level"),
    ("", "write it as presentation.level"),
    (".guarded", "its presentation is empty"),
    ("withdrawn.", "its level is empty"),
    ("withdrawn.guarded.more", "its level has characters other than"),
    ("with drawn.guarded", "its presentation has characters other than"),
    (None, "must be text"),
    (3, "must be text"),
])
def test_bad_input_gives_one_clear_line(bad, why):
    with pytest.raises(ValueError) as err:
        StateRef.parse(bad)
    msg = str(err.value)
    assert why in msg and "\n" not in msg
    assert "withdrawn.guarded" in msg  # says what a state looks like
