/* Inlined into the search page's <head> (search.html; its hash is in the page's CSP): starts the
   search files downloading while the page is still arriving, before lunr.js and search.js have.
   Always the two heads; with a query in the address, also the index's shards its words most
   likely need (by the shards' first terms, on the tag) and, once those arrive, the store's runs of
   rows of the actions they hold, so that on a slow connection results wait for one round of
   requests, not three in turn (issue 23, item 10). search.js takes each promise from
   window.searchEarly by URL (its fetchJSON), so nothing is downloaded twice; a guess that misses
   costs a small file, and search.js fetches what it needs as it always does. */
(function () {
  "use strict";
  var tag = document.currentScript, early = Object.create(null);
  if (!tag || !window.fetch || !window.Promise) return;
  var s = tag.dataset;
  window.searchEarly = early;

  function get(url) {
    if (!early[url]) {
      early[url] = fetch(url, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) throw new Error(url + ": HTTP " + response.status);
        return response.json();
      });
      early[url].catch(function () {}); // search.js reports a failure when it asks for the file
    }
    return early[url];
  }

  get(s.headUrl);
  var rowsHead = get(s.rowsHeadUrl);
  var query = new URLSearchParams(location.search).get("q") || "";
  // An action number needs no shard; Lunr syntax and long queries are left to search.js.
  if (/^\s*(action\s*)?\d/i.test(query) || /[:*~^+]/.test(query)) return;
  // A word's shard also holds the plain-language phrases that start with it (pack.py,
  // split_vocabulary); the small words (lunr's stop words, on the tag) have no shard to fetch.
  var stop = (s.stopWords || "").split(" ");
  var words = (query.toLowerCase().match(/[a-z]{2,}/g) || []).filter(function (word) {
    return stop.indexOf(word) < 0;
  }).slice(0, 5);
  var starts = JSON.parse(s.shardStarts);

  function shardOf(term) {
    var n = 0;
    while (n + 1 < starts.length && starts[n + 1] <= term) n++;
    return n;
  }

  // A word's term is its stem, which starts with the word less its last letters ("spiking" ->
  // "spike"): the shards from that beginning's to the word's hold it.
  var wanted = [];
  words.forEach(function (word) {
    var stem = word.slice(0, Math.max(3, word.length - 3));
    for (var n = shardOf(stem); n <= Math.min(shardOf(word), shardOf(stem) + 1); n++) {
      wanted.push({ n: n, stem: stem });
    }
  });
  if (!wanted.length) return;
  var MAX_RUNS = 6; // a common word's actions are in most runs: search.js fetches those itself
  Promise.all(wanted.map(function (w) {
    return get(s.shardsUrl + w.n + ".json?v=" + s.headVersion).then(function (shard) {
      var docs = [];
      shard.terms.forEach(function (term, i) {
        // A word of two letters ("ex") is its own term; as a start it would hold half the plan.
        if (w.stem.length < 3 ? term !== w.stem : term.lastIndexOf(w.stem, 0) !== 0) return;
        shard.postings[i].forEach(function (row) {
          for (var j = 0, d = -1; j < row.length; j++) if (row[j] > 0) { d += row[j]; docs.push(d); }
        });
      });
      return docs;
    });
  }).concat([rowsHead])).then(function (parts) {
    // The runs of rows follow the index's refs in order, each as long as the rows head says.
    var lengths = parts.pop().runs, runOf = [], wantedRuns = Object.create(null);
    lengths.forEach(function (length, run) { for (var i = 0; i < length; i++) runOf.push(run); });
    [].concat.apply([], parts).forEach(function (d) { if (d < runOf.length) wantedRuns[runOf[d]] = true; });
    var list = Object.keys(wantedRuns);
    if (list.length <= MAX_RUNS) list.forEach(function (run) { get(s.rowsUrl + run + ".json?v=" + s.rowsVersion); });
  }).catch(function () {});
})();
