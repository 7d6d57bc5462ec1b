"""What a trainee is given when a session ends: the scenario's debrief and, after suicide
content, where real help is. One place, so every mode (typed, voice, 3D, practice) shows
the same care block in the session's language."""
from __future__ import annotations

from dialogue.messages import text as msg
from dialogue.scenario import Scenario

SUICIDE_SITUATIONS = ("suicidal", "parent_worried_suicidality")


def care_text(scenario: Scenario) -> str:
    """What a trainee sees when a session ends: the debrief and, for scenarios with
    suicidal content, where real help is."""
    care = scenario.care or {}
    lang = scenario.language
    out = []
    if care.get("debrief"):
        out.append(str(care["debrief"]).strip())
    lines = list(care.get("crisis_lines") or ())
    if not lines and has_suicide_content(scenario):
        # The language's own crisis lines (Norwegian: Mental Helse, Kirkens SOS, 113,
        # legevakt); English has none by default: its scenarios name their own.
        lines = [x for x in msg("care.default_crisis_lines", lang).splitlines() if x.strip()]
    if lines:
        out.append(msg("care.crisis_heading", lang))
        out += [f"  - {c}" for c in lines]
    return ("\n" + "\n".join(out) + "\n") if out else ""


SUICIDE_SITUATIONS = ("suicidal", "parent_worried_suicidality")


def has_suicide_content(scenario: Scenario) -> bool:
    """The scenario deals with suicide: suicidal disclosures, or a situation about it."""
    return bool(scenario.disclosures) or scenario.situation in SUICIDE_SITUATIONS
