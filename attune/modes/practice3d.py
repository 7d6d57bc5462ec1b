"""`attune practice --3d`: deliberate practice with the 3D client.

The client performs each statement (nonverbal, subtitle, voice when there is one),
the trainee types the answer in the on-screen box, the client reacts, and a feedback
panel shows the point, the cues, the affect change and one exemplar. Then digit keys
0-9 rate distress (SUDS x10), E/G/H the difficulty, Enter moves on, A tries the same
statement again, Esc stops at once. The run is `practice.drills`'s, driven through
`DrillDriver` by the same `TurnDirector` as `attune run --text`.

`--offscreen --frames N --screenshot F.png --script FILE` renders a scripted run on
a fixed 0.1 s step per frame (tests, docs); the script also gives the ratings.
"""
from __future__ import annotations

import sys
import time
from typing import Any

from dialogue.messages import level_words, skill_words
from vr_client import render_config

FRAME_STEP_S = 0.1  # session seconds per frame with --frames: a trial fits in ~60 frames
SCRIPT_HOLD_S = 3.0  # scripted runs: the feedback stays up this long before the next trial
# The difficulty keys: E/G/H, and in a Norwegian session also L/P/V (for lett, passe,
# for vanskelig), as the terminal practice reads them.
RATING_KEYS = {"en": "egh", "nb": "eghlpv"}


def _words(key: str, language: str, **fields) -> str:
    """The app's own words in the scenario's language (dialogue.messages)."""
    from dialogue.messages import text

    return text(key, language, **fields)


def _say(msg: str) -> None:
    from dialogue.safe_text import printable  # messages may quote a scenario file: no escape codes

    print(printable(f"attune practice: {msg}"), file=sys.stderr, flush=True)


class FeedbackPanel:
    """The feedback after a trial, on the right of the screen, clear of the client."""

    def __init__(self, base) -> None:
        from direct.gui.DirectGui import DirectFrame
        from direct.gui.OnscreenText import OnscreenText
        from panda3d.core import TextNode

        self.frame = DirectFrame(parent=base.a2dRightCenter, frameColor=(0.05, 0.05, 0.07, 0.8),
                                 frameSize=(-1.02, -0.04, -0.62, 0.78))
        self.text = OnscreenText(text="", parent=base.a2dRightCenter, pos=(-0.98, 0.7), scale=0.04,
                                 fg=(1, 1, 1, 1), align=TextNode.ALeft, wordwrap=23.5, mayChange=True)
        self.rating = OnscreenText(text="", parent=base.a2dRightCenter, pos=(-0.98, -0.42), scale=0.04,
                                   fg=(1, 0.92, 0.7, 1), align=TextNode.ALeft, wordwrap=23.5, mayChange=True)
        self.hide()

    def show(self, fb, rating_line: str) -> None:
        from dialogue.messages import level_words
        from dialogue.messages import text as msg

        lang = fb.language
        lines = [f"{msg('practice.feedback', lang)} ({fb.drill_id}, {level_words(fb.difficulty, lang)})", "",
                 msg("feedback.point", lang, point=fb.point), ""]
        lines += [f"{'+' if c.polarity > 0 else '-' if c.polarity < 0 else '.'} {c.explanation}" for c in fb.cues]
        if not fb.cues:
            lines.append(msg("feedback.no_cue", lang).replace("·", "."))
        lines += [msg("feedback.attunement", lang, score=f"{fb.attunement:+.2f}")
                  + (msg("feedback.avoidant", lang) if fb.avoidant else ""), "", fb.felt()]
        if fb.exemplars:
            lines += ["", msg("feedback.exemplar", lang, exemplar=fb.exemplars[0])]
        self.text.setText("\n".join(lines))
        self.rating.setText(rating_line)
        self.frame.show()
        self.text.show()
        self.rating.show()

    def set_rating(self, text: str) -> None:
        self.rating.setText(text)

    def hide(self) -> None:
        for w in (self.frame, self.text, self.rating):
            w.hide()

    def destroy(self) -> None:
        for w in (self.frame, self.text, self.rating):
            w.destroy()


class PracticeApp:
    def __init__(self, base, run, args, script: list | None, fixed_step: bool) -> None:
        from vr_client.director import TurnDirector
        from vr_client.hud_text import Hud
        from vr_client.scene import ClientScene, family_for, look_for, nonverbal_for, wants_child_chair
        from vr_client.stage import Stage
        from vr_client.voice.stack import subtitles

        self.base, self.run, self.args = base, run, args
        self.driver = run.driver()
        self.script = list(script) if script is not None else None
        self.fixed_step = fixed_step
        sc = run.scenario
        size = (base.win.getXSize(), base.win.getYSize())
        self.scene = ClientScene(base, look_for(sc), nonverbal_for(sc), seed=args.seed,
                                 child_chair=wants_child_chair(sc), size=size, cached_room=not fixed_step,
                                 family=family_for(sc))
        self.hud = Hud(base, title=sc.title, client_name=run.name, typed=True, on_submit=self._typed,
                       language=sc.language)
        self.lang = lang = sc.language
        self.hud.set_status(_words("practice.status_line", lang, skill=skill_words(run.skill, lang),
                                   level=level_words(run.level, lang)))
        self.panel = FeedbackPanel(base)
        self.frames = 0
        t0 = time.monotonic()
        self.now = (lambda: self.frames * FRAME_STEP_S) if fixed_step else (lambda: time.monotonic() - t0)
        self.stage = Stage(self.scene, self.hud, sc, hints=False)
        voice = subtitles(sc) if fixed_step else self._voice()  # fixed-step stills: the same every run
        self.director = TurnDirector(self.driver, on_event=lambda e: self.stage.apply(e, self.now()), voice=voice)
        self.reason = "finished"
        self.suds: int | None = None
        self.rating: str | None = None
        self.shown_at: float | None = None  # when the feedback panel went up
        self.item = None  # the script line of the current trial
        self.done = False
        for d in "0123456789":
            base.accept(d, self._suds, [int(d) * 10])
        for k in RATING_KEYS.get(lang, "egh"):
            base.accept(k, self._rate, [k])
        base.accept("a", self._next, [True])
        base.accept("enter", self._next, [False])
        base.accept("escape", self._stop)
        self._present(False)
        base.taskMgr.add(self._frame, "attune-practice")

    # ------------------------------------------------------------ voice
    def _voice(self):
        """Piper and the speaker for the client's voice; subtitles (and one line saying
        why) when either is missing."""
        from attune.modes.voice_only import voice_args
        from vr_client.voice.stack import reply_voice

        voice = reply_voice(voice_args(self.args), self.run.scenario, self.now)
        if voice.why:
            _say(_words("live.subtitles", self.lang, why=voice.why))
        return voice

    # ------------------------------------------------------------ trials
    def _present(self, again: bool) -> None:
        if len(self.run.trials) >= self.args.trials:
            return self._finish("finished")
        if self.script is not None:
            if not self.script:
                return self._finish("finished")
            self.item = self.script.pop(0)
            if self.item is None:
                return self._finish("stopped by trainee (/stop)")
            again = False
        self.driver.again = again
        self.suds = self.rating = None
        self.shown_at = None
        self.panel.hide()
        self.director.start(self.now())
        t = self.run.current
        lang = self.lang
        self.hud.set_status(_words("practice.status_trial", lang, skill=skill_words(t.drill.skill, lang),
                                   level=level_words(t.drill.difficulty, lang), n=t.number))
        self.hud.set_hint(_words("practice.hint_listen", lang))
        self._answered_script = False

    def _typed(self, text: str) -> None:
        t = self.run.current
        if t is None or t.answered or self.done:
            return
        self.director.typed(text, self.now())
        if not self.run.current.answered:
            self.hud.notice(_words("practice.say_again", self.lang), self.now())

    def _ready_for_answer(self, now: float) -> bool:
        return not self.director.busy

    def _script_answer(self, now: float) -> None:
        item = self.item
        self._answered_script = True
        if item.wait_s is not None:
            r = self.run.hold_silence(item.wait_s)
            if r.client is not None and not item.answer:
                self.director.say(r.client, now)
        if item.answer:
            self.director.typed(item.answer, now)

    def _show_feedback(self, now: float) -> None:
        fb = self.run.feedback()
        self.shown_at = now
        self.hud.set_hint(_words("practice.hint_rate", self.lang))
        if self.hud.entry is not None:
            self.hud.entry["focus"] = 0  # the keys now rate
        lang = self.lang
        if self.script is not None:
            self.suds, self.rating = self.item.suds, self.item.rating
            step = self._record()
            self.panel.show(fb, _words("practice.scripted_next", lang, suds=self.suds,
                                       rating=_words(f"rating.{self.rating}", lang),
                                       verb=_words(f"step.verb_{step.action}", lang),
                                       level=level_words(step.level, lang)))
        else:
            self.panel.show(fb, _words("practice.rate_3d", lang, keys=_words("practice.keys_3d", lang)))

    def _record(self):
        step = self.run.rate(self.suds, self.rating, time.time())
        lang = self.lang
        print(_words("practice.trial_record", lang, n=self.run.current.number,
                     attunement=f"{self.run.current.feedback.attunement:+.2f}", suds=self.suds,
                     rating=_words(f"rating.{self.rating}", lang),
                     verb=_words(f"step.verb_{step.action}", lang), level=level_words(step.level, lang)),
              flush=True)
        return step

    # ------------------------------------------------------------ keys
    def _rating_line(self) -> str:
        lang = self.lang
        s = f"SUDS {self.suds}" if self.suds is not None else "SUDS? 0-9"
        r = _words(f"rating.{self.rating}", lang) if self.rating else _words("practice.rating_ask_3d", lang)
        return f"{s};  {r}\n{_words('practice.keys_3d', lang)}"

    def _rating_open(self) -> bool:
        return self.shown_at is not None and self.script is None and self.run.current.rating is None

    def _suds(self, value: int) -> None:
        if self._rating_open():
            self.suds = value
            self.panel.set_rating(self._rating_line())

    def _rate(self, key: str) -> None:
        if self._rating_open():
            from practice.drills import parse_rating

            self.rating = parse_rating(key)  # e/g/h, and l/p/v in Norwegian
            self.panel.set_rating(self._rating_line())

    def _next(self, again: bool) -> None:
        if self.shown_at is None or self.script is not None or self.done:
            return
        if self.run.current.rating is None:
            if self.suds is None or self.rating is None:
                self.hud.notice(_words("practice.rate_first_3d", self.lang), self.now())
                return
            step = self._record()
            if step.fluent:
                return self._finish("fluent")
            if self.suds >= self.run.policy.suds_ceiling:
                self.hud.notice(_words("practice.rest", self.lang), self.now())
                again = False
        self._present(again)

    def _stop(self) -> None:
        self._finish("stopped by trainee (Esc)")

    def _finish(self, reason: str) -> None:
        self.reason = reason
        self.done = True
        if not self.fixed_step:
            self.base.userExit()

    # ------------------------------------------------------------ frame
    def _frame(self, task):
        now = self.now()
        if not self.done:
            self.director.update(now)
            t = self.run.current
            if t is not None and self.shown_at is None and self._ready_for_answer(now):
                if t.answered:
                    self._show_feedback(now)
                elif self.script is not None and not self._answered_script:
                    self._script_answer(now)
            elif self.script is not None and self.shown_at is not None and now - self.shown_at >= SCRIPT_HOLD_S:
                if self.script:
                    self._present(False)
        self.stage.update(now)
        self.scene.update(now)
        self.hud.update(now)
        self.frames += 1
        render_config.frame_budget_spent(self.base, self.frames, self.args)
        return task.cont

    def close(self) -> None:
        self.base.taskMgr.remove("attune-practice")
        self.base.ignoreAll()
        self.director.close()


def practice_3d(args) -> int:
    from practice.drills import PracticeError

    from vr_client import render_config
    from vr_client.snapshot import parse_size

    offscreen = bool(getattr(args, "offscreen", False))
    frames = int(getattr(args, "frames", 0) or 0)
    if not offscreen and not render_config.display_available():
        from attune.commands.practice import practice_language

        _say(_words("practice.no_display", practice_language(args)))
        return _typed(args)
    if offscreen and not frames:
        _say("--offscreen needs --frames N (and --screenshot FILE.png to keep the last frame)")
        return 2
    script = None
    try:
        size = parse_size(args.size)
        if args.script is not None:
            from attune.commands.practice import parse_practice_script

            script = parse_practice_script(args.script.read_text(encoding="utf-8"), str(args.script))
    except (ValueError, OSError) as exc:  # PracticeError is a ValueError
        _say(str(exc).strip().splitlines()[0])
        return 2
    render_config.configure("offscreen" if offscreen else "window", size, threaded=not offscreen)
    try:
        base = render_config.open_base(offscreen)
    except render_config.NoWindow as exc:
        from attune.commands.practice import practice_language

        _say(_words("practice.terminal_instead", practice_language(args), why=exc))
        return _typed(args)
    from attune.commands.practice import open_practice

    try:
        run, log, store, path = open_practice(args, "practice-3d")
    except PracticeError as exc:
        _say(str(exc))
        return 2
    app = None
    try:
        app = PracticeApp(base, run, args, script, fixed_step=bool(frames))
        lang = run.scenario.language
        print(_words("practice.header_3d", lang, scenario=run.scenario.title, skill=skill_words(run.skill, lang),
                     level=level_words(run.level, lang)), flush=True)
        try:
            base.run()
        except SystemExit:
            pass
        return _end(run, app, path)
    finally:
        if app is not None:
            app.close()
        log.close()
        store.close()


def _end(run, app: PracticeApp, path) -> int:
    from dialogue.care import care_text
    from attune.commands.practice import print_summary

    run.end(app.now(), app.reason)
    lang = run.scenario.language
    if app.reason.startswith("stopped"):
        print(_words("practice.stopped", lang, how=app.reason.split("(")[-1].rstrip(")")).lstrip("\n"))
    print_summary(run, path)
    print(care_text(run.scenario), end="", flush=True)
    if app.args.screenshot and app.args.frames:
        print(_words("practice.wrote", lang, path=app.args.screenshot), flush=True)
    return 0


def _typed(args: Any) -> int:
    from attune.commands.practice import cmd_practice

    args.voice = args.three_d = False
    return cmd_practice(args)
