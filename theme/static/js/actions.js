/* The all-actions page's filters, in place: theme/templates/actions.html lists every action with
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

  /* The facet values chosen, as {topic: "stalking"}; unknown keys and empty values are ignored. */
  function stateFrom(search) {
    var params = new URLSearchParams(search), state = {};
    FACETS.forEach(function (facet) {
      var value = params.get(facet);
      if (value) state[facet] = value;
    });
    return state;
  }

  function queryOf(state) {
    var params = new URLSearchParams();
    FACETS.forEach(function (facet) { if (state[facet]) params.set(facet, state[facet]); });
    var query = params.toString();
    return query ? "?" + query : "";
  }

  function matches(tokens, state, except) {
    for (var i = 0; i < FACETS.length; i++) {
      var facet = FACETS[i];
      if (facet !== except && state[facet] && tokens.indexOf(facet + ":" + state[facet]) < 0) return false;
    }
    return true;
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
    module.exports = { stateFrom: stateFrom, queryOf: queryOf, matches: matches, csvSubset: csvSubset };
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
    var own = box.getAttribute("data-selected").split(":");
    links.forEach(function (link) {
      var token = link.getAttribute("data-filter").split(":"), state = {};
      state[own[0]] = own[1];
      state[token[0]] = token[1];
      if (token[0] === own[0] && token[1] === own[1]) delete state[own[0]];
      link.href = listUrl + queryOf(state);
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
    emptyEl.hidden = shown > 0;
    contentsEl.hidden = shown === 0;
    // Each link: how many actions it would leave, with the other filters as they are.
    links.forEach(function (link) {
      var token = link.getAttribute("data-filter"), facet = token.split(":")[0], value = token.split(":")[1];
      var next = Object.assign({}, state);
      next[facet] = value;
      var n = items.filter(function (item) { return matches(item.getAttribute("data-filter").split(" "), next); }).length;
      link.querySelector(".action-filters__count").textContent = "(" + n + ")";
      var chosen = state[facet] === value;
      if (chosen) link.setAttribute("aria-current", "true"); else link.removeAttribute("aria-current");
      var target = Object.assign({}, state);
      if (chosen) delete target[facet]; else target[facet] = value;
      link.href = listUrl + queryOf(target);
    });
    var applied = FACETS.filter(function (facet) { return state[facet]; });
    statusEl.textContent = applied.length ? shown + " of " + total + " actions" : "";
    appliedEl.textContent = "";
    applied.forEach(function (facet) {
      var rest = Object.assign({}, state);
      delete rest[facet];
      var li = document.createElement("li"), a = document.createElement("a");
      a.className = "action-filters__remove";
      a.href = listUrl + queryOf(rest);
      a.textContent = "Remove filter: " + (labels[facet + ":" + state[facet]] || facet + ": " + state[facet]);
      a.setAttribute("data-state", queryOf(rest));
      li.appendChild(a);
      appliedEl.appendChild(li);
    });
    csvLink.textContent = "Download " +
      (!applied.length ? "all " + total + " actions" : shown === 1 ? "this action" : "these " + shown + " actions") + " as CSV";
    csvLink.setAttribute("data-ids", Object.keys(ids).join(" "));
    var first = applied.length ? pages[applied[0] + ":" + state[applied[0]]] : null;
    csvLink.href = first ? first + "actions.csv" : siteUrl + "data/actions.csv";
    csvLink.setAttribute("data-combined", applied.length > 1 ? "true" : "false");
    csvLink.download = "actions" + applied.map(function (f) { return "-" + f + "-" + state[f]; }).join("") + ".csv";
  }

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
      // No file holds this combination: cut it from the CSV of the first filter.
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
        statusEl.textContent = "The CSV could not be made; the link downloads the first filter's actions instead.";
      });
    }
  });
  window.addEventListener("popstate", function () { apply(stateFrom(location.search)); });
  apply(stateFrom(location.search));
})();
