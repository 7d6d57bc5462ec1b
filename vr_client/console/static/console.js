// Attune instructor console. Plain JS, no libraries: the page must work offline.
// Everything shown is rebuilt from the session's events, the same ones the log stores.
(() => {
  "use strict";
  const token = new URLSearchParams(location.search).get("token") || "";
  const $ = (id) => document.getElementById(id);
  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const POLARITY = { 1: "pos", "-1": "neg", 0: "neu" };
  // The page's own words in the session's language: the server sends them from the
  // message catalogue (dialogue/data/messages/*.json) with the scenario.
  let labels = {};
  const L = (key, fields) => {
    let s = labels[key];
    if (s === undefined) return key.replace(/^console\./, "").replace(/_/g, " ");
    for (const [k, v] of Object.entries(fields || {})) s = s.split(`{${k}}`).join(String(v));
    return s;
  };
  function applyLabels() {
    document.documentElement.lang = scenario.language || "en";
    for (const e of document.querySelectorAll("[data-l]")) {
      if (labels[e.dataset.l] !== undefined) e.textContent = labels[e.dataset.l];
    }
    for (const attr of ["title", "placeholder", "aria-label"]) {
      for (const e of document.querySelectorAll(`[data-l-${attr}]`)) {
        const key = e.getAttribute(`data-l-${attr}`);
        if (labels[key] !== undefined) e.setAttribute(attr, labels[key]);
      }
    }
  }

  let ws = null;
  let scenario = null;
  let status = null;
  let nextId = 1;
  let retry = 500;
  let view = null;

  function freshView() {
    return {
      branch: 0,
      affect: [],          // {turn, trust, arousal, openness}, one per update
      marks: [],           // {at: index into affect, kind: "rewind"|"pause"|"bookmark"}
      lastTrainee: null,   // the <li> cue chips attach to
      lastTraineeTurn: -1,
      turnText: new Map(), // turn -> what the trainee said on the current branch
      lastCues: null,
    };
  }

  // ------------------------------------------------------------ connection
  function connect() {
    const proto = location.protocol === "https:" ? "wss" : "ws";
    ws = new WebSocket(`${proto}://${location.host}/ws?token=${encodeURIComponent(token)}`);
    ws.onopen = () => { $("conn").classList.add("up"); retry = 500; };
    ws.onclose = () => {
      $("conn").classList.remove("up");
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 8000);
    };
    ws.onmessage = (m) => {
      const msg = JSON.parse(m.data);
      if (msg.type === "hello") hello(msg);
      else if (msg.type === "event") { onEvent(msg.event); drawChart(); updateRewind(); }
      else if (msg.type === "status") { status = msg.status; renderStatus(); }
      else if (msg.type === "reply") onReply(msg);
    };
  }

  function send(cmd, fields) {
    if (!ws || ws.readyState !== WebSocket.OPEN) { say(L("console.not_connected"), false); return; }
    ws.send(JSON.stringify(Object.assign({ cmd, id: nextId++ }, fields || {})));
  }

  function onReply(msg) {
    if (!msg.ok) say(msg.error || L("console.refused"), false);
    else say(labels["console.done_" + msg.cmd] || "", true);
  }

  function say(text, ok) {
    const m = $("message");
    m.textContent = text;
    m.className = "message" + (ok ? " ok" : "");
  }

  // ------------------------------------------------------------ state from the server
  function hello(msg) {
    scenario = msg.scenario;
    status = msg.status;
    view = freshView();
    labels = scenario.labels || {};
    applyLabels();
    $("transcript").textContent = "";
    $("scenario-title").textContent = scenario.title;
    $("session-meta").textContent = L("console.session_meta",
      { session: scenario.session, participant: scenario.participant, seed: scenario.seed });
    document.title = L("console.title", { client: scenario.client });
    $("trainee-form").hidden = !status.text_input;
    buildForceControls();
    for (const e of msg.events) onEvent(e);
    renderStatus();
    drawChart();
    updateRewind();
  }

  function renderStatus() {
    if (!status || !scenario) return;
    const paused = status.paused;
    document.body.classList.toggle("paused", paused);
    const pill = $("run-state");
    pill.textContent = paused ? L("console.paused") : L("console.live");
    pill.className = "pill " + (paused ? "paused" : "live");
    $("pause").disabled = paused;
    $("resume").disabled = !paused;
    $("state-name").textContent = `${status.state} · ${status.level}`;
    $("turn-info").textContent = L("console.turn", { n: status.turn }) + (status.branch ? L("console.take", { n: status.branch + 1 }) : "");
    const pres = scenario.presentations.find((p) => p.name === status.state);
    const ladder = $("ladder");
    ladder.textContent = "";
    for (const lv of (pres ? pres.levels : [])) {
      const li = el("li", lv === status.level ? "on" : "", lv.replace(/_/g, " "));
      li.title = lv;
      ladder.appendChild(li);
    }
    if (document.activeElement !== $("freeze-mode")) $("freeze-mode").value = status.freeze.mode;
    if (document.activeElement !== $("freeze-seconds")) $("freeze-seconds").value = status.freeze.seconds;
    updateRewind();
  }

  // ------------------------------------------------------------ events -> transcript
  function add(li) {
    const list = $("transcript");
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    list.appendChild(li);
    if (atBottom) list.scrollTop = list.scrollHeight;
    return li;
  }

  function turnLabel(n) {
    return L("console.turn", { n }) + (view.branch ? L("console.take", { n: view.branch + 1 }) : "");
  }

  function trainee(turn, text) {
    const li = el("li", "trainee");
    const who = el("div", "who", L("console.trainee"));
    who.appendChild(el("span", "turn", turnLabel(turn)));
    li.append(who, el("div", "text", text));
    li.dataset.turn = turn;
    view.lastTrainee = add(li);
    view.lastTraineeTurn = turn;
    view.turnText.set(turn, text);
    return li;
  }

  function onEvent(e) {
    switch (e.kind) {
      case "session_started":
        add(el("li", "system", L("console.session_started", { state: e.state, level: e.level })));
        break;
      case "utterance_heard":
        trainee(e.turn, e.text);
        break;
      case "utterance_unclear":
        trainee(e.turn, L("console.unclear", { text: e.text, confidence: Number(e.confidence).toFixed(2) }));
        break;
      case "silence_held":
        trainee(e.turn, L("console.holds_silence", { seconds: Math.round(e.seconds) })).classList.add("silence");
        break;
      case "understood": {
        if (view.lastTraineeTurn !== e.turn) break;
        // the same words as the HUD's, in the session's language (dialogue.messages)
        const act = e.behaviour ? (labels["act." + e.behaviour] || e.behaviour.replace(/_/g, " "))
                                : (labels["hud.a_turn"] || "turn");
        view.lastTrainee.appendChild(el("div", "heard", e.topic ? L("hud.heard_about", { act, about: e.about })
                                                                 : L("hud.heard", { act })));
        break;
      }
      case "cues_detected": {
        if (view.lastTraineeTurn !== e.turn) trainee(e.turn, L("console.silence"));
        const chips = el("div", "chips");
        for (const c of e.cues) {
          const fam = scenario.families[c.family];
          const chip = el("span", "chip " + POLARITY[c.polarity], fam ? fam.label : c.family);
          chip.title = c.explanation;
          chips.appendChild(chip);
        }
        view.lastTrainee.appendChild(chips);
        view.lastCues = e;
        renderCues();
        break;
      }
      case "client_spoke": {
        const li = el("li", "client");
        const who = el("div", "who", e.speaker_name || scenario.client);
        if (e.line_id === "instructor") who.appendChild(el("span", "turn", L("console.instructor_line")));
        const nv = e.nonverbal || {};
        const how = ["gaze " + nv.gaze, nv.face, nv.posture, nv.gesture].filter(Boolean);
        if (nv.head && nv.head !== "still") how.push(nv.head);
        const what = e.act ? `${e.act}${e.topic ? " · " + e.topic : ""} · ` : "";
        li.append(who, el("div", "text", e.text ? `“${e.text}”` : L("console.says_nothing")),
          el("div", "nv", `${what}${L("console.after", { seconds: Number(e.pause_s).toFixed(1) })} · ${how.join(" · ")}`));
        add(li);
        break;
      }
      case "affect_changed":
        view.affect.push({ turn: e.turn, trust: e.trust, arousal: e.arousal, openness: e.openness });
        break;
      case "state_changed":
        add(el("li", "system", `${e.source} → ${e.dest}` + (e.cause === "ladder" ? "" : ` (${e.cause})`)));
        break;
      case "disclosure_made":
        add(el("li", "system", L("console.disclosed", { items: e.items.join(", ").replace(/_/g, " ") })));
        break;
      case "topic_closed":
        add(el("li", "system", L("console.topic_closed", { reason: e.reason })));
        break;
      case "barge_in":
        add(el("li", "system", L("console.barge_in", { seconds: Number(e.overlap_s).toFixed(1) })));
        break;
      case "instructor_override":
        override(e);
        break;
      case "session_ended":
        add(el("li", "system", L("console.session_ended", { reason: e.reason })));
        break;
    }
  }

  function override(e) {
    const d = e.detail || {};
    switch (e.action) {
      case "pause":
        view.marks.push({ at: view.affect.length, kind: "pause" });
        add(el("li", "override", d.by === "freeze-and-discuss" ? L("console.frozen") : L("console.paused_by")));
        break;
      case "resume":
        add(el("li", "override", L("console.resumed")));
        break;
      case "force_state":
        add(el("li", "override", L("console.forced", { state: d.state, level: d.level })));
        break;
      case "say":
        break; // the client_spoke that follows shows the line
      case "rewind":
        view.branch = d.branch || view.branch + 1;
        view.marks.push({ at: view.affect.length, kind: "rewind" });
        for (const k of [...view.turnText.keys()]) if (k > d.to_turn) view.turnText.delete(k);
        view.lastTraineeTurn = -1;
        add(el("li", "branch", L("console.take_back", { n: view.branch + 1, turn: d.to_turn })));
        break;
      case "bookmark":
        view.marks.push({ at: view.affect.length, kind: "bookmark" });
        add(el("li", "bookmark", d.label ? L("console.bookmark_line", { label: d.label }) : L("console.bookmark")));
        break;
      case "freeze_mode":
        add(el("li", "override", d.mode === "off" ? L("console.freeze_off_line") :
          d.mode === "turn" ? L("console.freeze_turn_line") : L("console.freeze_every_line", { seconds: d.seconds })));
        break;
      default:
        add(el("li", "override", L("console.instructor_action", { action: e.action })));
    }
  }

  function renderCues() {
    const ul = $("cues");
    ul.textContent = "";
    const e = view.lastCues;
    if (!e) return;
    $("attunement").textContent = L("console.turn_attunement",
      { turn: e.turn, score: `${e.attunement >= 0 ? "+" : ""}${Number(e.attunement).toFixed(2)}` });
    if (!e.cues.length) ul.appendChild(el("li", "none", L("console.no_cue_turn")));
    for (const c of e.cues) ul.appendChild(el("li", POLARITY[c.polarity], c.explanation));
  }

  // ------------------------------------------------------------ affect chart (canvas)
  // One step per affect update (a turn, held silence or an override), evenly spaced:
  // typed sessions run on a simulated clock, and a class reads steps more easily
  // than seconds. Dashed lines: orange a rewind, purple a bookmark, grey a pause.
  function drawChart() {
    const cv = $("affect-chart");
    const dpr = window.devicePixelRatio || 1;
    const w = cv.clientWidth || 400, h = 150;
    cv.width = w * dpr; cv.height = h * dpr;
    const g = cv.getContext("2d");
    g.scale(dpr, dpr);
    g.clearRect(0, 0, w, h);
    const L = 30, R = 10, T = 6, B = 18;
    const pts = view ? view.affect : [];
    const n = Math.max(pts.length, 2);
    const X = (i) => L + (w - L - R) * i / (n - 1);
    const Y = (v) => T + (h - T - B) * (1 - v);
    g.font = "10px system-ui, sans-serif";
    g.fillStyle = "#6b7280"; g.strokeStyle = "#e3e6ea"; g.lineWidth = 1;
    for (const v of [0, 0.5, 1]) {
      g.beginPath(); g.moveTo(L, Y(v)); g.lineTo(w - R, Y(v)); g.stroke();
      g.fillText(v.toFixed(1), 4, Y(v) + 3);
    }
    // Turn numbers under the steps where a new turn starts, thinned to fit.
    const every = Math.max(1, Math.ceil(pts.length / ((w - L - R) / 28)));
    let lastTurn = -1;
    pts.forEach((p, i) => {
      if (p.turn !== lastTurn && i % every === 0) g.fillText(`t${p.turn}`, X(i) - 6, h - 4);
      lastTurn = p.turn;
    });
    for (const m of (view ? view.marks : [])) {
      g.strokeStyle = m.kind === "rewind" ? "#d9822b" : m.kind === "bookmark" ? "#7c5cc4" : "#aeb5bf";
      g.setLineDash([3, 3]);
      const x = X(Math.max(0, Math.min(m.at - 0.5, pts.length - 1)));
      g.beginPath(); g.moveTo(x, T); g.lineTo(x, h - B); g.stroke();
      g.setLineDash([]);
    }
    const css = getComputedStyle(document.documentElement);
    for (const key of ["trust", "arousal", "openness"]) {
      const colour = css.getPropertyValue("--" + key).trim();
      g.strokeStyle = colour; g.fillStyle = colour; g.lineWidth = 2;
      g.beginPath();
      pts.forEach((p, i) => (i === 0 ? g.moveTo(X(i), Y(p[key])) : g.lineTo(X(i), Y(p[key]))));
      g.stroke();
      pts.forEach((p, i) => { g.beginPath(); g.arc(X(i), Y(p[key]), 2.5, 0, 2 * Math.PI); g.fill(); });
    }
  }

  // ------------------------------------------------------------ controls
  function buildForceControls() {
    const st = $("force-state");
    st.textContent = "";
    for (const p of scenario.presentations) st.appendChild(new Option(p.name.replace(/_/g, " "), p.name));
    st.value = status.state;
    fillLevels(status.level);
  }

  function fillLevels(selected) {
    const pres = scenario.presentations.find((p) => p.name === $("force-state").value);
    const lv = $("force-level");
    lv.textContent = "";
    for (const name of (pres ? pres.levels : [])) lv.appendChild(new Option(name.replace(/_/g, " "), name));
    if (selected && pres && pres.levels.includes(selected)) lv.value = selected;
  }

  function updateRewind() {
    if (!status || !view) return;
    const sel = $("rewind-turn");
    const keep = sel.value;
    sel.textContent = "";
    for (let n = status.turn - 1; n >= 0; n--) {
      const said = view.turnText.get(n);
      const label = n === 0 ? L("console.opening") : L("console.turn", { n }) + (said ? `: ${said.slice(0, 32)}` : "");
      sel.appendChild(new Option(label, String(n)));
    }
    // Keep the instructor's choice; otherwise offer the latest turn.
    if (sel.dataset.chosen && [...sel.options].some((o) => o.value === keep)) sel.value = keep;
    $("rewind").disabled = sel.options.length === 0;
  }

  function wire() {
    $("pause").onclick = () => send("pause");
    $("resume").onclick = () => send("resume");
    $("freeze").onclick = () => send("freeze", { mode: $("freeze-mode").value, seconds: Number($("freeze-seconds").value) });
    $("force-state").onchange = () => fillLevels();
    $("force").onclick = () => send("force_state", { state: $("force-state").value, level: $("force-level").value });
    $("say").onclick = () => {
      const text = $("say-text").value.trim();
      if (!text) { say(L("console.type_line"), false); return; }
      send("say", { text });
      $("say-text").value = "";
    };
    $("rewind-turn").onchange = () => { $("rewind-turn").dataset.chosen = "1"; };
    $("rewind").onclick = () => {
      send("rewind", { turn: Number($("rewind-turn").value) });
      delete $("rewind-turn").dataset.chosen;
    };
    $("bookmark").onclick = () => { send("bookmark", { label: $("bookmark-label").value }); $("bookmark-label").value = ""; };
    $("trainee-form").onsubmit = (ev) => {
      ev.preventDefault();
      const text = $("trainee-text").value.trim();
      if (!text) return;
      send("hear", { text });
      $("trainee-text").value = "";
    };
    $("hold").onclick = () => send("wait", { seconds: Number($("hold-seconds").value) });
    document.addEventListener("keydown", (ev) => {
      const tag = (ev.target && ev.target.tagName) || "";
      if (["INPUT", "TEXTAREA", "SELECT"].includes(tag) || ev.ctrlKey || ev.metaKey || ev.altKey) return;
      if (ev.key === "p" || ev.key === "P") { send(status && status.paused ? "resume" : "pause"); ev.preventDefault(); }
      if (ev.key === "b" || ev.key === "B") { send("bookmark", { label: $("bookmark-label").value }); ev.preventDefault(); }
    });
    window.addEventListener("resize", drawChart);
  }

  wire();
  connect();
})();
