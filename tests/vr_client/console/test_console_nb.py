"""The instructor console for a Norwegian session: the page's labels come from the
message catalogue in the scenario's language."""
from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading

import pytest

from .test_console import CHROMIUM, CHROMIUM_ARGS, ROOT


@pytest.fixture
def console_nb(tmp_path):
    proc = subprocess.Popen([sys.executable, "-m", "attune", "console", "--scenario", "withdrawn-teen-nb", "--text",
                             "--port", "0", "--log", str(tmp_path / "nb.sqlite"), "--participant", "P03"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            cwd=ROOT, bufsize=1)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(ln) for ln in proc.stdout], daemon=True).start()
    url, seen = None, []
    while url is None:
        try:
            line = lines.get(timeout=30)
        except queue.Empty:
            proc.kill()
            pytest.fail(f"console printed no URL in 30 s: {seen}")
        seen.append(line)
        if line.startswith("Open http://127.0.0.1:"):
            url = line.split()[1]
    yield url
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=15)


@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed (apt-get install -y "
                                                          "chromium)")
def test_the_console_page_is_norwegian_for_an_nb_session(console_nb):
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 860})
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(console_nb)
            expect(page.locator("#conn")).to_have_class("conn up")
            expect(page.locator("html")).to_have_attribute("lang", "nb")
            expect(page.locator(".transcript-panel h2")).to_have_text("Samtalen")
            expect(page.locator("#run-state")).to_have_text("direkte")
            expect(page.locator("#send")).to_have_text("Si")
            expect(page.locator("#trainee-text")).to_have_attribute("placeholder", re.compile("Skriv det terapeuten"))
            expect(page.locator(".legend .trust")).to_have_text("tillit")
            expect(page.locator("#transcript li.system").first).to_contain_text("Økten startet")
            page.fill("#trainee-text", "Det høres ut som det ikke var din idé å komme hit.")
            page.press("#trainee-text", "Enter")
            expect(page.locator("#transcript li.trainee .who").first).to_contain_text("Terapeut")
            expect(page.locator("#attunement")).to_contain_text("avstemming")
            page.click("#pause")
            expect(page.locator("#run-state")).to_have_text("på pause")
            body = page.locator("main").inner_text()
            for english in ("Transcript", "Client state", "Controls", "Trainee says", "Hold silence", "Rewind",
                            "Session started", "attunement"):
                assert english not in body, english
            assert not errors, errors
        finally:
            browser.close()
