/* The briefing pack (theme/templates/briefing.html): the actions the address names
 * (briefing/?ids=12e,13c, in the plan's order) on one page, each with its words, standing, dates,
 * money, who delivers it, progress with sources, citation and permanent link, and the dates the
 * facts were read; then the same page as an HTML file to download. Everything comes from the
 * site's own files (actions/<id>.json and the words in the page's data-briefing): no request
 * leaves the site, and nothing is stored. Text is set as text, never as HTML.
 */
(function () {
  "use strict";

  /* The ids asked for, known to the plan, once each, in the plan's order. */
  function idsFrom(search, known) {
    var wanted = {};
    new URLSearchParams(search).getAll("ids").forEach(function (raw) {
      raw.split(/[\s,]+/).forEach(function (id) { if (id) wanted[id.toLowerCase()] = true; });
    });
    return known.filter(function (id) { return wanted[id]; });
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = { idsFrom: idsFrom };
    return;
  }

  var pack = document.getElementById("briefing-pack");
  if (!pack || !window.fetch || !window.URLSearchParams) return;
  var data = JSON.parse(pack.getAttribute("data-briefing"));
  // Every label, from its one place (plugins/core/labels.py), in the same data.
  var labels = data.labels, facts = labels.facts;
  var statusEl = document.getElementById("briefing-status");
  var tools = document.getElementById("briefing-tools");
  var download = document.getElementById("briefing-download");
  document.getElementById("briefing-needs-js").hidden = true;
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];

  function longDate(iso) {
    var p = String(iso).split("-").map(Number);
    if (p.length === 1) return String(p[0]);
    if (p.length === 2) return MONTHS[p[1] - 1] + " " + p[0];
    return p[2] + " " + MONTHS[p[1] - 1] + " " + p[0];
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) {
      if (c === null || c === undefined || c === "") return;
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }

  function absolute(url) { return new URL(data.site + url, location.href).href; }

  function fact(dl, key, values) {
    dl.appendChild(el("dt", {}, [key]));
    values.forEach(function (v) { dl.appendChild(el("dd", {}, [v])); });
  }

  function citation(a, url) {
    var d = data.document, pages = a.pages || [];
    var range = pages.length ? (pages[0] === pages[pages.length - 1] ? ", page " + pages[0] : ", pages " + pages[0] + "–" + pages[pages.length - 1]) : "";
    return (d.publisher ? d.publisher + " (" + String(d.date).slice(-4) + "). " : "") + d.title +
      (d.volume ? ", " + d.volume : "") + (d.subtitle ? ": " + d.subtitle : "") + ", " + d.date + ". Action " + a.id +
      (a.flags.indexOf("opening-lost") >= 0 ? " (its opening words are missing in the source)" : "") +
      ": “" + a.title_words + "”" + range + ". Published at " + d.source + ". Read on this site at " + url;
  }

  function item(a) {
    var url = absolute(a.url), f = a.facts;
    var section = el("section", { "class": "briefing__item", "aria-labelledby": "briefing-" + a.id, id: "action-" + a.id });
    section.appendChild(el("h2", { "class": "heading-m", id: "briefing-" + a.id }, ["Action " + a.id + ": " + a.title]));
    var dl = el("dl", { "class": "briefing__facts" });
    var standing = f.standing || {};
    fact(dl, facts.standing_at_publication, [(labels.standing[standing.id] ? labels.standing[standing.id].label : standing.id || "Not recorded") +
      (standing.words ? ": “" + standing.words + "”" : "")]);
    var dates = (f.deadlines || []).map(function (d) { return d.text + (d.kind === "past" ? " (already past when the plan was published)" : ""); });
    fact(dl, facts.dates, dates.length ? dates : [facts.no_dates]);
    var money = (f.money || []).map(function (m) { return m.text + (m.kind === "context" ? " (a background figure, not funding for this action)" : ""); });
    fact(dl, facts.money, money.length ? money : [facts.no_money]);
    // Who delivers it, told apart from who is only mentioned in the site's model, not here.
    var doers = data.delivers[a.id] || [];
    fact(dl, facts.delivers, doers.length ? doers : [facts.nobody_delivers]);
    var p = a.progress || {};
    var progress = [(labels.status[p.status] || p.status || "Nothing recorded") + " (recorded up to " + longDate(data.reviewed_up_to) + ")"];
    (p.updates || []).forEach(function (u) {
      var source = u.source || {};
      var line = el("span", {}, [longDate(u.date) + ": " + u.text + " Source: "]);
      line.appendChild(source.url ? el("a", { href: source.url, "class": "briefing__source", rel: "external" }, [source.title || source.url]) : document.createTextNode(source.title || "not given"));
      progress.push(line);
    });
    fact(dl, facts.progress, progress);
    section.appendChild(dl);
    var words = el("div", { "class": "briefing__words" });
    words.appendChild(el("h3", { "class": "heading-s" }, ["The plan's words"]));
    if (a.flags.indexOf("opening-lost") >= 0) words.appendChild(el("p", {}, ["[The opening words of this action are missing from the copy of the plan this site is built from.]"]));
    (a.paragraphs || []).forEach(function (t) { words.appendChild(el("p", {}, [t])); });
    if (a.subitems && a.subitems.length) {
      words.appendChild(el("ol", { type: "i" }, a.subitems.map(function (s) { return el("li", {}, [s.text]); })));
    }
    (a.footnotes || []).forEach(function (n) { words.appendChild(el("p", { "class": "briefing__citation" }, ["Note: " + n.text])); });
    section.appendChild(words);
    section.appendChild(el("p", { "class": "briefing__citation" }, ["Cite: " + citation(a, url)]));
    section.appendChild(el("p", { "class": "briefing__citation" }, ["Permanent link: ", el("a", { href: url, "class": "briefing__source" }, [url])]));
    return section;
  }

  function header(n) {
    var d = data.document, today = new Date();
    var made = today.getDate() + " " + MONTHS[today.getMonth()] + " " + today.getFullYear();
    return el("div", { "class": "briefing__header" }, [
      el("p", { "class": "lead" }, [n + (n === 1 ? " action" : " actions") + " of " + d.title +
        (d.subtitle ? ": " + d.subtitle : "") + ", the UK Government action plan of " + d.date + "."]),
      el("p", {}, ["Facts as this site read them on " + longDate(data.as_of) + "; progress recorded up to " +
        longDate(data.reviewed_up_to) + "; this pack made on " + made + ". An independent, unofficial copy of the plan, " +
        "not a government publication. Contains public sector information licensed under the Open Government Licence v3.0."]),
      el("p", {}, ["This pack: ", el("a", { href: location.href }, [location.href])])
    ]);
  }

  var ids = idsFrom(location.search, data.ids);
  if (!ids.length) {
    statusEl.textContent = "No action chosen yet.";
    return;
  }
  document.getElementById("briefing-intro").hidden = true;
  statusEl.textContent = "Putting together " + ids.length + (ids.length === 1 ? " action…" : " actions…");
  Promise.all(ids.map(function (id) {
    return fetch(data.site + "actions/" + id + ".json", { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error(id);
      return r.json();
    });
  })).then(function (actions) {
    pack.appendChild(header(actions.length));
    actions.forEach(function (a) { pack.appendChild(item(a)); });
    document.title = "Briefing pack: " + actions.length + (actions.length === 1 ? " action" : " actions") + " – " + document.title.split(" – ").pop();
    statusEl.textContent = "Briefing pack of " + actions.length + (actions.length === 1 ? " action" : " actions") + " ready.";
    tools.hidden = false;
    var css = Array.prototype.map.call(document.styleSheets, function (sheet) {
      try { return Array.prototype.map.call(sheet.cssRules, function (r) { return r.cssText; }).join("\n"); } catch (e) { return ""; }
    }).join("\n");
    var html = "<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>" +
      document.title.replace(/</g, "&lt;") + "</title><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
      "<style>" + css + "</style></head><body><main class=\"width-container main\"><h1 class=\"heading-xl\">Briefing pack</h1>" +
      pack.outerHTML.replace(/ data-briefing="[^"]*"/, "") + "</main></body></html>";
    download.href = URL.createObjectURL(new Blob([html], { type: "text/html;charset=utf-8" }));
    download.download = "briefing-pack-" + ids.slice(0, 6).join("-") + (ids.length > 6 ? "-and-" + (ids.length - 6) + "-more" : "") + ".html";
  }).catch(function (error) {
    statusEl.textContent = "The pack could not be put together (action " + error.message + " did not load). Try again, or open the actions one by one.";
  });
  document.getElementById("briefing-print").addEventListener("click", function () { window.print(); });
})();
