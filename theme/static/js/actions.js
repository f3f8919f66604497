/* The all-actions page's filters, in place (several values per facet: an action shows when it has
 * any of a facet's chosen values, and so for every facet chosen): theme/templates/actions.html lists every action with
 * its "facet:value" tokens (data-filter) and the filters as links to pre-rendered pages
 * (actions/topic/stalking/), which is all a reader without JavaScript needs. Here a click on a
 * filter applies it to the full list instead, combined with the others, and the address keeps the
 * state (actions/?topic=stalking&deadline=2026), so Back, reload and shared links work.
 *
 * On a pre-rendered page (one filter, a partial list) a click goes to the full list with both
 * filters. The CSV of a combination is cut, in the browser, from the pre-rendered CSV of one of
 * its filters: the same columns as data/actions.csv.
 */
(function () {
  "use strict";

  var FACETS = ["pillar", "topic", "organisation", "deadline", "money", "status", "progress", "schedule"];

  /* The facet values chosen, as {topic: ["stalking", "spiking"]}, from ?topic=stalking&topic=spiking
   * (or ?topic=stalking,spiking); unknown keys and empty values are ignored, repeats kept once. */
  function stateFrom(search) {
    var params = new URLSearchParams(search), state = {};
    FACETS.forEach(function (facet) {
      var values = [];
      params.getAll(facet).forEach(function (raw) {
        raw.split(",").forEach(function (value) {
          if (value && values.indexOf(value) < 0) values.push(value);
        });
      });
      if (values.length) state[facet] = values;
    });
    return state;
  }

  function queryOf(state) {
    var params = new URLSearchParams();
    FACETS.forEach(function (facet) {
      (state[facet] || []).forEach(function (value) { params.append(facet, value); });
    });
    var query = params.toString();
    return query ? "?" + query : "";
  }

  /* OR within a facet, AND across facets; `except` leaves one facet out. */
  function matches(tokens, state, except) {
    for (var i = 0; i < FACETS.length; i++) {
      var facet = FACETS[i], values = state[facet];
      if (facet === except || !values || !values.length) continue;
      var any = values.some(function (value) { return tokens.indexOf(facet + ":" + value) >= 0; });
      if (!any) return false;
    }
    return true;
  }

  /* The state with `value` of `facet` added, or taken away if it was chosen. */
  function toggled(state, facet, value) {
    var next = {};
    FACETS.forEach(function (f) { if (state[f]) next[f] = state[f].slice(); });
    var values = next[facet] || [];
    var at = values.indexOf(value);
    if (at >= 0) values.splice(at, 1); else values.push(value);
    if (values.length) next[facet] = values; else delete next[facet];
    return next;
  }

  /* RFC 4180 records of a CSV text, each with its raw text, so that kept rows stay byte for byte. */
  function csvRecords(text) {
    var records = [], start = 0, quoted = false;
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      if (c === "\"") quoted = !quoted;
      else if (!quoted && c === "\r" && text.charAt(i + 1) === "\n") {
        records.push(text.slice(start, i));
        start = i + 2;
        i += 1;
      }
    }
    if (start < text.length) records.push(text.slice(start));
    return records;
  }

  function firstCell(record) {
    var m = /^("(?:[^"]|"")*"|[^,]*)/.exec(record);
    var cell = m ? m[1] : "";
    return cell.charAt(0) === "\"" ? cell.slice(1, -1).replace(/""/g, "\"") : cell;
  }

  /* The CSV text restricted to the rows whose first cell (the id) is in `ids`. */
  function csvSubset(text, ids) {
    var bom = text.charAt(0) === "\ufeff" ? "\ufeff" : "";
    var records = csvRecords(bom ? text.slice(1) : text);
    var kept = records.slice(0, 1).concat(records.slice(1).filter(function (r) { return ids[firstCell(r)]; }));
    return bom + kept.join("\r\n") + "\r\n";
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = { stateFrom: stateFrom, queryOf: queryOf, matches: matches, toggled: toggled, csvSubset: csvSubset };
    return;
  }

  var box = document.getElementById("action-filters");
  var groups = document.getElementById("action-groups");
  if (!box || !groups || !window.URLSearchParams) return;
  var siteUrl = box.getAttribute("data-site-url");
  var total = Number(box.getAttribute("data-total"));
  var complete = groups.hasAttribute("data-complete");
  var listUrl = siteUrl + "actions/";
  var statusEl = document.getElementById("action-filters-status");
  var appliedEl = document.getElementById("action-filters-applied");
  var csvLink = document.getElementById("action-filters-csv");
  var emptyEl = document.getElementById("action-filters-empty");
  var contentsEl = document.getElementById("action-contents");
  var leadEl = document.getElementById("action-filters-lead");
  var noteEl = document.getElementById("action-filters-note");
  var downloadEl = document.getElementById("action-filters-download");
  // The note says how filters work here, with JavaScript on: several at once.
  if (noteEl) noteEl.textContent = "Choose as many as you like: within one kind, actions with any of them; " +
    "across kinds, actions with all of them.";
  var items = Array.prototype.slice.call(groups.querySelectorAll("[data-filter]"));
  var links = Array.prototype.slice.call(box.querySelectorAll("a[data-filter]"));
  var labels = {}, pages = {};
  links.forEach(function (link) {
    var token = link.getAttribute("data-filter");
    labels[token] = link.getAttribute("data-name");
    pages[token] = link.getAttribute("href");
  });
  var downloadUrl = null; // the blob URL of the last CSV made here, released when a new one is made

  if (!complete) {
    // A pre-rendered page: its own filter plus the one clicked, on the full list.
    var own = box.getAttribute("data-selected").split(":"), ownState = {};
    ownState[own[0]] = [own[1]];
    links.forEach(function (link) {
      var token = link.getAttribute("data-filter").split(":");
      link.href = listUrl + queryOf(toggled(ownState, token[0], token[1]));
    });
    return;
  }

  function apply(state) {
    var shown = 0, ids = {};
    items.forEach(function (item) {
      var visible = matches(item.getAttribute("data-filter").split(" "), state);
      item.hidden = !visible;
      if (visible) { shown += 1; ids[item.querySelector(".action-id").textContent] = true; }
    });
    // Commitments and pillars with nothing left disappear, with their line in the contents.
    Array.prototype.slice.call(groups.querySelectorAll("[data-group]")).reverse().forEach(function (group) {
      var empty = !group.querySelector("[data-filter]:not([hidden])");
      group.hidden = empty;
      var entry = document.querySelector("[data-group-link='" + group.getAttribute("data-group") + "']");
      if (entry) entry.hidden = empty;
    });
    var applied = FACETS.filter(function (facet) { return state[facet]; });
    var chosenCount = applied.reduce(function (n, facet) { return n + state[facet].length; }, 0);
    // One empty state: the status says 0, the list and its contents go, the download goes (a file
    // of no action helps no one) and one message says so with the way back.
    emptyEl.hidden = shown > 0;
    contentsEl.hidden = shown === 0;
    if (downloadEl) downloadEl.hidden = shown === 0;
    if (leadEl) leadEl.hidden = applied.length > 0;
    // Each value: how many actions have it under the other facets' filters; none is said so.
    links.forEach(function (link) {
      var token = link.getAttribute("data-filter"), facet = token.split(":")[0], value = token.split(":")[1];
      var n = items.filter(function (item) {
        var tokens = item.getAttribute("data-filter").split(" ");
        return tokens.indexOf(token) >= 0 && matches(tokens, state, facet);
      }).length;
      link.querySelector(".action-filters__count").textContent = "(" + n + ")";
      link.classList.toggle("action-filters__link--none", n === 0);
      var chosen = (state[facet] || []).indexOf(value) >= 0;
      if (chosen) link.setAttribute("aria-current", "true"); else link.removeAttribute("aria-current");
      link.href = listUrl + queryOf(toggled(state, facet, value));
    });
    statusEl.textContent = applied.length ? shown + " of " + total + " actions" : "";
    appliedEl.textContent = "";
    applied.forEach(function (facet) {
      state[facet].forEach(function (value) {
        var rest = toggled(state, facet, value);
        var li = document.createElement("li"), a = document.createElement("a");
        a.className = "action-filters__remove";
        a.href = listUrl + queryOf(rest);
        a.textContent = "Remove filter: " + (labels[facet + ":" + value] || facet + ": " + value);
        a.setAttribute("data-state", queryOf(rest));
        li.appendChild(a);
        appliedEl.appendChild(li);
      });
    });
    csvLink.textContent = "Download " +
      (!applied.length ? "all " + total + " actions" : shown === 1 ? "this action" : "these " + shown + " actions") + " as CSV";
    csvLink.setAttribute("data-ids", Object.keys(ids).join(" "));
    // One value: its pre-rendered CSV. More: cut from the whole plan's CSV (the same columns).
    var only = chosenCount === 1 ? pages[applied[0] + ":" + state[applied[0]][0]] : null;
    csvLink.href = only ? only + "actions.csv" : siteUrl + "data/actions.csv";
    csvLink.setAttribute("data-combined", chosenCount > 1 ? "true" : "false");
    csvLink.download = "actions" + applied.map(function (f) { return "-" + f + "-" + state[f].join("-"); }).join("") + ".csv";
    briefing(ids, shown);
  }

  /* The briefing pack link: the ticked actions where any are ticked, else the list as filtered. */
  var briefingEl = document.getElementById("action-filters-briefing");
  var briefingLink = document.getElementById("action-filters-briefing-link");
  var lastShown = { ids: {}, n: 0 };
  function briefing(ids, shown) {
    lastShown = { ids: ids, n: shown };
    if (!briefingLink) return;
    var ticked = items.filter(function (item) {
      var box = item.querySelector(".action-tick__box");
      return box && box.checked && !item.hidden;
    }).map(function (item) { return item.querySelector(".action-id").textContent; });
    var chosen = ticked.length ? ticked : Object.keys(ids);
    briefingEl.hidden = chosen.length === 0;
    briefingLink.href = siteUrl + "briefing/?ids=" + chosen.join(",");
    briefingLink.textContent = "Open " + (ticked.length ? (ticked.length === 1 ? "the ticked action" : "the " + ticked.length + " ticked actions") :
      chosen.length === total ? "all " + total + " actions" : chosen.length === 1 ? "this action" : "these " + chosen.length + " actions") +
      " as a briefing pack";
  }
  // A box to tick beside each action, to choose a briefing pack by hand.
  items.forEach(function (item) {
    var id = item.querySelector(".action-id").textContent;
    var label = document.createElement("label"), input = document.createElement("input");
    label.className = "action-tick";
    input.type = "checkbox";
    input.className = "action-tick__box";
    input.addEventListener("change", function () { briefing(lastShown.ids, lastShown.n); });
    label.appendChild(input);
    label.appendChild(document.createTextNode(" Add " + id + " to a briefing pack"));
    item.appendChild(label);
  });

  function go(state) {
    history.pushState(null, "", listUrl + queryOf(state));
    apply(state);
  }

  box.addEventListener("click", function (event) {
    var link = event.target.closest("a");
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    if (link.hasAttribute("data-filter") || link.classList.contains("action-filters__remove")) {
      event.preventDefault();
      go(stateFrom(new URL(link.href).search));
    } else if (link === csvLink && link.getAttribute("data-combined") === "true") {
      // No file holds this combination: cut it from the whole plan's CSV.
      event.preventDefault();
      var ids = {};
      link.getAttribute("data-ids").split(" ").forEach(function (id) { ids[id] = true; });
      fetch(link.href, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      }).then(function (text) {
        if (downloadUrl) URL.revokeObjectURL(downloadUrl);
        downloadUrl = URL.createObjectURL(new Blob([csvSubset(text, ids)], { type: "text/csv;charset=utf-8" }));
        var a = document.createElement("a");
        a.href = downloadUrl;
        a.download = link.download;
        document.body.appendChild(a);
        a.click();
        a.remove();
      }).catch(function () {
        statusEl.textContent = "The CSV could not be made; the link downloads every action instead.";
      });
    }
  });
  window.addEventListener("popstate", function () { apply(stateFrom(location.search)); });
  apply(stateFrom(location.search));
})();
