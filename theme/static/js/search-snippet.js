/* The passage of an action's text that best shows a search's match, for the line under each result
 * (theme/static/js/search.js). Apart from search.js because a first search does not need it: the
 * page fetches this file beside the results' texts, after the first results are on screen, so a
 * first search on a slow connection waits for fewer bytes (issue 23, item 10). Node loads it
 * (module.exports) for the tests, as it loads search.js.
 */
(function (root) {
  "use strict";

  /* The passage of `text` that best shows the match: the sentence with most matched terms, cut to
     about `limit` characters around the first match. Returns [{text, mark}] segments. */
  function snippet(index, text, terms, limit) {
    limit = limit || 240;
    var wanted = Object.create(null);
    terms.forEach(function (t) { wanted[t] = true; });
    var sentences = String(text).match(/[^.!?\n]+[.!?]*["'\u2019)]*/g) || [];
    var best = null;
    sentences.forEach(function (sentence, order) {
      var marks = [], seen = Object.create(null), word, re = /[^\s\-]+/g;
      while ((word = re.exec(sentence)) !== null) {
        var stems = index.pipeline.runString(word[0].toLowerCase());
        for (var i = 0; i < stems.length; i++) {
          if (wanted[stems[i]]) {
            // Mark the word, not the punctuation around it ("stalking." marks "stalking").
            var lead = word[0].length - word[0].replace(/^\W+/, "").length;
            var tail = word[0].length - word[0].replace(/\W+$/, "").length;
            marks.push([word.index + lead, word.index + Math.max(lead, word[0].length - tail)]);
            seen[stems[i]] = true;
            break;
          }
        }
      }
      var distinct = Object.keys(seen).length;
      if (!best || distinct > best.distinct) best = { sentence: sentence, marks: marks, distinct: distinct, order: order };
    });
    if (!best) return [];
    var s = best.sentence.trim(), offset = best.sentence.indexOf(s);
    var marks = best.marks.map(function (m) { return [m[0] - offset, m[1] - offset]; });
    var start = 0, end = s.length;
    if (s.length > limit) {
      var first = marks.length ? marks[0][0] : 0;
      start = Math.max(0, first - Math.floor(limit / 3));
      if (start > 0) start = s.indexOf(" ", start) + 1 || start;
      end = Math.min(s.length, start + limit);
      if (end < s.length) { var space = s.lastIndexOf(" ", end); if (space > start) end = space; }
    }
    var segments = [], at = start;
    if (start > 0) segments.push({ text: "… ", mark: false });
    marks.forEach(function (m) {
      if (m[0] < at || m[1] > end) return;
      if (m[0] > at) segments.push({ text: s.slice(at, m[0]), mark: false });
      segments.push({ text: s.slice(m[0], m[1]), mark: true });
      at = m[1];
    });
    if (at < end) segments.push({ text: s.slice(at, end), mark: false });
    if (end < s.length) segments.push({ text: " …", mark: false });
    return segments;
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = snippet;
  } else {
    root.ActionPlanSnippet = snippet;
  }
})(typeof window !== "undefined" ? window : globalThis);
