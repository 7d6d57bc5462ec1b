"""The instructor console end to end: a real `attune console` process, a real session,
headless Chromium clicking the page, and the SQLite log as the witness."""
from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TRAINEE_LINE = "It sounds like coming here was not your idea."


class Console:
    def __init__(self, proc: subprocess.Popen, url: str, log: Path, lines: "queue.Queue[str]"):
        self.proc, self.url, self.log, self.lines = proc, url, log, lines
        self.base, self.token = url.split("/?token=")

    def overrides(self) -> list[dict]:
        con = sqlite3.connect(self.log)
        try:
            rows = con.execute("SELECT data FROM events WHERE kind='instructor_override' ORDER BY seq").fetchall()
        finally:
            con.close()
        return [json.loads(d) for (d,) in rows]

    def kinds(self) -> list[str]:
        con = sqlite3.connect(self.log)
        try:
            return [k for (k,) in con.execute("SELECT kind FROM events ORDER BY seq")]
        finally:
            con.close()


@pytest.fixture
def console(tmp_path):
    log = tmp_path / "console.sqlite"
    proc = subprocess.Popen([sys.executable, "-m", "attune", "console", "--scenario", "withdrawn-teen", "--text",
                             "--port", "0", "--log", str(log), "--participant", "P03"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            cwd=ROOT, bufsize=1)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(ln) for ln in proc.stdout], daemon=True).start()
    url = None
    seen = []
    while url is None:
        try:
            line = lines.get(timeout=30)
        except queue.Empty:
            proc.kill()
            pytest.fail(f"console printed no URL in 30 s: {seen}")
        seen.append(line)
        if line.startswith("Open http://127.0.0.1:"):
            url = line.split()[1]
    c = Console(proc, url, log, lines)
    yield c
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=15)


def _status(url: str, method: str = "GET", headers: dict | None = None, body: bytes | None = None) -> int:
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_every_request_needs_the_printed_token(console):
    assert _status(console.base + "/") == 401
    assert _status(console.base + "/?token=wrong") == 401
    assert _status(console.base + "/api/state") == 401
    pause = json.dumps({"cmd": "pause"}).encode()
    assert _status(console.base + "/api/command", "POST", {"Content-Type": "application/json"}, pause) == 401
    assert _status(console.base + "/api/command", "POST", {"X-Attune-Token": "nope"}, pause) == 401
    from websockets.exceptions import InvalidStatus
    from websockets.sync.client import connect

    ws_base = console.base.replace("http://", "ws://") + "/ws"
    with pytest.raises(InvalidStatus) as refused:
        connect(ws_base, open_timeout=10).close()
    assert refused.value.response.status_code == 401
    # None of the refused requests reached the session.
    assert not any(o["action"] == "pause" for o in console.overrides())
    assert _status(console.url) == 200
    assert _status(console.base + "/api/command", "POST", {"Authorization": f"Bearer {console.token}",
                                                           "Content-Type": "application/json"}, pause) == 200
    with connect(f"{ws_base}?token={console.token}", open_timeout=10) as ws:
        hello = json.loads(ws.recv(timeout=10))
    assert hello["type"] == "hello" and hello["status"]["paused"] is True
    assert [o["action"] for o in console.overrides()] == ["pause"]


@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed (apt-get install -y "
                                                          "chromium)")
def test_chromium_pauses_and_forces_a_state_on_a_live_session(console, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 860})
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(console.url)
            expect(page.locator("#scenario-title")).to_have_text("Mia, 16: sent here, says almost nothing")
            expect(page.locator("#conn")).to_have_class("conn up")
            expect(page.locator("#transcript li.client")).to_have_count(1)  # the opening line

            page.fill("#trainee-text", TRAINEE_LINE)
            page.press("#trainee-text", "Enter")
            expect(page.locator("#transcript li.trainee .text")).to_have_text([TRAINEE_LINE])
            expect(page.locator("#transcript li.client")).to_have_count(2)
            expect(page.locator("#transcript li.trainee .chip").first).to_be_visible()
            # What the client heard, and what its answer did
            expect(page.locator("#transcript li.trainee .heard").first).to_contain_text("heard: a reflection")
            expect(page.locator("#transcript li.client .nv").nth(1)).to_contain_text(" · after ")
            expect(page.locator("#cues li.pos").first).to_be_visible()
            page.fill("#hold-seconds", "8")
            page.click("#hold")
            expect(page.locator("#transcript li.trainee")).to_have_count(2)
            expect(page.locator("#cues li.pos")).to_contain_text(["holding silence"])
            expect(page.locator("#transcript li.client")).to_have_count(3)

            page.click("#pause")
            expect(page.locator("#run-state")).to_have_text("paused")
            expect(page.locator("#resume")).to_be_enabled()
            # Paused: the trainee box is refused until the instructor resumes.
            page.fill("#trainee-text", "Can you tell me more?")
            page.press("#trainee-text", "Enter")
            expect(page.locator("#message")).to_contain_text("paused")

            page.select_option("#force-state", "withdrawn")
            page.select_option("#force-level", "tentative")
            page.click("#force")
            expect(page.locator("#state-name")).to_have_text("withdrawn · tentative")
            expect(page.locator("#ladder li.on")).to_have_text("tentative")

            page.fill("#bookmark-label", "forced open: discuss")
            page.click("#bookmark")
            expect(page.locator("#transcript li.bookmark")).to_contain_text("forced open: discuss")
            page.locator("#trainee-text").blur()
            page.keyboard.press("p")  # hotkey: resume
            expect(page.locator("#run-state")).to_have_text("live")
            # Take two: back to after turn 1, then a different second turn.
            expect(page.locator("#rewind-turn option")).to_have_count(2)
            page.select_option("#rewind-turn", "1")
            page.click("#rewind")
            expect(page.locator("#transcript li.branch")).to_have_text("Take 2: back to after turn 1")
            page.fill("#trainee-text", "You do not have to talk about anything you do not want to.")
            page.press("#trainee-text", "Enter")
            expect(page.locator("#transcript li.trainee .turn").last).to_have_text("turn 2 · take 2")
            page.wait_for_timeout(200)  # let the chart settle before the picture
            shot = tmp_path / "console.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 20_000
            if os.environ.get("ATTUNE_UPDATE_DOCS"):
                shutil.copy(shot, ROOT / "docs" / "img" / "console.png")
            assert not errors, errors
        finally:
            browser.close()

    overrides = console.overrides()
    actions = [o["action"] for o in overrides]
    assert actions == ["pause", "force_state", "bookmark", "resume", "rewind"]
    assert overrides[4]["detail"] == {"to_turn": 1, "branch": 1}
    forced = overrides[1]["detail"]
    assert (forced["state"], forced["level"], forced["by"]) == ("withdrawn", "tentative", "instructor")
    assert overrides[0]["detail"]["by"] == "instructor"
    assert overrides[2]["detail"]["label"] == "forced open: discuss"
    kinds = console.kinds()
    assert kinds.count("utterance_heard") == 2  # the line typed while paused was refused
    assert kinds.count("silence_held") == 1
    assert kinds.index("state_changed") > kinds.index("utterance_heard")
    con = sqlite3.connect(console.log)
    (participant, meta), = con.execute("SELECT participant, meta FROM sessions").fetchall()
    mono_missing = con.execute("SELECT COUNT(*) FROM events WHERE mono IS NULL OR wall IS NULL").fetchone()[0]
    con.close()
    assert participant == "P03" and mono_missing == 0
    assert {"asr_model", "tts_voice"} <= set(json.loads(meta))

    console.proc.send_signal(signal.SIGTERM)
    assert console.proc.wait(timeout=15) == 0
    assert console.kinds()[-1] == "session_ended"
