// The participant page: join code, name, then the live session. Every text from the session
// goes into the page with textContent, never as HTML.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const view = {
    state: null,
    receivedAt: 0,
    ballot: {},
    ballotKey: "",
    events: null,
    cast: null, // this device's own ballot as cast, for as long as the page is open
    unusedAsked: null, // dots left when "you still have N dots" was said
  };
  const queue = [];
  let sending = false;
  let retryTimer = null;
  // A scanned QR code carries the join code in the address's fragment, which a browser never
  // sends to the server (so it is in no server log): take it, and take it out of the address
  // bar and the history at once, so that it is not left on the phone either.
  let scanned = (/^#code=([A-Za-z0-9-]{1,20})$/.exec(window.location.hash) || ["", ""])[1];
  if (window.location.hash) {
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
  }
  let ideaLimit = Infinity; // the server's own limit comes with every state (`limits`)

  // -- small helpers ----------------------------------------------------------------------------
  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }

  function show(node, visible) {
    node.hidden = !visible;
  }

  function say(text) {
    const box = $("message");
    box.textContent = text || "";
    show(box, Boolean(text));
  }

  // Screen readers read the live region when it changes: one message at a time, each left
  // long enough to be read, so that "Your ballot is cast." is not replaced at once by the
  // phase's news.
  const ANNOUNCE_MS = 1800;
  const announcements = [];
  let announcing = false;

  function announce(text) {
    if (!text || announcements[announcements.length - 1] === text) return;
    announcements.push(text);
    if (!announcing) nextAnnouncement();
  }

  function nextAnnouncement() {
    const text = announcements.shift();
    announcing = text !== undefined;
    if (!announcing) return;
    $("live").textContent = text;
    window.setTimeout(nextAnnouncement, ANNOUNCE_MS);
  }

  function randomId() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  async function call(method, path, body) {
    const options = { method, credentials: "same-origin", headers: {} };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    const response = await fetch(path, options);
    let data = {};
    try {
      data = await response.json();
    } catch (ignored) {
      data = {};
    }
    return { status: response.status, data };
  }

  function screen(name) {
    const ids = ["join-screen", "name-screen", "session-screen"];
    for (const id of ids) if (id !== name) show($(id), false);
    const node = $(name);
    if (!node.hidden) return;
    show(node, true);
    // Keyboard and screen reader users land on the new screen's heading, not on nothing.
    const heading = node.querySelector("h1");
    const active = document.activeElement;
    if (heading && (!active || active === document.body || !active.offsetParent)) heading.focus();
  }

  // -- joining ----------------------------------------------------------------------------------
  function toJoin(message) {
    if (view.events) view.events.close();
    view.events = null;
    view.state = null;
    show($("who"), false);
    screen("join-screen");
    if (message) say(message);
    if (scanned) {
      // Joined with one tap: the code the QR code carried, typed for the person.
      $("code").value = scanned;
      scanned = "";
      $("join-form").requestSubmit();
    }
  }

  function waitThenAllow(button, seconds) {
    if (!seconds || seconds <= 0) return;
    button.disabled = true;
    window.setTimeout(() => {
      button.disabled = false;
    }, Math.ceil(seconds * 1000));
  }

  $("join-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = $("join-button");
    const code = $("code").value.trim();
    if (!code) {
      say("Type the join code first.");
      return;
    }
    button.disabled = true;
    try {
      const { status, data } = await call("POST", "/api/join", { code, kiosk: false });
      button.disabled = false;
      if (status === 200) {
        say("");
        $("code").value = "";
        await start();
        return;
      }
      say(data.error || "That did not work; try again.");
      waitThenAllow(button, data.retry_after);
      if (data.busy) window.setTimeout(() => $("join-form").requestSubmit(), 1000 * data.retry_after + 50);
    } catch (error) {
      button.disabled = false;
      say("The server cannot be reached. Check the address and your network.");
    }
  });

  // The list of names follows the room while it is on screen: people who arrive, names a
  // device takes, someone marked away who can pick their name to say they are back.
  const NAMES_EVERY_MS = 4000;
  let namesTimer = null;
  let namesShown = "";

  async function toNames() {
    window.clearTimeout(namesTimer);
    let answer;
    try {
      answer = await call("GET", "/api/people");
    } catch (error) {
      namesTimer = window.setTimeout(toNames, NAMES_EVERY_MS);
      return;
    }
    const { status, data } = answer;
    if (status === 401) return toJoin("");
    if (status === 200) drawNames(data);
    screen("name-screen");
    namesTimer = window.setTimeout(() => {
      if (!$("name-screen").hidden) toNames();
    }, NAMES_EVERY_MS);
  }

  function drawNames(data) {
    const key = JSON.stringify(data);
    if (key === namesShown) return; // unchanged: nothing redrawn under the person's finger
    namesShown = key;
    const focused = document.activeElement && document.activeElement.dataset.name;
    const list = $("names");
    list.replaceChildren();
    for (const person of data.people || []) {
      const item = el("li");
      const button = el("button", null, "name");
      button.type = "button";
      button.dataset.name = person.name;
      button.append(el("span", person.name, "person"), el("span", person.level, "level"));
      if (person.claimed) {
        button.disabled = true;
        button.append(el("span", "taken", "taken"));
      } else if (person.away) {
        button.append(el("span", "marked away: pick to say you are here", "taken"));
      }
      button.addEventListener("click", () => claim({ name: person.name }));
      item.append(button);
      list.append(item);
      if (focused === person.name && !button.disabled) button.focus();
    }
    const select = $("new-level");
    const level = select.value;
    select.replaceChildren();
    for (const name of data.levels || []) select.append(el("option", name));
    if (level) select.value = level;
    show($("add-form"), data.can_add !== false);
    show($("add-closed"), data.can_add === false);
  }

  async function claim(body) {
    try {
      const { status, data } = await call("POST", "/api/claim", body);
      if (status === 200) {
        say("");
        $("new-name").value = "";
        render(data);
        listen();
        return;
      }
      if (status === 401) return toJoin(data.error);
      say(data.error || "That name could not be taken.");
      if (status === 409) await toNames();
    } catch (error) {
      say("The server cannot be reached; try again.");
    }
  }

  $("add-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const name = $("new-name").value.trim();
    if (!name) {
      say("Type your name first.");
      return;
    }
    const topics = (id) =>
      $(id)
        .value.split(",")
        .map((topic) => topic.trim())
        .filter(Boolean);
    const profile = {
      team: $("new-team").value.trim() || null,
      teaches: topics("new-teaches"),
      learns: topics("new-learns"),
      mentor: $("new-mentor").checked,
    };
    claim({ name, level: $("new-level").value, profile });
  });

  // -- the live session -------------------------------------------------------------------------
  function listen() {
    if (view.events) return;
    const events = new EventSource("/api/events");
    view.events = events;
    events.addEventListener("state", (event) => {
      show($("connection"), false);
      render(JSON.parse(event.data));
    });
    events.addEventListener("gone", () => {
      events.close();
      view.events = null;
      toJoin("This device no longer holds a name. Enter the join code again.");
    });
    events.addEventListener("error", () => {
      show($("connection"), true);
      if (events.readyState === EventSource.CLOSED) {
        view.events = null;
        window.clearTimeout(retryTimer);
        retryTimer = window.setTimeout(start, 2000);
      }
    });
  }

  async function start() {
    let answer;
    try {
      answer = await call("GET", "/api/state");
    } catch (error) {
      show($("connection"), true);
      window.clearTimeout(retryTimer);
      retryTimer = window.setTimeout(start, 2000);
      return;
    }
    show($("connection"), false);
    if (answer.status === 401) return toJoin("");
    if (answer.status !== 200) {
      retryTimer = window.setTimeout(start, 2000);
      return;
    }
    if (!answer.data.me && !answer.data.kiosk) return toNames();
    render(answer.data);
    listen();
  }

  function render(state) {
    if (!state.me && !state.kiosk) return toNames();
    view.state = state;
    view.receivedAt = performance.now();
    const who = $("who");
    who.textContent = state.me ? `You are ${state.me.name} (${state.me.level})` : "Shared device";
    show(who, true);
    document.title = state.title ? `${state.title} · rmworkshop` : "rmworkshop";
    const phase = state.phase;
    let heading = phase.name;
    if (phase.state === "not-started") heading = "Waiting for the facilitator to start";
    if (phase.state === "finished") heading = "The session has finished. Thank you!";
    if (phase.state === "paused") heading = `${phase.name} (paused)`;
    $("phase-name").textContent = heading;
    $("prompt").textContent = phase.prompt || "";
    screen("session-screen");
    const allowed = new Set(state.allowed);
    // Lists are drawn afresh: a button that had the focus gets it back, so an update from
    // someone else never throws a keyboard or screen reader user out of the ballot.
    const active = document.activeElement;
    const label = active && active.getAttribute("aria-label");
    renderCapture(state, allowed);
    renderSpeaking(state, allowed);
    renderBallot(state, allowed);
    renderResults(state, allowed);
    renderPair(state);
    renderCheckin(state, allowed);
    renderWall(state);
    if (label && !document.body.contains(active)) {
      const again = Array.from(document.querySelectorAll("[aria-label]")).find(
        (node) => node.getAttribute("aria-label") === label,
      );
      if (again && !again.disabled) again.focus();
    }
    tick();
    let news = /[.!?]$/.test(heading) ? `Now: ${heading}` : `Now: ${heading}.`;
    if (state.you_are_speaking) news = "You are speaking now.";
    else if (state.you_are_next) news = "You are next.";
    if (news !== view.news) {
      view.news = news; // what changed in the room, once, between what this device did
      announce(news);
    }
  }

  function tick() {
    const state = view.state;
    const box = $("countdown");
    if (!state || state.phase.remaining_seconds === null) {
      box.textContent = "";
      return;
    }
    let left = state.phase.remaining_seconds;
    if (state.phase.state === "running") left -= (performance.now() - view.receivedAt) / 1000;
    const text = clock(left);
    box.textContent = state.phase.state === "paused" ? `${text} paused` : text;
    box.classList.toggle("over", left < 0);
    tickTurn(state);
  }

  function clock(left) {
    const whole = Math.floor(Math.abs(left));
    const text = `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
    return left < 0 ? `+${text}` : text;
  }

  // The speaker's own countdown: how long their turn has left, under "You are speaking now".
  function tickTurn(state) {
    const box = $("turn-left");
    const turn = state.you_are_speaking ? state.turn : null;
    show(box, Boolean(turn));
    if (!turn) return;
    const left = turn.remaining_seconds - (performance.now() - view.receivedAt) / 1000;
    const text = clock(Math.abs(left)).replace("+", "");
    box.textContent = left < 0 ? `Your turn: ${text} over` : `Your turn: ${text} left`;
    box.classList.toggle("over", left < 0);
  }

  // -- ideas --------------------------------------------------------------------------------------
  // The idea box is the phase's whole point only in a capture phase. Where ideas are still
  // taken but the phase is about something else (sharing, pairs), a button opens the box, so
  // that what the phase is about comes first; a box with text in it stays open.
  let lateOpen = false;

  function renderCapture(state, allowed) {
    show($("capture"), allowed.has("submit"));
    const late = state.phase.kind !== "capture";
    const open = !late || lateOpen || $("idea").value.trim() !== "";
    show($("late-idea"), late && !open);
    $("late-idea").setAttribute("aria-expanded", String(open));
    show($("idea-form"), open);
    $("capture-heading").textContent = late ? "Late ideas" : "Your ideas";
    if (state.limits && Number.isInteger(state.limits.idea_chars)) ideaLimit = state.limits.idea_chars;
    countIdea();
  }

  // The server's limit counts characters (not UTF-16 units) after removing control characters
  // and trimming the ends; the box counts the same way, so nothing typed is cut short.
  function ideaLength(text) {
    // eslint-disable-next-line no-control-regex
    return [...text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, "").trim()].length;
  }

  function countIdea() {
    const length = ideaLength($("idea").value);
    const over = length - ideaLimit;
    const count = $("idea-count");
    const of = Number.isFinite(ideaLimit) ? `/${ideaLimit}` : "";
    count.textContent = over > 0 ? `${length}${of}: ${over} too many` : `${length}${of}`;
    count.classList.toggle("over", over > 0);
  }

  function sendIdea() {
    const box = $("idea");
    const text = box.value;
    if (!text.trim()) {
      say("Type an idea first.");
      return;
    }
    const over = ideaLength(text) - ideaLimit;
    if (over > 0) {
      say(`An idea can be at most ${ideaLimit} characters; shorten this one by ${over}.`);
      return;
    }
    box.value = "";
    countIdea();
    queue.push({ id: randomId(), text, tries: 0 });
    drain();
  }

  // A refused idea always comes back to its author: into the box when it is empty, otherwise
  // into a list under it, with the reason and a button that puts it back in the box.
  function giveBack(text, why) {
    const box = $("idea");
    if (!box.value.trim()) {
      box.value = text;
      countIdea();
      return;
    }
    const item = el("li");
    const button = el("button", "Edit this one", "secondary");
    button.type = "button";
    button.addEventListener("click", () => {
      const typed = box.value;
      item.remove();
      box.value = text;
      countIdea();
      if (typed.trim()) giveBack(typed, "Put aside while you edit another idea.");
      show($("unsent-heading"), $("unsent").children.length > 0);
      box.focus();
    });
    item.append(el("p", why, "why"), el("p", text, "text"), button);
    $("unsent").append(item);
    show($("unsent-heading"), true);
  }

  async function drain() {
    if (sending) return;
    sending = true;
    while (queue.length) {
      const idea = queue[0];
      let answer;
      try {
        answer = await call("POST", "/api/ideas", { id: idea.id, text: idea.text });
      } catch (error) {
        answer = null;
      }
      if (answer === null || answer.status >= 500 || answer.status === 429) {
        // The same id again: a request that did arrive is not stored twice.
        idea.tries += 1;
        await new Promise((done) => window.setTimeout(done, Math.min(8000, 500 * idea.tries)));
        continue;
      }
      queue.shift();
      if (answer.status === 200) {
        $("mine").append(el("li", answer.data.stored));
        show($("mine-heading"), true);
        say("");
        announce("Idea sent.");
      } else {
        const why = answer.data.error || "That idea was not taken.";
        say(why);
        giveBack(idea.text, why);
        if (answer.status === 401) toJoin(answer.data.error);
      }
    }
    sending = false;
  }

  $("idea-form").addEventListener("submit", (event) => {
    event.preventDefault();
    sendIdea();
  });
  $("idea").addEventListener("input", countIdea);
  $("late-idea").addEventListener("click", () => {
    lateOpen = true;
    if (view.state) render(view.state);
    $("idea").focus();
  });
  $("idea").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      sendIdea();
    }
  });

  // -- speaking ---------------------------------------------------------------------------------
  function renderSpeaking(state, allowed) {
    const speaking = state.phase.kind === "share" || state.phase.kind === "discuss";
    show($("speaking"), speaking);
    if (!speaking) return;
    const turn = $("turn");
    let banner = "";
    if (state.you_are_speaking) banner = "You are speaking now";
    else if (state.hand.up) banner = `Your hand is up: place ${state.hand.place} of ${state.order.length}`;
    else if (state.you_are_next) banner = "You are next";
    turn.textContent = banner;
    turn.classList.toggle("next", state.you_are_next && !state.you_are_speaking);
    show(turn, Boolean(banner));
    const hand = $("hand");
    show(hand, allowed.has("hand") || state.hand.up);
    hand.textContent = state.hand.up ? "Lower my hand" : "Raise my hand";
    hand.setAttribute("aria-pressed", String(state.hand.up));
    $("now-speaking").textContent = state.speaking ? `Speaking now: ${state.speaking.name}` : "Nobody is speaking.";
    const order = $("order");
    order.replaceChildren();
    for (const person of state.order) {
      const item = el("li", person.name);
      item.append(el("span", ` ${person.level}`, "level"));
      if (state.me && person.name === state.me.name) {
        item.classList.add("me");
        item.append(el("span", " (you)", "you"));
      }
      order.append(item);
    }
    if (!state.order.length) order.append(el("li", "Nobody is waiting.", "empty"));
  }

  $("hand").addEventListener("click", async () => {
    const up = !(view.state && view.state.hand.up);
    const { status, data } = await call("POST", "/api/hand", { up });
    if (status === 200) render(data);
    else say(data.error || "That did not work.");
  });

  // -- voting -----------------------------------------------------------------------------------
  function dotsUsed() {
    return Object.values(view.ballot).reduce((sum, dots) => sum + dots, 0);
  }

  function renderBallot(state, allowed) {
    const ballot = state.ballot;
    show($("vote"), Boolean(ballot));
    if (!ballot) return;
    const key = ballot.ideas.map((idea) => idea.number).join(",");
    if (key !== view.ballotKey) {
      view.ballotKey = key;
      view.ballot = {};
      view.cast = null;
    }
    const kiosk = state.kiosk;
    show($("kiosk-voter"), kiosk);
    if (kiosk) {
      const select = $("voter");
      const chosen = select.value;
      select.replaceChildren(el("option", "Pick your name"));
      select.firstChild.value = "";
      for (const name of state.waiting) select.append(el("option", name));
      select.value = state.waiting.includes(chosen) ? chosen : "";
    }
    const done = ballot.voted;
    show($("voted"), done);
    show($("cast"), !done);
    $("cast").disabled = !allowed.has("cast") || dotsUsed() === 0;
    const left = ballot.dots - dotsUsed();
    $("dots-left").textContent = done
      ? ""
      : `Dots left: ${left} of ${ballot.dots} (at most ${ballot.max_per_idea} on one idea)`;
    // Casting with dots left asks once, in the page: "you still have N dots".
    if (view.unusedAsked !== null && (done || view.unusedAsked !== left)) view.unusedAsked = null;
    show($("unused"), view.unusedAsked !== null);
    $("unused").textContent =
      view.unusedAsked === null ? "" : `You still have ${left} ${left === 1 ? "dot" : "dots"} to give.`;
    $("cast").textContent =
      view.unusedAsked === null ? "Cast my ballot" : `Cast with ${left} ${left === 1 ? "dot" : "dots"} unused`;
    const list = $("ballot");
    list.replaceChildren();
    for (const idea of ballot.ideas) list.append(ballotRow(idea, ballot, done));
  }

  function ballotRow(idea, ballot, done) {
    const dots = view.ballot[idea.number] || 0;
    const item = el("li", null, "ballot-row");
    const text = el("p", null, "idea");
    text.append(el("span", `#${idea.number} `, "number"), el("span", idea.text, "text"));
    item.append(text);
    if (done) {
      // Cast: this device's own dots stay in view, read only (a kiosk keeps none); after a
      // reload the page no longer knows them, and nobody else ever did.
      const mine = view.cast ? view.cast[idea.number] || 0 : null;
      if (mine !== null) item.append(el("p", `Your dots: ${mine}`, "cast-dots"));
      return item;
    }
    const controls = el("div", null, "controls");
    const minus = el("button", "−", "dot");
    minus.type = "button";
    minus.setAttribute("aria-label", `Take a dot off idea ${idea.number}`);
    minus.disabled = done || dots === 0;
    minus.addEventListener("click", () => changeDots(idea.number, -1));
    const count = el("span", `${dots} ${dots === 1 ? "dot" : "dots"}`, "count");
    count.setAttribute("aria-label", `${dots} on idea ${idea.number}`);
    const plus = el("button", "+", "dot");
    plus.type = "button";
    plus.setAttribute("aria-label", `Put a dot on idea ${idea.number}`);
    plus.disabled = done || dots >= ballot.max_per_idea || dotsUsed() >= ballot.dots;
    plus.addEventListener("click", () => changeDots(idea.number, 1));
    controls.append(minus, count, plus);
    item.append(controls);
    return item;
  }

  function changeDots(number, delta) {
    const ballot = view.state && view.state.ballot;
    if (!ballot) return;
    const now = view.ballot[number] || 0;
    const wanted = now + delta;
    if (wanted < 0 || wanted > ballot.max_per_idea) return;
    if (delta > 0 && dotsUsed() >= ballot.dots) return;
    view.ballot[number] = wanted;
    render(view.state);
    if (document.activeElement === document.body) $("cast").focus();
  }

  $("cast").addEventListener("click", async () => {
    const choices = {};
    for (const [number, dots] of Object.entries(view.ballot)) if (dots) choices[number] = dots;
    const body = { choices };
    const kiosk = Boolean(view.state && view.state.kiosk);
    if (kiosk) {
      body.name = $("voter").value;
      if (!body.name) {
        say("Pick your name first.");
        return;
      }
    }
    const ballot = view.state && view.state.ballot;
    const left = ballot ? ballot.dots - dotsUsed() : 0;
    if (left > 0 && view.unusedAsked !== left) {
      view.unusedAsked = left; // asked once; pressing again casts with them unused
      render(view.state);
      $("unused").scrollIntoView({ block: "center" });
      announce(`You still have ${left} ${left === 1 ? "dot" : "dots"} to give.`);
      return;
    }
    const { status, data } = await call("POST", "/api/ballot", body);
    if (status === 200) {
      say("");
      view.cast = kiosk ? null : choices;
      view.ballot = {};
      view.unusedAsked = null;
      announce("Your ballot is cast.");
      render(data);
      const voted = $("voted");
      voted.scrollIntoView({ block: "start" });
      voted.focus();
    } else {
      say(data.error || "The ballot was not cast.");
    }
  });

  // -- results and owners ------------------------------------------------------------------------
  function renderResults(state, allowed) {
    const results = state.results;
    show($("results"), Boolean(results));
    if (!results) {
      view.resultsShown = false;
      return;
    }
    if (!view.resultsShown) {
      view.resultsShown = true; // the moment voting closes, whatever the phase
      announce("Voting has closed. The results are shown.");
    }
    const list = $("result-list");
    list.replaceChildren();
    for (const idea of results) {
      const item = el("li", null, "result");
      item.dataset.number = String(idea.number);
      item.tabIndex = -1; // focus comes back here after volunteering, not to the page
      const head = el("p", null, "idea");
      const rank = idea.rank_label; // as the console and the export write it: "4=" when tied
      head.append(el("span", `${rank} `, "rank"), el("span", idea.text, "text"));
      const votes = el("p", `${idea.votes} ${idea.votes === 1 ? "dot" : "dots"}`, "votes");
      const owners = el("p", idea.owners.length ? `Owners: ${idea.owners.join(", ")}` : "No owner yet", "owners");
      item.append(head, votes, owners);
      const mine = state.me && idea.owners.includes(state.me.name);
      if (allowed.has("volunteer") && !mine) {
        const button = el("button", "Volunteer as owner");
        button.type = "button";
        button.setAttribute("aria-label", `Volunteer as owner of idea ${idea.number}`);
        button.addEventListener("click", () => volunteer(idea.number));
        item.append(button);
      }
      list.append(item);
    }
  }

  async function volunteer(number) {
    const { status, data } = await call("POST", "/api/volunteer", { number });
    if (status === 200) {
      announce(`You volunteered for idea ${number}.`);
      render(data);
      const row = document.querySelector(`#result-list li[data-number="${number}"]`);
      if (row) row.focus();
    } else {
      say(data.error || "That did not work.");
    }
  }

  // Once revealed, the ideas are the room's wall, readable while people share and discuss.
  function renderWall(state) {
    const wall = state.wall || [];
    show($("wall"), wall.length > 0);
    const list = $("wall-list");
    list.replaceChildren();
    for (const idea of wall) {
      const item = el("li");
      item.append(el("span", `#${idea.number} `, "number"), el("span", idea.text, "text"));
      list.append(item);
    }
  }

  function renderPair(state) {
    const pair = state.pair;
    show($("pair"), Boolean(pair));
    const key = pair ? (pair.partners || []).map((p) => `${p.name}\u0000${p.role}`).join("\u0001") : "";
    if (pair && view.pairKey && key !== view.pairKey) {
      const names = (pair.partners || []).map((p) => p.name).join(", ");
      announce(`Your mentoring pair has changed: you are now with ${names}.`);
    }
    view.pairKey = key;
    if (!pair) return;
    const list = $("partners");
    list.replaceChildren();
    for (const partner of pair.partners || []) {
      list.append(el("li", `${partner.name} (${partner.level}), your ${partner.role}`));
    }
    $("topics").textContent = pair.topics && pair.topics.length ? `Topics: ${pair.topics.join(", ")}` : "";
  }

  // -- pair check-in -------------------------------------------------------------------------------
  // The choices are drawn once per set of choices, so a state that arrives while someone is
  // choosing keeps what they picked (and what they typed in the note).
  let noteLimit = Infinity;

  function renderCheckin(state, allowed) {
    const checkin = state.checkin;
    show($("checkin"), Boolean(checkin));
    if (!checkin) return;
    $("checkin-readers").textContent = checkin.readers;
    if (state.limits && Number.isInteger(state.limits.note_chars)) noteLimit = state.limits.note_chars;
    drawChoices("checkin-met", "met", checkin.met);
    drawChoices("checkin-going", "going", checkin.going);
    const pair = checkin.pair;
    show($("checkin-none"), !pair);
    show($("checkin-pair"), Boolean(pair));
    if (pair) {
      const others = [...pair.mentors, ...pair.mentees].filter((name) => name !== state.me.name);
      const topics = pair.topics.length ? ` Topics: ${pair.topics.join(", ")}.` : "";
      $("checkin-pair").textContent = `Your pair: you and ${others.join(", ")}.${topics}`;
    }
    show($("checkin-done"), Boolean(pair) && checkin.answered);
    show($("checkin-form"), Boolean(pair) && !checkin.answered && allowed.has("checkin"));
    countNote();
  }

  function drawChoices(id, name, choices) {
    const box = $(id);
    const key = choices.map((choice) => choice.value).join("\u0001");
    if (box.dataset.key === key) return;
    box.dataset.key = key;
    box.querySelectorAll("label").forEach((node) => node.remove());
    for (const choice of choices) {
      const label = el("label", null, "check");
      const input = document.createElement("input");
      input.type = "radio";
      input.name = name;
      input.value = choice.value;
      label.append(input, el("span", choice.label));
      box.append(label);
    }
  }

  function countNote() {
    const length = ideaLength($("checkin-note").value);
    const over = length - noteLimit;
    const count = $("checkin-count");
    const of = Number.isFinite(noteLimit) ? `/${noteLimit}` : "";
    count.textContent = over > 0 ? `${length}${of}: ${over} too many` : `${length}${of}`;
    count.classList.toggle("over", over > 0);
  }

  $("checkin-note").addEventListener("input", countNote);

  $("checkin-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const picked = (name) => {
      const node = document.querySelector(`#checkin-form input[name="${name}"]:checked`);
      return node ? node.value : "";
    };
    const body = { met: picked("met"), going: picked("going"), note: $("checkin-note").value };
    if (!body.met || !body.going) {
      say("Pick how often you met and how it is going first.");
      return;
    }
    const over = ideaLength(body.note) - noteLimit;
    if (over > 0) {
      say(`The note can be at most ${noteLimit} characters; shorten it by ${over}.`);
      return;
    }
    const { status, data } = await call("POST", "/api/checkin", body);
    if (status === 200) {
      say("");
      $("checkin-note").value = "";
      announce("Your check-in is sent.");
      render(data);
      $("checkin-done").focus();
    } else {
      say(data.error || "The check-in was not sent.");
    }
  });

  window.setInterval(tick, 1000);
  start();
})();
