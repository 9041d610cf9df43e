/* accord dashboard: a dependency-free single-page app over the accord REST API.
 *
 * Every piece of data reaches the page through textContent / createTextNode /
 * setAttribute: nothing from the API is ever parsed as HTML. Charts are SVG drawn
 * here. Routes live in the URL hash so every view can be linked and reloaded:
 *   #/                      overview: most active pairs, participants
 *   #/pair/AZE/BLR?type=..  a pair: monthly timeline and filterable events
 *   #/event/ID              one event with every report and its article
 *   #/actor/ID              a person: offices over time and recent events
 *   #/network?type=..       countries and organisations as a graph
 *   #/doc/ID                one stored article with its evidence spans
 */
(function () {
  "use strict";

  const SVGNS = "http://www.w3.org/2000/svg";
  const PLOVER = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"];
  const LANGS = [["", "any language"], ["en", "English"], ["de", "German"], ["ru", "Russian"],
    ["fr", "French"], ["es", "Spanish"], ["tr", "Turkish"]];
  const QUAD = { 1: "Verbal cooperation", 2: "Material cooperation", 3: "Verbal conflict", 4: "Material conflict" };
  const ORG_3 = new Set(["WHO", "IMF", "WTO", "CIS", "EEU", "OAS", "OIC", "SCO", "GCC", "IEA"]);
  const DATE_RE = /^\d{4}(-\d{2}(-\d{2})?)?$/;
  const TYPE_RE = /^[A-Za-z]{3,12}$|^\d{2,4}$/;
  const PAGE_SIZES = [25, 50, 100];

  /* ------------------------------------------------------------------ DOM helpers */

  function append(node, children) {
    for (const c of children) {
      if (c === null || c === undefined || c === false) continue;
      if (Array.isArray(c)) append(node, c);
      else if (c instanceof Node) node.appendChild(c);
      else node.appendChild(document.createTextNode(String(c)));
    }
    return node;
  }

  function setAttrs(node, attrs) {
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "text") node.textContent = String(v);
      else if (k.startsWith("on") && typeof v === "function") node.addEventListener(k.slice(2), v);
      else if (k === "dataset") Object.assign(node.dataset, v);
      else node.setAttribute(k, v === true ? "" : String(v));
    }
    return node;
  }

  /** Replace a node's children; null, false and nested arrays are handled as in h(). */
  function setKids(node, ...children) {
    node.replaceChildren();
    return append(node, children);
  }

  /** An HTML element: h("a", {href: "#/", class: "x"}, "text", child...). */
  function h(tag, attrs, ...children) {
    return append(setAttrs(document.createElement(tag), attrs), children);
  }

  /** An SVG element. */
  function s(tag, attrs, ...children) {
    return append(setAttrs(document.createElementNS(SVGNS, tag), attrs), children);
  }

  function fmt(n, digits) {
    if (n === null || n === undefined || n === "") return "—";
    if (typeof n === "number") return digits === undefined ? n.toLocaleString("en") : n.toFixed(digits);
    return String(n);
  }

  function dash(v) { return v === null || v === undefined || v === "" ? "—" : String(v); }

  function enc(v) { return encodeURIComponent(v); }

  /** An article's own address, only when it is plain http(s): never javascript: or data:. */
  function safeUrl(u) {
    if (!u) return null;
    try {
      const url = new URL(String(u));
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (err) { return null; }
  }

  /* ------------------------------------------------------------------ API */

  class ApiError extends Error {
    constructor(message, status, code, path) {
      super(message);
      this.status = status; this.code = code; this.path = path;
    }
  }

  async function api(path, params) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) {
      if (v !== null && v !== undefined && v !== "") qs.set(k, String(v));
    }
    const url = "/api/" + path + (qs.toString() ? "?" + qs : "");
    let resp;
    try {
      resp = await fetch(url, { headers: { Accept: "application/json" } });
    } catch (err) {
      throw new ApiError("the server did not answer (" + (err && err.message ? err.message : "network error") + ")",
        0, "network", url);
    }
    let body = null;
    const text = await resp.text();
    try { body = text ? JSON.parse(text) : null; } catch (err) { body = null; }
    if (!resp.ok) {
      const e = body && body.error;
      const msg = e && e.message ? e.message : (text ? text.slice(0, 200) : resp.statusText || "request failed");
      throw new ApiError(msg, resp.status, e && e.code ? e.code : "http", url);
    }
    if (body === null) throw new ApiError("the server's answer was not JSON", resp.status, "bad_json", url);
    return body;
  }

  /** An error box for a view; the text is the API's own message. */
  function errorBox(what, err) {
    const status = err && err.status ? " (HTTP " + err.status + (err.code ? ", " + err.code : "") + ")" : "";
    return h("div", { class: "error", role: "alert", "data-testid": "error" },
      h("strong", null, "Could not load " + what + ": "),
      String(err && err.message ? err.message : err) + status);
  }

  const banner = {
    show(message) {
      const el = document.getElementById("error-banner");
      document.getElementById("error-banner-text").textContent = message;
      el.hidden = false;
    },
    hide() { document.getElementById("error-banner").hidden = true; },
  };

  window.addEventListener("error", (ev) => {
    banner.show("Unexpected error: " + (ev.message || "unknown"));
  });
  window.addEventListener("unhandledrejection", (ev) => {
    const r = ev.reason;
    banner.show("Unexpected error: " + (r && r.message ? r.message : String(r)));
  });

  /* ------------------------------------------------------------------ routing */

  let generation = 0;        // bumped on every full render; stale async work checks it
  let currentView = null;    // {key, update(query)} for in-place updates (paging, filters)

  function parseHash() {
    let raw = location.hash.replace(/^#/, "");
    if (!raw.startsWith("/")) raw = "/" + raw;
    const qi = raw.indexOf("?");
    const path = qi >= 0 ? raw.slice(0, qi) : raw;
    const query = new URLSearchParams(qi >= 0 ? raw.slice(qi + 1) : "");
    const parts = path.split("/").filter(Boolean).map((p) => {
      try { return decodeURIComponent(p); } catch (err) { return p; }
    });
    return { parts, query, key: parts.join("/") };
  }

  function hashFor(parts, query) {
    const path = "#/" + parts.map(enc).join("/");
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(query || {})) {
      if (v !== null && v !== undefined && v !== "") qs.set(k, String(v));
    }
    const q = qs.toString();
    return q ? path + "?" + q : path;
  }

  function pairHash(a, b, query) { return hashFor(["pair", a, b], query); }
  function eventHash(id) { return hashFor(["event", id]); }
  function actorHash(id) { return hashFor(["actor", id]); }
  function docHash(id) { return hashFor(["doc", id]); }

  function go(hash) {
    if (location.hash === hash) route(); else location.hash = hash;
  }

  function route() {
    const { parts, query, key } = parseHash();
    banner.hide();
    closeActorResults();
    if (currentView && currentView.key === key && currentView.update) {
      currentView.update(query);
      return;
    }
    const gen = ++generation;
    currentView = null;
    const main = document.getElementById("main");
    main.replaceChildren();
    const name = parts[0] || "home";
    for (const a of document.querySelectorAll(".nav a")) {
      a.classList.toggle("active", a.dataset.nav === name);
      if (a.dataset.nav === name) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
    }
    const live = () => gen === generation;
    try {
      if (name === "home") viewHome(main, live);
      else if (name === "pair" && parts.length === 3) viewPair(main, live, parts[1].toUpperCase(), parts[2].toUpperCase(), query, key);
      else if (name === "event" && parts.length === 2) viewEvent(main, live, parts[1]);
      else if (name === "actor" && parts.length === 2) viewActor(main, live, parts[1]);
      else if (name === "network") viewNetwork(main, live, query, key);
      else if (name === "doc" && parts.length === 2) viewDoc(main, live, parts[1]);
      else viewNotFound(main);
    } catch (err) {
      main.appendChild(errorBox("this page", err));
    }
    if (name === "pair" && parts.length === 3) syncPairSelects(parts[1].toUpperCase(), parts[2].toUpperCase());
    window.scrollTo(0, 0);
  }

  function title(text) { document.title = text + " — accord"; }

  function loading(text) { return h("p", { class: "loading", "aria-busy": "true" }, text || "Loading…"); }

  /* ------------------------------------------------------------------ header: counts, pickers */

  async function loadHealth() {
    const el = document.getElementById("counts");
    try {
      const d = await api("health");
      const items = [["events", "events"], ["reports", "reports"], ["documents", "documents"],
        ["actors", "actors"], ["offices", "offices"], ["learned", "learned"]];
      setKids(el, ...items.filter(([k]) => d[k] !== undefined).map(([k, label]) =>
        h("span", { class: "count", "data-testid": "count-" + k, title: label },
          h("b", null, fmt(d[k])), " " + label)));
      document.getElementById("version").textContent = "accord " + (d.version || "") +
        (d.writable ? " · writable" : " · read-only");
    } catch (err) {
      setKids(el, h("span", { class: "error-inline", role: "alert" },
        "Database counts unavailable: " + err.message));
    }
  }

  let countries = null;       // [{code, events}]

  async function loadCountries() {
    const a = document.getElementById("pair-a");
    const b = document.getElementById("pair-b");
    try {
      const d = await api("countries");
      countries = d.items || [];
      for (const sel of [a, b]) {
        const keep = sel.value;
        setKids(sel, h("option", { value: "" }, sel === a ? "Country A…" : "Country B…"),
          ...countries.map((c) => h("option", { value: c.code }, c.code + " · " + fmt(c.events))));
        if (keep) sel.value = keep;
      }
      const { parts } = parseHash();
      if (parts[0] === "pair" && parts.length === 3) syncPairSelects(parts[1].toUpperCase(), parts[2].toUpperCase());
    } catch (err) {
      banner.show("Could not load the list of countries: " + err.message);
    }
  }

  function syncPairSelects(x, y) {
    if (!x || !y) return;
    const a = document.getElementById("pair-a");
    const b = document.getElementById("pair-b");
    for (const [sel, v] of [[a, x], [b, y]]) {
      if (![...sel.options].some((o) => o.value === v)) sel.appendChild(h("option", { value: v }, v));
      sel.value = v;
    }
  }

  function setupPickers() {
    const form = document.getElementById("pair-form");
    const a = document.getElementById("pair-a");
    const b = document.getElementById("pair-b");
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      if (!a.value || !b.value) { banner.show("Pick two countries or organisations to compare."); return; }
      if (a.value === b.value) { banner.show("Pick two different sides: " + a.value + " twice is not a pair."); return; }
      banner.hide();
      go(pairHash(a.value, b.value));
    });
    document.getElementById("pair-swap").addEventListener("click", () => {
      const t = a.value; a.value = b.value; b.value = t;
    });
    document.getElementById("error-banner-close").addEventListener("click", banner.hide);

    const q = document.getElementById("actor-q");
    const list = document.getElementById("actor-results");
    let timer = null;
    let seq = 0;
    const search = async () => {
      const text = q.value.trim();
      const mine = ++seq;
      if (text.length < 2) { closeActorResults(); return; }
      try {
        const d = await api("actors", { q: text, limit: 12 });
        if (mine !== seq) return;
        const items = d.items || [];
        setKids(list, 
          ...items.map((p) => h("li", null, h("a", { href: actorHash(p.actor_id), "data-testid": "actor-result" },
            h("span", { class: "name" }, p.name), " ",
            h("span", { class: "muted" }, fmt(p.events) + (p.events === 1 ? " event" : " events"))))),
          items.length ? null : h("li", { class: "muted empty" }, "No one matches “" + text + "”."),
          d.total > items.length ? h("li", { class: "muted empty" },
            "… " + fmt(d.total - items.length) + " more: type more of the name") : null);
        list.hidden = false;
        q.setAttribute("aria-expanded", "true");
      } catch (err) {
        if (mine !== seq) return;
        setKids(list, h("li", { class: "error-inline", role: "alert" }, "Search failed: " + err.message));
        list.hidden = false;
      }
    };
    q.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(search, 200); });
    q.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter") {
        ev.preventDefault();
        const first = list.querySelector("a");
        if (first && !list.hidden) go(first.getAttribute("href")); else search();
      } else if (ev.key === "Escape") closeActorResults();
      else if (ev.key === "ArrowDown") {
        const first = list.querySelector("a");
        if (first) { ev.preventDefault(); first.focus(); }
      }
    });
    list.addEventListener("keydown", (ev) => {
      const links = [...list.querySelectorAll("a")];
      const i = links.indexOf(document.activeElement);
      if (ev.key === "ArrowDown" && i < links.length - 1) { ev.preventDefault(); links[i + 1].focus(); }
      if (ev.key === "ArrowUp") { ev.preventDefault(); (i > 0 ? links[i - 1] : q).focus(); }
      if (ev.key === "Escape") { closeActorResults(); q.focus(); }
    });
    document.addEventListener("click", (ev) => {
      if (!ev.target.closest || !ev.target.closest(".actor-search")) closeActorResults();
    });
  }

  function closeActorResults() {
    const list = document.getElementById("actor-results");
    if (list) list.hidden = true;
    const q = document.getElementById("actor-q");
    if (q) q.setAttribute("aria-expanded", "false");
  }

  /* ------------------------------------------------------------------ shared pieces */

  function isOrg(code) { return !/^[A-Z]{3}$/.test(code) || ORG_3.has(code); }

  function sideOf(actor) {
    if (!actor) return null;
    return actor.country || actor.org || null;
  }

  function actorLabel(actor) {
    if (!actor) return "—";
    return actor.name || actor.text || sideOf(actor) || "—";
  }

  /** A compact actor cell: name (linked when known) and its country or organisation. */
  function actorCell(actor, testid) {
    if (!actor) return "—";
    const side = sideOf(actor);
    const name = actorLabel(actor);
    return [
      actor.actor_id
        ? h("a", { href: actorHash(actor.actor_id), class: "actor-link", "data-testid": testid || null,
          onclick: (ev) => ev.stopPropagation() }, name)
        : h("span", null, name),
      side && side !== name ? h("span", { class: "code" }, side) : null,
    ];
  }

  function placeLabel(loc) {
    if (!loc) return "—";
    return [loc.name, loc.country].filter(Boolean).join(", ") || "—";
  }

  function typeBadge(type, quad) {
    return h("span", { class: "type q" + (quad || 0), title: quad ? QUAD[quad] : null }, dash(type));
  }

  /** A table of event records; each row opens the event page. */
  function eventsTable(items, opts) {
    const cols = ["Date", "Type", "CAMEO", "Source", "Target", "Place", "Reports"];
    const table = h("table", { class: "events data", id: opts && opts.id ? opts.id : null,
      "data-testid": opts && opts.id ? opts.id : "events-table" },
    h("thead", null, h("tr", null, cols.map((c) => h("th", { scope: "col" }, c)))));
    const body = h("tbody");
    for (const e of items) {
      const href = eventHash(e.event_id);
      const tr = h("tr", { class: "clickable", "data-testid": "event-row", "data-event-id": e.event_id,
        onclick: (ev) => { if (!ev.target.closest("a")) go(href); } },
      h("td", { "data-label": "Date", class: "c-date" }, h("a", { href, class: "event-link", "data-testid": "event-link" },
        e.date || "undated")),
      h("td", { "data-label": "Type", class: "c-type" }, typeBadge(e.type, e.quad_class), e.mode ? h("span", { class: "muted" }, " " + e.mode) : null,
        e.status && e.status !== "occurred" ? h("span", { class: "status" }, e.status) : null),
      h("td", { "data-label": "CAMEO", class: "c-cameo" }, h("span", { class: "mono" }, dash(e.cameo))),
      h("td", { "data-label": "Source", class: "c-src" }, actorCell(e.source)),
      h("td", { "data-label": "Target", class: "c-tgt" }, actorCell(e.target)),
      h("td", { "data-label": "Place", class: "c-place" }, placeLabel(e.location)),
      h("td", { "data-label": "Reports", class: "num c-rep" }, fmt(e.reports)));
      body.appendChild(tr);
    }
    table.appendChild(body);
    if (!items.length) {
      body.appendChild(h("tr", null, h("td", { colspan: cols.length, class: "muted empty" }, "No events match.")));
    }
    return table;
  }

  /** Width of a chart container in CSS pixels (charts are drawn at their real size). */
  function widthOf(el, fallback) {
    const w = el.getBoundingClientRect().width;
    return Math.max(260, Math.floor(w || fallback || 800));
  }

  const resizers = new WeakMap();     // container -> its current draw function

  /** Redraw a chart when its container changes width; stops when the container leaves the page.
   * A second call for the same container only swaps the draw function. */
  function redrawOnResize(container, draw) {
    const known = resizers.has(container);
    resizers.set(container, draw);
    if (known) return;
    let last = widthOf(container);
    let timer = null;
    const onResize = () => {
      if (!container.isConnected) { window.removeEventListener("resize", onResize); return; }
      clearTimeout(timer);
      timer = setTimeout(() => {
        const w = widthOf(container);
        if (Math.abs(w - last) > 4) { last = w; resizers.get(container)(); }
      }, 120);
    };
    window.addEventListener("resize", onResize);
  }

  function niceMax(v) {
    if (v <= 5) return Math.max(1, Math.ceil(v));
    const p = Math.pow(10, Math.floor(Math.log10(v)));
    for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
    return 10 * p;
  }

  function ticks(max) {
    const step = max <= 5 ? 1 : niceMax(max / 4);
    const out = [];
    for (let t = step; t <= max + 1e-9; t += step) out.push(Math.round(t * 100) / 100);
    return out;
  }

  /* ------------------------------------------------------------------ home */

  function viewHome(main, live) {
    title("Overview");
    const dyads = h("div", { id: "dyads-box" }, loading("Loading the most active pairs…"));
    const parts = h("div", { id: "participants" }, loading());
    append(main, [
      h("section", { class: "intro" },
        h("h1", { tabindex: "-1" }, "Events between countries and organisations"),
        h("p", { class: "lead" }, "Pick two sides above to see their timeline and events, search for a person, ",
          "or open the ", h("a", { href: "#/network" }, "network"), " of who deals with whom. Every event links to the ",
          "articles that reported it, with the evidence sentence marked.")),
      h("div", { class: "grid" },
        h("section", { class: "card wide" }, h("h2", null, "Most active pairs"), dyads),
        h("section", { class: "card" }, h("h2", null, "Participants"),
          h("p", { class: "muted small" }, "Events each country or organisation takes part in. Open one to see its partners."),
          parts)),
    ]);

    api("dyads", { limit: 25 }).then((d) => {
      if (!live()) return;
      const items = d.items || [];
      const max = Math.max(1, ...items.map((r) => r.events));
      const table = h("table", { class: "data dyads compact", id: "dyads", "data-testid": "dyads" },
        h("thead", null, h("tr", null, ["Pair", "Events", "Coop. / conflict", "Goldstein", "Period"]
          .map((c) => h("th", { scope: "col" }, c)))));
      const body = h("tbody");
      for (const r of items) {
        const [a, b] = String(r.dyad).split("-");
        const href = pairHash(a, b);
        body.appendChild(h("tr", { class: "clickable", "data-testid": "dyad-row", onclick: (ev) => { if (!ev.target.closest("a")) go(href); } },
          h("td", { "data-label": "Pair", class: "c-pair" }, h("a", { href, class: "dyad-link", "data-testid": "dyad-link" }, a + " – " + b)),
          h("td", { "data-label": "Events", class: "num c-events" }, fmt(r.events), h("span", { class: "unit" }, " events"),
            r.reports !== r.events ? h("span", { class: "muted small" }, " (" + fmt(r.reports) + " reports)") : null),
          h("td", { "data-label": "Balance", class: "c-bal" }, coopBar(r.cooperation, r.conflict, r.events / max)),
          h("td", { "data-label": "Goldstein", class: "num c-gold" }, goldstein(r.goldstein_mean)),
          h("td", { "data-label": "Period", class: "c-period" }, r.first || r.last ? dash(r.first) + " → " + dash(r.last) : "undated")));
      }
      if (!items.length) body.appendChild(h("tr", null, h("td", { colspan: 5, class: "muted empty" }, "The database has no events yet.")));
      table.appendChild(body);
      setKids(dyads, h("div", { class: "table-wrap" }, table));
    }).catch((err) => { if (live()) setKids(dyads, errorBox("the most active pairs", err)); });

    const fill = () => {
      if (!live()) return;
      if (!countries) { setKids(parts, h("p", { class: "muted" }, "Not available.")); return; }
      setKids(parts, h("ul", { class: "chips", "data-testid": "participants" },
        countries.map((c) => h("li", null, h("a", { href: hashFor(["network"], { country: c.code }),
          class: "chip" + (isOrg(c.code) ? " org" : "") }, c.code, h("span", { class: "n" }, fmt(c.events)))))));
    };
    if (countries) fill(); else countriesReady.then(fill);
  }

  function goldstein(v) {
    if (v === null || v === undefined) return "—";
    return h("span", { class: v > 0 ? "pos" : v < 0 ? "neg" : "" }, (v > 0 ? "+" : "") + Number(v).toFixed(2));
  }

  /** A small horizontal bar: cooperation (green) and conflict (red), scaled by `scale` (0..1). */
  function coopBar(coop, conflict, scale) {
    const W = 100, H = 12;
    const total = (coop || 0) + (conflict || 0);
    const width = Math.max(6, W * (scale === undefined ? 1 : scale));
    const cw = total ? width * (coop || 0) / total : 0;
    return h("span", { class: "coopbar" },
      s("svg", { width: W, height: H, viewBox: "0 0 " + W + " " + H, role: "img",
        "aria-label": fmt(coop) + " cooperation, " + fmt(conflict) + " conflict" },
      s("rect", { x: 0, y: 1, width: cw, height: H - 2, class: "coop" }),
      s("rect", { x: cw, y: 1, width: Math.max(0, width - cw), height: H - 2, class: "conf" })),
      h("span", { class: "small muted" }, " " + fmt(coop) + " / " + fmt(conflict)));
  }

  /* ------------------------------------------------------------------ pair */

  function viewPair(main, live, a, b, query, key) {
    title(a + " – " + b);
    const state = { by: query.get("by") === "year" ? "year" : "month", tlType: null, tl: null };
    const summary = h("p", { class: "summary", "data-testid": "pair-summary" }, loading());
    const timeline = h("div", { id: "timeline", class: "chart", "data-testid": "timeline" }, loading("Loading the timeline…"));
    const byMonth = h("button", { type: "button", class: "seg", "data-by": "month" }, "Months");
    const byYear = h("button", { type: "button", class: "seg", "data-by": "year" }, "Years");
    const filters = filterForm(query, (values) => go(pairHash(a, b, values)), { lang: true, limit: true });
    const tableBox = h("div", { id: "events-box" }, loading("Loading events…"));
    const chips = h("div", { class: "active-filters", "data-testid": "active-filters" });

    append(main, [
      h("nav", { class: "crumbs", "aria-label": "Breadcrumb" }, h("a", { href: "#/" }, "Overview"), " / pair"),
      h("div", { class: "page-head" },
        h("h1", { tabindex: "-1", "data-testid": "pair-title" }, sideName(a), h("span", { class: "vs" }, " – "), sideName(b)),
        h("a", { href: pairHash(b, a), class: "button-link small", title: "Same events, sides swapped" }, "⇄ swap"),
        h("a", { href: hashFor(["network"], { country: a }), class: "button-link small" }, "Partners of " + a)),
      summary,
      h("section", { class: "card" },
        h("div", { class: "card-head" }, h("h2", null, "Timeline"),
          h("div", { class: "segmented", role: "group", "aria-label": "Period" }, byMonth, byYear)),
        h("p", { class: "muted small" }, "Cooperation (PLOVER quad classes 1 and 2) above the axis, conflict (3 and 4) below. ",
          "Click a bar to list that period's events."),
        timeline),
      h("section", { class: "card" },
        h("h2", null, "Events"), filters.form, chips, tableBox),
    ]);

    const setBy = (by) => {
      byMonth.classList.toggle("on", by === "month");
      byYear.classList.toggle("on", by === "year");
      byMonth.setAttribute("aria-pressed", String(by === "month"));
      byYear.setAttribute("aria-pressed", String(by === "year"));
    };
    byMonth.addEventListener("click", () => go(pairHash(a, b, { ...queryObj(parseHash().query), by: null })));
    byYear.addEventListener("click", () => go(pairHash(a, b, { ...queryObj(parseHash().query), by: "year" })));

    const loadTimeline = (q) => {
      const by = q.get("by") === "year" ? "year" : "month";
      const type = q.get("type") ? q.get("type").toUpperCase() : null;
      if (state.tl && state.by === by && state.tlType === type) return;
      state.by = by; state.tlType = type;
      setBy(by);
      setKids(timeline, loading("Loading the timeline…"));
      api("timeline", { a, b, by, type }).then((d) => {
        if (!live()) return;
        state.tl = d.items || [];
        summary.replaceChildren();
        append(summary, pairSummary(state.tl, type));
        const draw = () => {
          setKids(timeline, timelineChart(state.tl, by, widthOf(timeline), (period) => {
            const q2 = queryObj(parseHash().query);
            go(pairHash(a, b, { ...q2, since: period, until: period, offset: null }));
            tableBox.scrollIntoView({ block: "start" });
          }));
        };
        draw();
        redrawOnResize(timeline, () => { if (live() && state.tl) draw(); });
      }).catch((err) => {
        if (!live()) return;
        state.tl = null;
        summary.replaceChildren();
        setKids(timeline, errorBox("the timeline", err));
      });
    };

    const loadEvents = (q) => {
      const params = filterParams(q);
      filters.set(q);
      setKids(chips, ...activeChips(q, (k) => {
        const q2 = queryObj(parseHash().query);
        delete q2[k]; delete q2.offset;
        go(pairHash(a, b, q2));
      }));
      tableBox.setAttribute("aria-busy", "true");
      tableBox.classList.add("busy");
      api("events", { dyad: a + "-" + b, ...params }).then((d) => {
        if (!live()) return;
        tableBox.removeAttribute("aria-busy");
        tableBox.classList.remove("busy");
        setKids(tableBox, 
          h("div", { class: "table-wrap" }, eventsTable(d.items || [], { id: "events-table" })),
          pager(d, (offset) => go(pairHash(a, b, { ...queryObj(parseHash().query), offset: offset || null }))));
      }).catch((err) => {
        if (!live()) return;
        tableBox.removeAttribute("aria-busy");
        tableBox.classList.remove("busy");
        setKids(tableBox, errorBox("the events", err));
      });
    };

    loadTimeline(query);
    loadEvents(query);
    currentView = {
      key,
      update(q) { loadTimeline(q); loadEvents(q); },
    };
  }

  function sideName(code) {
    return h("span", { class: "side" + (isOrg(code) ? " org" : "") }, code);
  }

  function queryObj(q) {
    const o = {};
    for (const [k, v] of q.entries()) o[k] = v;
    return o;
  }


  function pairSummary(items, type) {
    const first = items.length ? items[0].period : null, last = items.length ? items[items.length - 1].period : null;
    if (!items.length) return [type ? "No " + type + " events between these two." : "No events between these two."];
    let events = 0, coop = 0, conf = 0, gsum = 0, gn = 0;
    for (const r of items) {
      events += r.events;
      coop += (r.verbal_coop || 0) + (r.material_coop || 0);
      conf += (r.verbal_conflict || 0) + (r.material_conflict || 0);
      if (r.goldstein_mean !== null && r.goldstein_mean !== undefined) { gsum += r.goldstein_mean * r.events; gn += r.events; }
    }
    return [h("b", null, fmt(events)), (events === 1 ? " event" : " events") + (type ? " of type " + type : ""),
      first === last ? " in " + first : " from " + first + " to " + last, ": ",
      h("span", { class: "pos" }, fmt(coop) + " cooperation"), ", ",
      h("span", { class: "neg" }, fmt(conf) + " conflict"),
      gn ? ["; mean Goldstein ", goldstein(gsum / gn)] : null, "."];
  }

  /** Every period from the first to the last, so gaps show as gaps. */
  function periodsBetween(first, last, by) {
    const out = [];
    if (by === "year") {
      for (let y = +first; y <= +last && out.length < 500; y++) out.push(String(y));
      return out;
    }
    let [y, m] = first.split("-").map(Number);
    const [ly, lm] = last.split("-").map(Number);
    while ((y < ly || (y === ly && m <= lm)) && out.length < 1200) {
      out.push(y + "-" + String(m).padStart(2, "0"));
      m += 1; if (m > 12) { m = 1; y += 1; }
    }
    return out;
  }

  function timelineChart(items, by, width, onPick) {
    const W = width, H = Math.round(Math.min(320, Math.max(220, width * 0.32)));
    const M = { top: 14, right: 12, bottom: 30, left: 54 };
    const pw = W - M.left - M.right, ph = H - M.top - M.bottom;
    if (!items.length) {
      return h("p", { class: "muted empty" }, "Nothing to draw: no events between these two.");
    }
    const rows = new Map(items.map((r) => [r.period, r]));
    const valid = items.every((r) => /^\d{4}(-\d{2})?$/.test(r.period));
    const periods = valid ? periodsBetween(items[0].period, items[items.length - 1].period, by) : items.map((r) => r.period);
    const coopOf = (r) => (r.verbal_coop || 0) + (r.material_coop || 0);
    const confOf = (r) => (r.verbal_conflict || 0) + (r.material_conflict || 0);
    const max = niceMax(Math.max(1, ...items.map(coopOf), ...items.map(confOf)));
    const y0 = M.top + ph / 2;
    const scale = (ph / 2) / max;
    const band = pw / periods.length;
    const bw = Math.max(1, Math.min(48, band * 0.78));

    const svg = s("svg", { width: W, height: H, viewBox: "0 0 " + W + " " + H, role: "group", class: "timeline-svg",
      "aria-label": "Events per " + by + ": cooperation above the axis, conflict below", "data-testid": "timeline-svg" });
    svg.appendChild(s("title", null, "Events per " + by));

    // grid and y labels (counts both ways)
    const grid = s("g", { class: "grid" });
    for (const t of ticks(max)) {
      for (const sign of [-1, 1]) {
        const y = y0 - sign * t * scale;
        grid.appendChild(s("line", { x1: M.left, x2: W - M.right, y1: y, y2: y }));
        grid.appendChild(s("text", { x: M.left - 6, y: y + 4, class: "tick", "text-anchor": "end" }, fmt(t)));
      }
    }
    svg.appendChild(grid);
    const yc = M.top + ph / 4, yf = M.top + (3 * ph) / 4;
    svg.appendChild(s("text", { x: 0, y: 0, class: "axis-label coop-label", "text-anchor": "middle",
      transform: "translate(14 " + yc + ") rotate(-90)" }, "cooperation"));
    svg.appendChild(s("text", { x: 0, y: 0, class: "axis-label conf-label", "text-anchor": "middle",
      transform: "translate(14 " + yf + ") rotate(-90)" }, "conflict"));

    // bars
    const bars = s("g", { class: "bars" });
    periods.forEach((p, i) => {
      const r = rows.get(p);
      const cx = M.left + band * i + band / 2;
      const x = cx - bw / 2;
      if (!r) return;
      const g = s("g", { class: "bar", tabindex: "0", role: "button", "data-period": p,
        "aria-label": p + ": " + r.events + " events" });
      const vc = r.verbal_coop || 0, mc = r.material_coop || 0, vf = r.verbal_conflict || 0, mf = r.material_conflict || 0;
      g.appendChild(s("title", null, p + " — " + r.events + (r.events === 1 ? " event" : " events") +
        "\ncooperation " + (vc + mc) + " (verbal " + vc + ", material " + mc + ")" +
        "\nconflict " + (vf + mf) + " (verbal " + vf + ", material " + mf + ")" +
        (r.goldstein_mean !== null && r.goldstein_mean !== undefined ? "\nmean Goldstein " + Number(r.goldstein_mean).toFixed(2) : "") +
        (r.types ? "\n" + r.types : "")));
      g.appendChild(s("rect", { x: M.left + band * i, y: M.top, width: band, height: ph, class: "hit" }));
      let y = y0;
      if (vc) { g.appendChild(s("rect", { x, y: y - vc * scale, width: bw, height: vc * scale, class: "q1" })); y -= vc * scale; }
      if (mc) { g.appendChild(s("rect", { x, y: y - mc * scale, width: bw, height: mc * scale, class: "q2" })); y -= mc * scale; }
      if (vc + mc && band >= 16) g.appendChild(s("text", { x: cx, y: y - 3, class: "val", "text-anchor": "middle" }, String(vc + mc)));
      y = y0;
      if (vf) { g.appendChild(s("rect", { x, y, width: bw, height: vf * scale, class: "q3" })); y += vf * scale; }
      if (mf) { g.appendChild(s("rect", { x, y, width: bw, height: mf * scale, class: "q4" })); y += mf * scale; }
      if (vf + mf && band >= 16) g.appendChild(s("text", { x: cx, y: y + 11, class: "val", "text-anchor": "middle" }, String(vf + mf)));
      const pick = () => onPick(p);
      g.addEventListener("click", pick);
      g.addEventListener("keydown", (ev) => { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); pick(); } });
      bars.appendChild(g);
    });
    svg.appendChild(bars);

    // axis and x labels
    svg.appendChild(s("line", { x1: M.left, x2: W - M.right, y1: y0, y2: y0, class: "axis" }));
    const xl = s("g", { class: "xlabels" });
    const minGap = by === "year" ? 34 : 56;
    let lastX = -1e9;
    periods.forEach((p, i) => {
      const cx = M.left + band * i + band / 2;
      let label = null;
      if (by === "year") label = p;
      else if (periods.length <= Math.floor(pw / minGap)) label = p;
      else if (p.endsWith("-01") || i === 0) label = p.slice(0, 4);
      if (label === null || cx - lastX < minGap) return;
      lastX = cx;
      xl.appendChild(s("line", { x1: cx, x2: cx, y1: H - M.bottom + 2, y2: H - M.bottom + 6, class: "axis" }));
      xl.appendChild(s("text", { x: cx, y: H - M.bottom + 17, class: "tick", "text-anchor": "middle" }, label));
    });
    svg.appendChild(xl);

    const legend = h("ul", { class: "legend" },
      [["q1", "verbal cooperation"], ["q2", "material cooperation"], ["q3", "verbal conflict"], ["q4", "material conflict"]]
        .map(([c, t]) => h("li", null, s("svg", { width: 12, height: 12, "aria-hidden": "true" },
          s("rect", { width: 12, height: 12, class: c, rx: 2 })), " " + t)));
    return h("div", { class: "timeline-wrap" }, svg, legend);
  }

  /** The filter form shared by the pair and network views; values go to the URL. */
  function filterForm(query, onApply, opts) {
    const id = (n) => "f-" + n;
    const type = h("input", { id: id("type"), name: "type", list: "plover-types", placeholder: "CONSULT, 04…",
      maxlength: "12", autocomplete: "off", "data-testid": "filter-type" });
    const since = h("input", { id: id("since"), name: "since", placeholder: "YYYY[-MM[-DD]]", maxlength: "10",
      inputmode: "numeric", "data-testid": "filter-since" });
    const until = h("input", { id: id("until"), name: "until", placeholder: "YYYY[-MM[-DD]]", maxlength: "10",
      inputmode: "numeric", "data-testid": "filter-until" });
    const lang = opts.lang ? h("select", { id: id("lang"), name: "lang", "data-testid": "filter-lang" },
      LANGS.map(([v, t]) => h("option", { value: v }, t))) : null;
    const country = opts.country ? h("input", { id: id("country"), name: "country", placeholder: "e.g. AZE",
      maxlength: "8", "data-testid": "filter-country" }) : null;
    const limit = h("select", { id: id("limit"), name: "limit", "data-testid": "filter-limit" },
      (opts.limitChoices || PAGE_SIZES).map((n) => h("option", { value: String(n) }, String(n))));
    const msg = h("p", { class: "form-error", role: "alert", hidden: true });
    const field = (label, input) => h("div", { class: "field" }, h("label", { for: input.id }, label), input);
    const form = h("form", { class: "filters", id: opts.formId || "event-filters", "data-testid": "filters", novalidate: true },
      h("datalist", { id: "plover-types" }, PLOVER.map((t) => h("option", { value: t }))),
      field("Type", type),
      country ? field("Country", country) : null,
      field("Since", since), field("Until", until),
      lang ? field("Reported in", lang) : null,
      field(opts.limitLabel || "Per page", limit),
      h("div", { class: "field buttons" },
        h("button", { type: "submit", "data-testid": "filter-apply" }, "Apply"),
        h("button", { type: "button", class: "secondary", "data-testid": "filter-reset",
          onclick: () => onApply({}) }, "Reset")),
      msg);
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const values = {
        type: type.value.trim().toUpperCase(), since: since.value.trim(), until: until.value.trim(),
        lang: lang ? lang.value : "", country: country ? country.value.trim().toUpperCase() : "",
        limit: limit.value === String((opts.limitChoices || PAGE_SIZES)[0]) ? "" : limit.value,
      };
      const problems = [];
      if (values.type && !TYPE_RE.test(values.type)) problems.push("type must be a PLOVER type (CONSULT) or a CAMEO prefix (04)");
      if (values.since && !DATE_RE.test(values.since)) problems.push("since must look like 2019, 2019-10 or 2019-10-29");
      if (values.until && !DATE_RE.test(values.until)) problems.push("until must look like 2019, 2019-10 or 2019-10-29");
      if (values.country && !/^[A-Za-z0-9]{2,8}$/.test(values.country)) problems.push("country must be a code such as AZE or EU");
      if (problems.length) { msg.textContent = "Check the filters: " + problems.join("; ") + "."; msg.hidden = false; return; }
      msg.hidden = true;
      const q = queryObj(parseHash().query);
      onApply({ by: q.by, ...values });
    });
    return {
      form,
      set(q) {
        type.value = q.get("type") || "";
        since.value = q.get("since") || "";
        until.value = q.get("until") || "";
        if (lang) lang.value = q.get("lang") || "";
        if (country) country.value = q.get("country") || "";
        const choices = (opts.limitChoices || PAGE_SIZES).map(String);
        limit.value = choices.includes(q.get("limit")) ? q.get("limit") : choices[0];
      },
    };
  }

  /** API parameters from the URL's query. Values go to the API as they are (the form checks
   * what a person types); a hand-edited address with a bad value gets the API's own message. */
  function filterParams(q) {
    const p = {};
    if (q.get("type")) p.type = q.get("type").toUpperCase();
    for (const k of ["since", "until", "lang"]) if (q.get(k)) p[k] = q.get(k);
    if (q.get("country")) p.country = q.get("country").toUpperCase();
    const limit = parseInt(q.get("limit") || "", 10);
    p.limit = PAGE_SIZES.includes(limit) ? limit : PAGE_SIZES[0];
    const offset = parseInt(q.get("offset") || "0", 10);
    p.offset = offset > 0 ? offset : 0;
    return p;
  }

  function activeChips(q, remove) {
    const names = { type: "type", since: "since", until: "until", lang: "reported in", country: "country" };
    const out = [];
    for (const [k, label] of Object.entries(names)) {
      const v = q.get(k);
      if (!v) continue;
      out.push(h("button", { type: "button", class: "chip filter-chip", title: "Remove this filter",
        onclick: () => remove(k) }, label + ": " + v + " ×"));
    }
    return out;
  }

  function pager(d, goOffset) {
    const total = d.total || 0, limit = d.limit || 50, offset = d.offset || 0;
    const shown = (d.items || []).length;
    const from = shown ? offset + 1 : 0, to = offset + shown;
    return h("div", { class: "pager", id: "events-pager", "data-testid": "pager" },
      h("button", { type: "button", class: "secondary", disabled: offset <= 0, "data-testid": "page-prev",
        onclick: () => goOffset(Math.max(0, offset - limit)) }, "← Previous"),
      h("span", { class: "muted", "data-testid": "page-status" },
        total ? fmt(from) + "–" + fmt(to) + " of " + fmt(total) + (total === 1 ? " event" : " events") : "no events"),
      h("button", { type: "button", class: "secondary", disabled: offset + limit >= total, "data-testid": "page-next",
        onclick: () => goOffset(offset + limit) }, "Next →"));
  }

  /* ------------------------------------------------------------------ event */

  function viewEvent(main, live, id) {
    title("Event " + id);
    const page = h("article", { id: "event-page", class: "event-page", "data-testid": "event-page" }, loading("Loading the event…"));
    main.appendChild(page);
    api("events/" + enc(id)).then((d) => {
      if (!live()) return;
      const e = d.event || {};
      const reports = d.reports || [];
      const a = sideOf(e.source), b = sideOf(e.target);
      title((e.type || "Event") + " " + actorLabel(e.source) + " → " + actorLabel(e.target));
      if (a && b && a !== b) syncPairSelects(a, b);
      const reportsBox = h("div", { class: "reports" });
      setKids(page, 
        h("nav", { class: "crumbs", "aria-label": "Breadcrumb" }, h("a", { href: "#/" }, "Overview"), " / ",
          a && b && a !== b ? [h("a", { href: pairHash(a, b), "data-testid": "event-pair-link" }, a + " – " + b), " / "] : null,
          "event"),
        h("h1", { tabindex: "-1" }, typeBadge(e.type, e.quad_class), " ",
          h("span", null, actorLabel(e.source)), h("span", { class: "arrow" }, " → "), h("span", null, actorLabel(e.target))),
        h("p", { class: "evidence-quote", "data-testid": "event-evidence" }, "“", e.evidence ? e.evidence.text : "", "”"),
        h("div", { class: "grid two" },
          h("section", { class: "card" }, h("h2", null, "The event"), recordList(e)),
          h("section", { class: "card" }, h("h2", null, "Who"),
            h("div", { class: "sides" }, sideCard("Source", e.source, "source-actor-link"),
              sideCard("Target", e.target, "target-actor-link")))),
        h("section", { class: "card" },
          h("h2", null, "Reports (" + reports.length + ")"),
          h("p", { class: "muted small" }, "Every article that reported this event, in the order they were merged. ",
            "In each article the evidence of this report is ", h("mark", { class: "evidence current demo" }, "marked like this"),
            ", other events' evidence ", h("mark", { class: "evidence demo" }, "like this"),
            "; a sentence merged into the report's evidence is ", h("mark", { class: "evidence-also demo" }, "underlined"), "."),
          reportsBox));
      reports.forEach((r, i) => reportsBox.appendChild(reportCard(r, i, e, live)));
      if (!reports.length) reportsBox.appendChild(h("p", { class: "muted" }, "No reports stored for this event."));
    }).catch((err) => {
      if (live()) setKids(page, h("h1", { tabindex: "-1" }, "Event " + id), errorBox("this event", err));
    });
  }

  function recordList(e) {
    const loc = e.location;
    const rows = [
      ["Type", [typeBadge(e.type, e.quad_class), e.quad_class ? h("span", { class: "muted" }, " " + QUAD[e.quad_class]) : null]],
      ["Mode", dash(e.mode)],
      ["CAMEO", h("span", { class: "mono" }, dash(e.cameo))],
      ["Goldstein", goldstein(e.goldstein)],
      ["Date", dash(e.date)],
      ["Status", h("span", { class: e.status && e.status !== "occurred" ? "status" : null }, dash(e.status))],
      ["Place", loc ? [placeLabel(loc), loc.lat !== null && loc.lat !== undefined ?
        h("span", { class: "muted small" }, " (" + Number(loc.lat).toFixed(3) + ", " + Number(loc.lon).toFixed(3) + ")") : null] : "—"],
      ["Reports", fmt(e.reports)],
      ["Confidence", e.confidence === null || e.confidence === undefined ? "—" : Number(e.confidence).toFixed(2)],
      ["Event id", h("span", { class: "mono small" }, dash(e.event_id))],
    ];
    return h("dl", { class: "record", id: "event-record", "data-testid": "event-record" },
      rows.map(([k, v]) => [h("dt", null, k), h("dd", { "data-field": k.toLowerCase().replace(/\s+/g, "-") }, v)]));
  }

  function sideCard(label, actor, testid) {
    if (!actor) return h("div", { class: "side-card" }, h("h3", null, label), h("p", { class: "muted" }, "unknown"));
    const side = sideOf(actor);
    return h("div", { class: "side-card", "data-testid": label.toLowerCase() },
      h("h3", null, label),
      h("p", { class: "who" }, actor.actor_id
        ? h("a", { href: actorHash(actor.actor_id), id: testid, "data-testid": testid }, actorLabel(actor))
        : h("span", null, actorLabel(actor))),
      h("dl", { class: "record compact" },
        h("dt", null, "Role"), h("dd", null, dash(actor.role)),
        h("dt", null, actor.org ? "Organisation" : "Country"), h("dd", null, side ? h("span", { class: "code" }, side) : "—"),
        h("dt", null, "Sector"), h("dd", null, dash(actor.sector)),
        h("dt", null, "In the text"), h("dd", null, actor.text ? "“" + actor.text + "”" : "—"),
        actor.actor_id ? [h("dt", null, "Actor id"), h("dd", { class: "mono small" }, actor.actor_id)] : null));
  }

  function reportCard(r, i, event, live) {
    const doc = r.doc_key || r.doc_id;
    const article = h("div", { class: "article-box" }, loading("Loading the article…"));
    const explain = r.explain || {};
    const card = h("article", { class: "report", "data-testid": "report", "data-report-id": r.report_id },
      h("header", { class: "report-head" },
        h("span", { class: "report-n" }, "#" + (i + 1)),
        h("a", { href: docHash(doc), class: "mono doc-id", "data-testid": "report-doc" }, dash(r.doc_id)),
        h("span", { class: "lang", title: "language" }, dash(r.lang)),
        h("span", { class: "muted" }, "reported " + dash(r.date) + (r.doc_date && r.doc_date !== r.date ? " · article of " + r.doc_date : "")),
        r.type ? h("span", { class: "muted" }, r.type + " " + dash(r.cameo)) : null),
      r.title ? h("p", { class: "doc-title" }, r.title) : null,
      h("blockquote", { class: "evidence-text", "data-testid": "report-evidence" }, dash(r.evidence)),
      h("p", { class: "merge-note", "data-testid": "merge-note" },
        h("b", null, r.merge_note ? "Merged: " : "First report: "),
        r.merge_note || "the event was started from this report."),
      explainBlock(r, explain),
      h("details", { class: "article-details", open: true },
        h("summary", null, "Article text"), article));
    api("documents/" + enc(doc)).then((d) => {
      if (!live()) return;
      const own = { start: r.ev_start, end: r.ev_end, event_id: event.event_id };
      const also = Array.isArray(explain.merged_evidence) ? explain.merged_evidence : [];
      setKids(article, articleText(d, own, also), otherEvents(d, event.event_id));
    }).catch((err) => { if (live()) setKids(article, errorBox("the article " + (r.doc_id || doc), err)); });
    return card;
  }

  function explainBlock(r, x) {
    const rows = [];
    if (x.trigger) rows.push(["Trigger", "“" + x.trigger + "”" + (x.pattern ? " (" + x.pattern + ")" : "")]);
    if (x.lexicon) rows.push(["Lexicon", x.lexicon]);
    if (x.frame) rows.push(["Frame", x.frame]);
    if (x.slots) rows.push(["Slots", Object.entries(x.slots).map(([k, v]) => k + ": " + v).join(", ")]);
    if (r.src_text) rows.push(["Source text", "“" + r.src_text + "”"]);
    if (r.tgt_text) rows.push(["Target text", "“" + r.tgt_text + "”"]);
    if (Array.isArray(x.source_rules)) rows.push(["Source rules", x.source_rules.join(", ")]);
    if (Array.isArray(x.target_rules)) rows.push(["Target rules", x.target_rules.join(", ")]);
    if (x.status_cue) rows.push(["Status cue", String(x.status_cue)]);
    if (x.date_from) rows.push(["Date from", x.date_from]);
    if (Array.isArray(x.notes) && x.notes.length) rows.push(["Notes", x.notes.join("; ")]);
    if (!rows.length) return null;
    return h("details", { class: "explain" }, h("summary", null, "How it was coded"),
      h("dl", { class: "record compact" }, rows.map(([k, v]) => [h("dt", null, k), h("dd", null, v)])));
  }

  /**
   * The article's text with evidence spans wrapped in <mark class="evidence">.
   * Offsets are the API's (Python) character offsets, i.e. Unicode code points, so the
   * text is cut by code points, not by JavaScript's UTF-16 units. Spans with the same
   * range share one mark; spans that cross are cut at the enclosing mark's end.
   */
  function articleText(doc, own, also) {
    const cps = Array.from(doc.text || "");
    const n = cps.length;
    const groups = new Map();
    const addSpan = (start, end, info) => {
      start = Math.max(0, Math.min(n, Number(start))); end = Math.max(0, Math.min(n, Number(end)));
      if (!(end > start)) return;
      const k = start + ":" + end;
      if (!groups.has(k)) groups.set(k, { start, end, events: [], current: false, also: false, types: [] });
      const g = groups.get(k);
      if (info.event_id && !g.events.includes(info.event_id)) g.events.push(info.event_id);
      if (info.type) g.types.push(info.type + (info.cameo ? " " + info.cameo : ""));
      if (info.current) g.current = true;
      if (info.also) g.also = true;
    };
    for (const sp of doc.spans || []) {
      addSpan(sp.start, sp.end, { event_id: sp.event_id, type: sp.type, cameo: sp.cameo,
        current: own && sp.event_id === own.event_id && sp.start === own.start && sp.end === own.end });
    }
    if (own && Number.isInteger(own.start)) addSpan(own.start, own.end, { event_id: own.event_id, current: true });
    for (const sp of also || []) addSpan(sp.start, sp.end, { also: true });

    const list = [...groups.values()].sort((x, y) => x.start - y.start || y.end - x.end);
    const root = h("div", { class: "article", lang: doc.lang || null, "data-testid": "article" });
    const slice = (a, b) => cps.slice(a, b).join("");
    // A stack of open marks; each entry {el, end}.
    const stack = [{ el: root, end: n }];
    let pos = 0;
    const closeUntil = (limit) => {
      while (stack.length > 1 && stack[stack.length - 1].end <= limit) {
        const top = stack.pop();
        if (top.end > pos) { top.el.appendChild(document.createTextNode(slice(pos, top.end))); pos = top.end; }
      }
    };
    const queue = list.map((g) => ({ ...g }));
    while (queue.length) {
      const g = queue.shift();
      closeUntil(g.start);
      const parent = stack[stack.length - 1];
      if (g.start > pos) { parent.el.appendChild(document.createTextNode(slice(pos, g.start))); pos = g.start; }
      let end = g.end;
      if (end > parent.end) {          // crosses the enclosing mark: cut, the rest goes on after it
        queue.push({ ...g, start: parent.end });
        queue.sort((x, y) => x.start - y.start || y.end - x.end);
        end = parent.end;
      }
      const el = markFor(g, own);
      parent.el.appendChild(el);
      stack.push({ el, end });
    }
    closeUntil(n);
    if (pos < n) root.appendChild(document.createTextNode(slice(pos, n)));
    return root;
  }

  function markFor(g, own) {
    if (!g.events.length && g.also) {
      return h("mark", { class: "evidence-also", title: "Also evidence for this report (merged sentence)" });
    }
    const others = g.events.filter((id) => !own || id !== own.event_id);
    const cls = "evidence" + (g.current ? " current" : "") + (g.also ? " also" : "");
    const label = (g.current ? "This report's evidence" : "Evidence of another event") +
      (g.types.length ? ": " + [...new Set(g.types)].join(", ") : "") +
      (others.length && !g.current ? " — click to open" : "");
    const attrs = { class: cls, title: label, "data-event-ids": g.events.join(" ") };
    if (!g.current && others.length) {
      attrs.tabindex = "0";
      attrs.role = "link";
      attrs.onclick = () => go(eventHash(others[0]));
      attrs.onkeydown = (ev) => { if (ev.key === "Enter") go(eventHash(others[0])); };
    }
    return h("mark", attrs);
  }

  function otherEvents(doc, currentId) {
    const seen = new Map();
    for (const sp of doc.spans || []) {
      if (!sp.event_id || seen.has(sp.event_id)) continue;
      seen.set(sp.event_id, sp);
    }
    const items = [...seen.values()];
    return h("div", { class: "doc-meta" },
      h("p", { class: "muted small" },
        [doc.doc_id ? "Document " + doc.doc_id : null, doc.lang ? "language " + doc.lang : null,
          doc.doc_date ? "dated " + doc.doc_date : null, doc.coded_with ? "coded with " + doc.coded_with : null]
          .filter(Boolean).join(" · "),
        safeUrl(doc.url) ? [" · ", h("a", { href: safeUrl(doc.url), rel: "noopener noreferrer", target: "_blank" }, "original")] : null),
      items.length > 1 || (items.length && items[0].event_id !== currentId) ? h("p", { class: "small" }, "Events in this article: ",
        items.map((sp, i) => [i ? ", " : "", sp.event_id === currentId
          ? h("b", null, sp.type + " " + dash(sp.cameo) + " (this one)")
          : h("a", { href: eventHash(sp.event_id) }, sp.type + " " + dash(sp.cameo))])) : null);
  }

  /* ------------------------------------------------------------------ document */

  function viewDoc(main, live, id) {
    title("Document " + id);
    const page = h("article", { id: "doc-page", "data-testid": "doc-page" }, loading("Loading the article…"));
    main.appendChild(page);
    api("documents/" + enc(id)).then((d) => {
      if (!live()) return;
      title(d.title || d.doc_id || id);
      setKids(page, 
        h("nav", { class: "crumbs", "aria-label": "Breadcrumb" }, h("a", { href: "#/" }, "Overview"), " / document"),
        h("h1", { tabindex: "-1" }, d.title || d.doc_id || id),
        h("section", { class: "card" }, otherEvents(d, null), articleText(d, null, [])));
    }).catch((err) => {
      if (live()) setKids(page, h("h1", { tabindex: "-1" }, "Document " + id), errorBox("this document", err));
    });
  }

  /* ------------------------------------------------------------------ actor */

  function viewActor(main, live, id) {
    title("Actor " + id);
    const page = h("article", { id: "actor-page", class: "actor-page", "data-testid": "actor-page" }, loading("Loading the person…"));
    main.appendChild(page);
    api("actors/" + enc(id)).then((p) => {
      if (!live()) return;
      title(p.name || id);
      const offices = p.offices || [];
      const learned = p.learned || [];
      const events = p.events || [];
      const chart = h("div", { id: "offices-chart", class: "chart", "data-testid": "offices-chart" });
      setKids(page, 
        h("nav", { class: "crumbs", "aria-label": "Breadcrumb" }, h("a", { href: "#/" }, "Overview"), " / person"),
        h("h1", { tabindex: "-1", "data-testid": "actor-name" }, p.name || id),
        h("p", { class: "muted" }, h("span", { class: "mono" }, p.actor_id || id), " · ",
          fmt(p.event_count) + (p.event_count === 1 ? " event" : " events") + " in the database"),
        h("section", { class: "card" }, h("h2", null, "Offices over time"),
          offices.length || learned.length ? chart : h("p", { class: "muted" }, "No offices known."),
          officeList(offices)),
        h("section", { class: "card" }, h("h2", null, "Offices learned from articles"),
          learnedTable(learned)),
        h("section", { class: "card" }, h("h2", null, "Recent events"),
          events.length < (p.event_count || 0)
            ? h("p", { class: "muted small" }, "The " + events.length + " most recent of " + fmt(p.event_count) + ".") : null,
          h("div", { class: "table-wrap" }, eventsTable(events, { id: "actor-events" }))));
      if (offices.length || learned.length) {
        const draw = () => setKids(chart, officeChart(offices, learned, widthOf(chart)));
        draw();
        redrawOnResize(chart, () => { if (live()) draw(); });
      }
    }).catch((err) => {
      if (live()) setKids(page, h("h1", { tabindex: "-1" }, "Person " + id), errorBox("this person", err));
    });
  }

  function officeWhere(o) { return o.country || o.org || ""; }

  function officeList(offices) {
    if (!offices.length) return null;
    return h("ol", { class: "offices", id: "offices", "data-testid": "offices" },
      offices.map((o) => h("li", { "data-testid": "office" },
        h("span", { class: "period" }, (o.start || "?") + " → " + (o.end || "")),
        h("b", null, dash(o.role)), officeWhere(o) ? h("span", { class: "code" }, officeWhere(o)) : null,
        o.sector ? h("span", { class: "muted" }, " " + o.sector) : null,
        o.source ? h("span", { class: "src" }, o.source) : null,
        o.note ? h("span", { class: "muted small note" }, o.note) : null)));
  }

  function learnedTable(learned) {
    if (!learned.length) return h("p", { class: "muted", "data-testid": "learned-none" }, "Nothing learned from articles for this person.");
    const t = h("table", { class: "data", id: "learned", "data-testid": "learned" },
      h("thead", null, h("tr", null, ["Role", "Where", "Sector", "Since", "In the text", "Article"].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", null, learned.map((l) => h("tr", null,
        h("td", { "data-label": "Role" }, dash(l.role)),
        h("td", { "data-label": "Where" }, officeWhere(l) ? h("span", { class: "code" }, officeWhere(l)) : "—"),
        h("td", { "data-label": "Sector" }, dash(l.sector)),
        h("td", { "data-label": "Since" }, dash(l.since)),
        h("td", { "data-label": "In the text" }, l.evidence ? "“" + l.evidence + "”" : "—"),
        h("td", { "data-label": "Article" }, l.doc_id ? h("a", { href: docHash(l.doc_id), class: "mono" }, l.doc_id) : "—")))));
    return h("div", { class: "table-wrap" }, t);
  }

  function yearFrac(d) {
    const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(d || "");
    if (!m) return null;
    return +m[1] + ((+(m[2] || 1)) - 1) / 12 + ((+(m[3] || 1)) - 1) / 365;
  }

  function officeChart(offices, learned, width) {
    const now = new Date();
    const nowY = now.getFullYear() + now.getMonth() / 12;
    const rows = offices.map((o) => ({ label: dash(o.role) + (officeWhere(o) ? " · " + officeWhere(o) : ""),
      a: yearFrac(o.start), b: o.end ? yearFrac(o.end) : null, open: !o.end, kind: o.source || "office",
      tip: dash(o.role) + " " + officeWhere(o) + ": " + (o.start || "?") + " → " + (o.end || "open") + (o.note ? "\n" + o.note : "") }));
    for (const l of learned) {
      rows.push({ label: dash(l.role) + (officeWhere(l) ? " · " + officeWhere(l) : "") + " (learned)", a: yearFrac(l.since), b: null,
        open: true, kind: "learned", point: true, tip: "learned: " + dash(l.role) + " " + officeWhere(l) + " since " + dash(l.since) +
          (l.evidence ? "\n“" + l.evidence + "”" : "") });
    }
    const known = rows.flatMap((r) => [r.a, r.b]).filter((v) => v !== null);
    let lo = known.length ? Math.floor(Math.min(...known)) : Math.floor(nowY) - 5;
    let hi = Math.ceil(Math.max(nowY, ...known));
    if (hi - lo < 2) lo = hi - 2;
    const M = { left: 10, right: 14, top: 6, bottom: 24 };
    const rowH = 38;
    const W = width, H = M.top + rows.length * rowH + M.bottom;
    const x = (v) => M.left + (W - M.left - M.right) * (v - lo) / (hi - lo);
    const svg = s("svg", { width: W, height: H, viewBox: "0 0 " + W + " " + H, role: "img", class: "offices-svg",
      "aria-label": "Offices over time", "data-testid": "offices-svg" });
    const span = hi - lo;
    const step = span <= 8 ? 1 : span <= 20 ? 2 : span <= 50 ? 5 : 10;
    const minGap = 38;
    let lastX = -1e9;
    const grid = s("g", { class: "grid" });
    for (let y = Math.ceil(lo / step) * step; y <= hi; y += step) {
      const gx = x(y);
      grid.appendChild(s("line", { x1: gx, x2: gx, y1: M.top, y2: H - M.bottom }));
      if (gx - lastX >= minGap) {
        grid.appendChild(s("text", { x: gx, y: H - 8, class: "tick", "text-anchor": "middle" }, String(y)));
        lastX = gx;
      }
    }
    svg.appendChild(grid);
    svg.appendChild(s("line", { x1: x(nowY), x2: x(nowY), y1: M.top, y2: H - M.bottom, class: "now" }));
    rows.forEach((r, i) => {
      const top = M.top + i * rowH;
      const g = s("g", { class: "office-row " + r.kind });
      g.appendChild(s("title", null, r.tip));
      const a = r.a === null ? lo : r.a;
      const b = r.b === null ? nowY : r.b;
      const bx = x(a), bwid = Math.max(3, x(b) - x(a));
      if (r.point) {
        const px = x(a);
        g.appendChild(s("path", { d: "M" + px + " " + (top + 20) + " l7 7 l-7 7 l-7 -7 z", class: "learned-mark" }));
      } else {
        g.appendChild(s("rect", { x: bx, y: top + 20, width: bwid, height: 14, rx: 3, class: "office-bar" + (r.open ? " open" : "") +
          (r.a === null ? " nostart" : "") }));
      }
      const text = r.label + (r.open && !r.point ? " (to date)" : "");
      const est = text.length * 6.4;          // about 6.4px a character at 12px
      const lx = Math.max(M.left, Math.min(r.point ? x(a) - 7 : bx, W - M.right - est));
      g.appendChild(s("text", { x: lx, y: top + 14, class: "office-label" }, text));
      svg.appendChild(g);
    });
    return svg;
  }

  /* ------------------------------------------------------------------ network */

  function viewNetwork(main, live, query, key) {
    title("Network");
    const box = h("div", { id: "network", class: "chart network", "data-testid": "network" }, loading("Loading the network…"));
    const list = h("div", { id: "network-edges" });
    const filters = filterForm(query, (values) => go(hashFor(["network"], values)),
      { country: true, lang: false, formId: "network-filters", limitChoices: [100, 50, 25, 200], limitLabel: "Pairs" });
    append(main, [
      h("nav", { class: "crumbs", "aria-label": "Breadcrumb" }, h("a", { href: "#/" }, "Overview"), " / network"),
      h("h1", { tabindex: "-1" }, "Who deals with whom"),
      h("p", { class: "muted" }, "Countries and organisations; a line's width is the number of events between the two, its colour ",
        "the share of cooperation (green) against conflict (red). Click a line to open that pair."),
      h("section", { class: "card" }, filters.form, box),
      h("section", { class: "card" }, h("h2", null, "Pairs in the graph"), list),
    ]);
    const load = (q) => {
      filters.set(q);
      const p = filterParams(q);
      const limit = [25, 50, 100, 200].includes(+q.get("limit")) ? +q.get("limit") : 100;
      setKids(box, loading("Loading the network…"));
      api("network", { type: p.type, since: p.since, until: p.until, country: p.country, limit }).then((d) => {
        if (!live()) return;
        const draw = () => setKids(box, networkChart(d, widthOf(box), p.country));
        draw();
        redrawOnResize(box, () => { if (live()) draw(); });
        setKids(list, edgeTable(d.edges || []));
      }).catch((err) => {
        if (!live()) return;
        setKids(box, errorBox("the network", err));
        list.replaceChildren();
      });
    };
    load(query);
    currentView = { key, update: load };
  }

  function shareColour(coop, conflict) {
    const total = (coop || 0) + (conflict || 0);
    if (!total) return "hsl(220, 8%, 55%)";
    const share = coop / total;                // 0 red … 1 green
    const hue = Math.round(4 + share * 136);
    return "hsl(" + hue + ", 62%, " + (share > 0.35 && share < 0.65 ? 48 : 40) + "%)";
  }

  /** A deterministic force layout: nodes start on a circle, repel, edges pull. */
  function layout(nodes, edges, W, H) {
    const n = nodes.length;
    const pos = nodes.map((nd, i) => {
      const a = (2 * Math.PI * i) / Math.max(1, n);
      return { x: W / 2 + Math.cos(a) * W * 0.35, y: H / 2 + Math.sin(a) * H * 0.35, vx: 0, vy: 0 };
    });
    if (n <= 2) return pos;
    const idx = new Map(nodes.map((nd, i) => [nd.id, i]));
    const links = edges.map((e) => [idx.get(e.source), idx.get(e.target), e.events]).filter(([a, b]) => a !== undefined && b !== undefined);
    const k = Math.sqrt((W * H) / n) * 0.75;
    let temp = Math.min(W, H) / 8;
    const reach = 0.42 * Math.min(W, H);
    const gravity = (n * k * k) / (reach * reach);
    for (let it = 0; it < 350; it++) {
      const disp = pos.map(() => ({ x: 0, y: 0 }));
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          let dx = pos[i].x - pos[j].x, dy = pos[i].y - pos[j].y;
          let d2 = dx * dx + dy * dy;
          if (d2 < 0.01) { dx = 0.1 * (i - j); dy = 0.1; d2 = dx * dx + dy * dy; }
          const d = Math.sqrt(d2);
          const f = (k * k) / d;
          disp[i].x += (dx / d) * f; disp[i].y += (dy / d) * f;
          disp[j].x -= (dx / d) * f; disp[j].y -= (dy / d) * f;
        }
      }
      for (const [a, b, w] of links) {
        const dx = pos[a].x - pos[b].x, dy = pos[a].y - pos[b].y;
        const d = Math.max(0.01, Math.sqrt(dx * dx + dy * dy));
        const f = ((d * d) / k) * (1 + Math.log(1 + w) * 0.3);
        disp[a].x -= (dx / d) * f; disp[a].y -= (dy / d) * f;
        disp[b].x += (dx / d) * f; disp[b].y += (dy / d) * f;
      }
      for (let i = 0; i < n; i++) {
        // gravity keeps unconnected parts near the middle: n·k²/D of repulsion balances it at D
        disp[i].x += (W / 2 - pos[i].x) * gravity;
        disp[i].y += (H / 2 - pos[i].y) * gravity;
        const d = Math.sqrt(disp[i].x ** 2 + disp[i].y ** 2) || 1;
        pos[i].x += (disp[i].x / d) * Math.min(d, temp);
        pos[i].y += (disp[i].y / d) * Math.min(d, temp);
      }
      temp = Math.max(0.5, temp * 0.985);
    }
    return pos;
  }

  function networkChart(d, width, focus) {
    const nodes = d.nodes || [], edges = d.edges || [];
    if (!nodes.length) return h("p", { class: "muted empty" }, "No events match: nothing to draw.");
    const W = width, H = Math.round(Math.max(340, Math.min(620, width < 600 ? width * 1.15 : width * 0.62)));
    const pos = layout(nodes, edges, W, H);
    const maxN = Math.max(1, ...nodes.map((n) => n.events));
    const shrink = Math.min(1, Math.max(0.55, W / 900));
    const radius = (n) => (4 + 14 * Math.sqrt(n.events / maxN)) * shrink;
    // fit into the box
    const pad = 34;
    const xs = pos.map((p) => p.x), ys = pos.map((p) => p.y);
    const minX = Math.min(...xs), maxX = Math.max(...xs), minY = Math.min(...ys), maxY = Math.max(...ys);
    const sx = (W - 2 * pad) / Math.max(1, maxX - minX), sy = (H - 2 * pad) / Math.max(1, maxY - minY);
    const place = pos.map((p) => ({
      x: maxX - minX < 1 ? W / 2 : pad + (p.x - minX) * sx,
      y: maxY - minY < 1 ? H / 2 : pad + (p.y - minY) * sy,
    }));
    const at = new Map(nodes.map((n, i) => [n.id, place[i]]));
    const maxE = Math.max(1, ...edges.map((e) => e.events));
    const svg = s("svg", { width: W, height: H, viewBox: "0 0 " + W + " " + H, role: "group", class: "network-svg",
      "aria-label": "Network of " + nodes.length + " countries and organisations", "data-testid": "network-svg" });
    svg.appendChild(s("title", null, "Who deals with whom"));
    const eg = s("g", { class: "edges" });
    for (const e of edges) {
      const p = at.get(e.source), q = at.get(e.target);
      if (!p || !q) continue;
      const w = 1 + 8 * (e.events / maxE);
      const a = s("a", { href: pairHash(e.source, e.target), class: "edge", "data-testid": "network-edge",
        "data-pair": e.source + "-" + e.target, "aria-label": e.source + " – " + e.target + ": " + e.events + " events" },
      s("title", null, e.source + " – " + e.target + ": " + e.events + (e.events === 1 ? " event" : " events") +
          " (" + e.cooperation + " cooperation, " + e.conflict + " conflict" +
          (e.goldstein_mean !== null && e.goldstein_mean !== undefined ? ", mean Goldstein " + Number(e.goldstein_mean).toFixed(2) : "") + ")"),
      s("line", { x1: p.x, y1: p.y, x2: q.x, y2: q.y, class: "edge-line", stroke: shareColour(e.cooperation, e.conflict),
        "stroke-width": w.toFixed(1) }),
      s("line", { x1: p.x, y1: p.y, x2: q.x, y2: q.y, class: "edge-hit", "stroke-width": Math.max(12, w + 8) }));
      eg.appendChild(a);
    }
    svg.appendChild(eg);
    const ng = s("g", { class: "nodes" });
    nodes.forEach((n) => {
      const p = at.get(n.id);
      const r = radius(n);
      const org = isOrg(n.id);
      const g = s("a", { href: hashFor(["network"], { country: n.id }), class: "node" + (org ? " org" : "") + (focus === n.id ? " focus" : ""),
        "data-node": n.id, "aria-label": n.id + ": " + n.events + " events" },
      s("title", null, n.id + (org ? " (organisation)" : "") + ": " + n.events + " events in the graph — click for its partners"),
      org ? s("rect", { x: p.x - r, y: p.y - r, width: 2 * r, height: 2 * r, rx: 3 }) : s("circle", { cx: p.x, cy: p.y, r }),
      s("text", { x: p.x, y: p.y - r - 4, "text-anchor": "middle", class: "node-label" }, n.id));
      ng.appendChild(g);
    });
    svg.appendChild(ng);
    const legend = h("ul", { class: "legend" },
      h("li", null, s("svg", { width: 40, height: 10, "aria-hidden": "true" },
        s("line", { x1: 0, x2: 40, y1: 5, y2: 5, stroke: shareColour(1, 0), "stroke-width": 4 })), " all cooperation"),
      h("li", null, s("svg", { width: 40, height: 10, "aria-hidden": "true" },
        s("line", { x1: 0, x2: 40, y1: 5, y2: 5, stroke: shareColour(1, 1), "stroke-width": 4 })), " mixed"),
      h("li", null, s("svg", { width: 40, height: 10, "aria-hidden": "true" },
        s("line", { x1: 0, x2: 40, y1: 5, y2: 5, stroke: shareColour(0, 1), "stroke-width": 4 })), " all conflict"),
      h("li", null, s("svg", { width: 14, height: 14, "aria-hidden": "true" }, s("circle", { cx: 7, cy: 7, r: 6, class: "node-key" })), " country"),
      h("li", null, s("svg", { width: 14, height: 14, "aria-hidden": "true" }, s("rect", { x: 1, y: 1, width: 12, height: 12, rx: 2, class: "node-key org" })), " organisation"));
    return h("div", null, svg, legend);
  }

  function edgeTable(edges, all) {
    if (!edges.length) return h("p", { class: "muted" }, "No pairs.");
    const max = Math.max(1, ...edges.map((e) => e.events));
    const FIRST = 20;
    const shown = all ? edges : edges.slice(0, FIRST);
    const box = h("div", { class: "table-wrap" });
    const more = edges.length > shown.length ? h("button", { type: "button", class: "secondary", "data-testid": "network-more",
      onclick: () => box.replaceWith(edgeTable(edges, true)) }, "Show all " + edges.length + " pairs") : null;
    return append(box, [edgeRows(shown, max), more]);
  }

  function edgeRows(edges, max) {
    return h("table", { class: "data compact", id: "network-table", "data-testid": "network-table" },
      h("thead", null, h("tr", null, ["Pair", "Events", "Coop. / conflict", "Goldstein"].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", null, edges.map((e) => h("tr", null,
        h("td", { "data-label": "Pair", class: "c-pair" }, h("a", { href: pairHash(e.source, e.target) }, e.source + " – " + e.target)),
        h("td", { "data-label": "Events", class: "num c-events" }, fmt(e.events), h("span", { class: "unit" }, " events")),
        h("td", { "data-label": "Balance", class: "c-bal" }, coopBar(e.cooperation, e.conflict, e.events / max)),
        h("td", { "data-label": "Goldstein", class: "num c-gold" }, goldstein(e.goldstein_mean))))));
  }

  /* ------------------------------------------------------------------ not found */

  function viewNotFound(main) {
    title("Not found");
    append(main, [h("h1", { tabindex: "-1" }, "No such page"),
      h("p", null, "The address “" + location.hash + "” does not name a view. ", h("a", { href: "#/" }, "Back to the overview"), ".")]);
  }

  /* ------------------------------------------------------------------ start */

  let countriesReady = Promise.resolve();

  function start() {
    setupPickers();
    loadHealth();
    countriesReady = loadCountries();
    window.addEventListener("hashchange", route);
    route();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
