/* Search for the action plan, in the browser: nothing typed here leaves it.
 *
 * The index is built at site build time by plugins/search_index (lunr.py) and packed; this file
 * unpacks it for lunr.js 2.3.9, runs queries (action numbers, plain words, Lunr syntax, a fuzzy
 * fallback for typos) and shows results built with textContent only, never as HTML.
 *
 * The first half has no DOM: Node loads it (module.exports) for the parity tests, so the tests
 * run the very functions the page runs. The second half starts the page, in a browser only.
 */
(function (root) {
  "use strict";

  // --- Text pipeline: must do exactly what plugins/search_index/pipeline.py does ---------------

  var APOSTROPHES = /[\u2018\u2019\u02bc\u2032`]/g;
  var INNER_BREAK = /[\/\u2013\u2014]+/;

  function trim(s) {
    return s.replace(/^\W+/, "").replace(/\W+$/, "");
  }

  /* normaliseToken: "Clare’s" (as printed) and "Clare's" (as typed) both become "clare";
     "victims/survivors" becomes two words; a token of punctuation only disappears. */
  function normaliseWord(word) {
    var parts = word.replace(APOSTROPHES, "'").split(INNER_BREAK);
    var words = [];
    for (var i = 0; i < parts.length; i++) {
      var part = trim(trim(parts[i]).replace(/'s$/, ""));
      if (part) words.push(part);
    }
    return words;
  }

  function normaliseToken(token) {
    var words = normaliseWord(token.toString());
    if (!words.length) return undefined;
    if (words.length === 1) {
      return token.update(function () { return words[0]; });
    }
    return words.map(function (w) {
      return token.clone(function () { return w; });
    });
  }

  /* Called once lunr is loaded: the index's pipeline names this function. */
  function prepareLunr(lunr) {
    if (!lunr.Pipeline.registeredFunctions.normaliseToken) {
      lunr.Pipeline.registerFunction(normaliseToken, "normaliseToken");
    }
    return lunr;
  }

  // --- The packed index -----------------------------------------------------------------------

  /* Expand plugins/search_index/pack.py's packed index: each term's posting and each field
     vector, with every score recomputed by lunr.Builder's own BM25 formula and rounding. Two
     passes straight over the packed rows, so that nothing is allocated but what lunr keeps. */
  function expandIndex(packed, everyField) {
    var fields = packed.fields, refs = packed.refs, terms = packed.terms, postingRows = packed.postings;
    var n = refs.length, k1 = packed.k1, b = packed.b;
    var f, d, i, row, term, value;

    // Pass 1: in how many field-documents each term occurs (lunr's idf counts fields), and lengths.
    var documentFrequency = new Array(terms.length);
    for (i = 0; i < terms.length; i++) documentFrequency[i] = 0;
    var lengths = [], averages = [];
    for (f = 0; f < fields.length; f++) {
      var fieldLengths = new Array(n), total = 0;
      for (d = 0; d < n; d++) {
        row = postingRows[f][d];
        var length = 0;
        term = -1;
        for (i = 0; i < row.length; i++) {
          value = row[i];
          if (value > 0) { term += value; documentFrequency[term] += 1; length += 1; } else { length += -value - 1; }
        }
        fieldLengths[d] = length;
        total += length;
      }
      lengths.push(fieldLengths);
      averages.push(total / n);
    }
    var idf = new Array(terms.length);
    for (i = 0; i < terms.length; i++) {
      idf[i] = Math.log(1 + Math.abs((n - documentFrequency[i] + 0.5) / (documentFrequency[i] + 0.5)));
    }

    // lunr only reads postings, so every empty field and every (empty) match metadata can be one
    // shared frozen object; for the page, a term's empty fields are not even its own properties
    // but inherited (`everyField` false), which saves most of the allocation on a first search.
    var NONE = Object.freeze({});
    var EMPTY = Object.create(null);
    for (f = 0; f < fields.length; f++) EMPTY[fields[f]] = NONE;
    var postings = new Array(terms.length);
    for (i = 0; i < terms.length; i++) {
      var posting;
      if (everyField) {
        posting = { _index: i };
        for (f = 0; f < fields.length; f++) posting[fields[f]] = NONE;
      } else {
        posting = Object.create(EMPTY);
        posting._index = i;
      }
      postings[i] = posting;
    }

    // Pass 2: the field vectors, and the postings they imply.
    var vectors = [];
    for (f = 0; f < fields.length; f++) {
      var field = fields[f], boost = packed.boosts[f], average = averages[f];
      for (d = 0; d < n; d++) {
        row = postingRows[f][d];
        var elements = [], norm = k1 * (1 - b + b * (lengths[f][d] / average));
        term = -1;
        for (i = 0; i < row.length; i++) {
          value = row[i];
          if (value <= 0) continue;
          term += value;
          var next = row[i + 1], tf = next !== undefined && next < 0 ? -next : 1;
          var score = idf[term] * ((k1 + 1) * tf) / (norm + tf);
          score *= boost;
          elements.push(term, Math.round(score * 1000) / 1000);
          var entry = postings[term];
          if (entry[field] === NONE) entry[field] = Object.create(null);
          entry[field][refs[d]] = NONE;
        }
        // lunr reads a field's vector only for the documents a term matched in it, so the page
        // leaves out the empty ones (most documents name no law, for instance).
        if (everyField || elements.length) vectors.push([field + "/" + refs[d], elements]);
      }
    }
    return { terms: terms, postings: postings, vectors: vectors };
  }

  /* The packed index as lunr's own serialisation: exactly what lunr.Index.load takes. */
  function unpackIndex(packed) {
    var x = expandIndex(packed, true);
    return {
      version: packed.version,
      fields: packed.fields,
      fieldVectors: x.vectors,
      invertedIndex: x.terms.map(function (t, i) { return [t, x.postings[i]]; }),
      pipeline: packed.pipeline
    };
  }

  /* What the page uses: the lunr.Index that lunr.Index.load(unpackIndex(packed)) would give, made
     without the round trip. The token set is a plain trie of the vocabulary, not lunr's minimised
     automaton: it matches the same words (and fuzzy and wildcard terms), and building it needs
     none of the minimisation that costs most of Index.load's time on a first search. */
  function loadIndex(lunr, packed) {
    var x = expandIndex(packed, false);
    return attachVocabulary(indexOf(lunr, x, packed.fields, packed.pipeline), packed);
  }

  /* A lunr.Index of expanded terms, postings and vectors (expandIndex, expandSplit). */
  function indexOf(lunr, x, fields, pipeline) {
    var invertedIndex = Object.create(null), fieldVectors = Object.create(null);
    var root = new lunr.TokenSet();
    x.terms.forEach(function (t, i) {
      invertedIndex[t] = x.postings[i];
      var node = root;
      for (var c = 0; c < t.length; c++) {
        var next = node.edges[t.charAt(c)];
        if (!next) { next = new lunr.TokenSet(); node.edges[t.charAt(c)] = next; }
        node = next;
      }
      node.final = true;
    });
    x.vectors.forEach(function (pair) { fieldVectors[pair[0]] = new lunr.Vector(pair[1]); });
    return new lunr.Index({
      invertedIndex: invertedIndex,
      fieldVectors: fieldVectors,
      tokenSet: root,
      fields: fields,
      pipeline: lunr.Pipeline.load(pipeline)
    });
  }

  // --- The split index: a head, and shards of terms fetched for the words a query looks up -------

  /* plugins/search_index/pack.py (split_index) writes the head (fields, refs, each field's length
     in each document, the plain-language vocabulary's filler and phrases that start with a small
     word) and shards of consecutive terms with their postings and the vocabulary's phrases that
     start with them. A split index is a lunr.Index of the shards loaded so far; a lookup of a term whose
     shard is not loaded notes the shard as missing (hasTerm), so a query is run, the missing
     shards fetched, and the query run again until nothing is missing: then it has seen every
     term the whole index would have shown it, with the same numbers and scores. */
  var splits = typeof WeakMap === "function" ? new WeakMap() : null;

  /* `shards` ([[number, shard], ..]), if given, are loaded from the start: one index build, not two. */
  function splitIndex(lunr, head, shards) {
    var offsets = [], total = 0;
    head.shards.forEach(function (s) { offsets.push(total); total += s[1]; });
    var refs = [];
    head.refs.forEach(function (ref) {
      // ["12", 3] is 12a, 12b, 12c (pack.py, compact_refs).
      if (typeof ref === "string") { refs.push(ref); return; }
      for (var i = 0; i < ref[1]; i++) refs.push(ref[0] + String.fromCharCode(97 + i));
    });
    var split = { lunr: lunr, head: head, refs: refs, offsets: offsets, loaded: [], missing: Object.create(null),
      index: null };
    (shards || []).forEach(function (pair) { split.loaded[pair[0]] = pair[1]; });
    rebuildSplit(split);
    return split;
  }

  /* Adds fetched shards ([[number, shard], ..]) and rebuilds the index over every loaded shard. */
  function addShards(split, shards) {
    shards.forEach(function (pair) { split.loaded[pair[0]] = pair[1]; });
    rebuildSplit(split);
    return split;
  }

  function rebuildSplit(split) {
    var x = expandSplit(split), head = split.head;
    split.index = indexOf(split.lunr, x, head.fields, head.pipeline);
    attachVocabulary(split.index, { terms: x.terms, forms: x.forms, plain: head.plain && loadedPlain(split) });
    if (splits) splits.set(split.index, split); else split.index.split = split;
  }

  /* The vocabulary's rows ([n, keys, ...]) in the head and the loaded shards (pack.py,
     split_vocabulary) as the whole index's `plain`: row n with its keys found so far. A phrase
     lives with its first stem, so a word's phrases are all here once its shard is. */
  function loadedPlain(split) {
    var terms = [];
    [split.head.plain.terms].concat(split.loaded.map(function (shard) { return shard && shard.plain; }))
      .forEach(function (rows) {
        (rows || []).forEach(function (row) {
          var n = row[0];
          if (terms[n]) terms[n] = [terms[n][0] + "|" + row[1]].concat(terms[n].slice(1));
          else terms[n] = row.slice(1);
        });
      });
    return { terms: terms, filler: split.head.plain.filler };
  }

  function splitOf(index) {
    return splits ? splits.get(index) : index.split;
  }

  /* The loaded shards' terms, postings and field vectors, scored as expandIndex scores them. */
  function expandSplit(split) {
    var head = split.head, fields = head.fields, refs = split.refs, n = refs.length, k1 = head.k1, b = head.b;
    var lengths = head.lengths, averages = lengths.map(function (l) {
      var total = 0;
      for (var d = 0; d < n; d++) total += l[d];
      return total / n;
    });
    var NONE = Object.freeze({}), EMPTY = Object.create(null);
    fields.forEach(function (field) { EMPTY[field] = NONE; });
    var terms = [], forms = [], postings = [], elements = fields.map(function () { return new Array(n); });
    split.loaded.forEach(function (shard, s) {
      if (!shard) return;
      shard.terms.forEach(function (term, i) {
        var number = split.offsets[s] + i, entries = shard.postings[i], f, j, d, value;
        var frequency = 0;
        for (f = 0; f < entries.length; f++) {
          for (j = 0; j < entries[f].length; j++) if (entries[f][j] > 0) frequency += 1;
        }
        var idf = Math.log(1 + Math.abs((n - frequency + 0.5) / (frequency + 0.5)));
        var posting = Object.create(EMPTY);
        posting._index = number;
        for (f = 0; f < entries.length; f++) {
          var row = entries[f], field = fields[f], boost = head.boosts[f];
          d = -1;
          for (j = 0; j < row.length; j++) {
            value = row[j];
            if (value <= 0) continue;
            d += value;
            var next = row[j + 1], tf = next !== undefined && next < 0 ? -next : 1;
            var norm = k1 * (1 - b + b * (lengths[f][d] / averages[f]));
            var score = idf * ((k1 + 1) * tf) / (norm + tf);
            score *= boost;
            (elements[f][d] = elements[f][d] || []).push(number, Math.round(score * 1000) / 1000);
            if (posting[field] === NONE) posting[field] = Object.create(null);
            posting[field][refs[d]] = NONE;
          }
        }
        terms.push(term);
        forms.push(shard.forms[i]);
        postings.push(posting);
      });
    });
    var vectors = [];
    fields.forEach(function (field, f) {
      for (var d = 0; d < n; d++) if (elements[f][d]) vectors.push([field + "/" + refs[d], elements[f][d]]);
    });
    return { terms: terms, forms: forms, postings: postings, vectors: vectors };
  }

  /* The shard a term would be in: the last whose first term is not after it. */
  function shardOf(split, term) {
    var shards = split.head.shards, low = 0, high = shards.length - 1;
    while (low < high) {
      var middle = (low + high + 1) >> 1;
      if (shards[middle][0] <= term) low = middle; else high = middle - 1;
    }
    return low;
  }

  function needShard(split, n) {
    if (!split.loaded[n]) split.missing[n] = true;
  }

  /* Every shard that may hold a term starting with `prefix` ("" is every shard). */
  function needPrefix(split, prefix) {
    for (var n = shardOf(split, prefix), last = shardOf(split, prefix + "\uffff"); n <= last; n++) needShard(split, n);
  }

  function splitComplete(split) {
    for (var n = 0; n < split.head.shards.length; n++) if (!split.loaded[n]) return false;
    return true;
  }

  /* Whether the index has a term; on a split index, an unloaded shard that may have it is noted. */
  function hasTerm(index, term) {
    if (Object.prototype.hasOwnProperty.call(index.invertedIndex, term)) return true;
    var split = splitOf(index);
    if (split) needShard(split, shardOf(split, term));
    return false;
  }

  /* The shards a clause of Lunr syntax reaches: a fuzzy one, every shard (an edit may come first);
     a wildcard one, those of the letters before its first "*"; any other, those of its terms. */
  function needClause(index, clause) {
    var split = splitOf(index), term = String(clause.term);
    if (!split) return;
    if (clause.editDistance) { needPrefix(split, ""); return; }
    var star = term.indexOf("*");
    if (star >= 0) { needPrefix(split, term.slice(0, star)); return; }
    (clause.usePipeline ? index.pipeline.runString(term) : [term]).forEach(function (t) { hasTerm(index, t); });
  }

  /* The word list (pack.py, word_list): every printed word with its term, and how many actions
     hold each term, for typo correction before (or without) every shard. */
  function addWords(split, list) {
    var words = [], termOfWord = [], actions = Object.create(null);
    list.terms.forEach(function (term, i) {
      printedWords(term, list.forms[i]).forEach(function (word) { words.push(word); termOfWord.push(term); });
      actions[term] = list.actions[i];
    });
    split.words = { words: words, termOfWord: termOfWord, actions: actions };
    return split;
  }

  function missingShards(split) {
    return Object.keys(split.missing).map(Number).sort(function (a, b) { return a - b; });
  }

  /* Runs a query on a split index as runSearch runs it on the whole one, fetching first what it
     needs: `need.shards(numbers)` resolves once addShards has them, `need.english(words)` to the
     word lookup runSearch takes (the word list's files those words need). */
  function searchSplit(split, query, options, need) {
    var again = function () { return searchSplit(split, query, options, need); };
    split.missing = Object.create(null);
    split.wantWords = false;
    var words = wordsToCheck(split.lunr, split.index, query);
    var shards = missingShards(split);
    if (shards.length) return need.shards(shards).then(again);
    return need.english(words).then(function (english) {
      split.missing = Object.create(null);
      var found = runSearch(split.lunr, split.index, query, { exact: !!(options && options.exact), english: english });
      if (split.wantWords && !split.words) {
        return need.words().then(function (list) { addWords(split, list); }).then(again);
      }
      shards = missingShards(split);
      return shards.length ? need.shards(shards).then(again) : found;
    });
  }

  // --- Queries --------------------------------------------------------------------------------

  var MAX_QUERY_CHARS = 200; // longer input is cut: nobody types more, and it keeps search fast
  var MAX_TERMS = 16;
  // Lunr's "word~N" matches every word of the index within N edits: past two it finds most of the
  // plan and the page freezes for seconds ("online~25"), so a fuzzy term never goes past two, and a
  // query in Lunr's syntax runs at most twelve terms.
  var MAX_EDIT_DISTANCE = 2;
  var MAX_SYNTAX_TERMS = 12;
  // A wildcard term ("nudif*") is matched against every word too: it needs three letters, and a
  // query has at most four of them, never fuzzy ("*er*~2" took seconds).
  var MIN_WILDCARD_LETTERS = 3;
  var MAX_WILDCARD_TERMS = 4;
  var SYNTAX = /[:*~^+]|(^|\s)-\S/;
  var IDENTIFIER = /^\s*(?:action\s*)?(\d{1,2})\s*[.\-]?\s*([a-z])\s*(?:[\s.\-(]*([ivx]{1,6})\)?)?\s*$/i;

  /* "12e", "12 e", "12E", "action 12e", "12e iii", "12e-iii", "12e(iii)" -> the action and sub-item. */
  function identifierOf(query, refs) {
    var m = IDENTIFIER.exec(query);
    if (!m) return null;
    var ref = m[1] + m[2].toLowerCase();
    if (!refs[ref]) return null;
    return { ref: ref, subitem: m[3] ? ref + "-" + m[3].toLowerCase() : null };
  }

  /* Words of the query with Lunr's syntax characters taken out, as lunr.tokenizer splits them. */
  function plainWords(query) {
    return query.slice(0, MAX_QUERY_CHARS).toLowerCase()
      .replace(/[:*~^+]/g, " ")
      .split(/[\s\-]+/)
      .filter(function (w) { return /[a-z0-9]/.test(w); })
      .slice(0, MAX_TERMS);
  }

  /* Lunr's parsed query (lunr.Query) made safe to run, so that no query blocks the page: its first
     MAX_SYNTAX_TERMS clauses; a fuzzy one at most MAX_EDIT_DISTANCE edits; a wildcard one only
     with MIN_WILDCARD_LETTERS letters ("*e*" would expand to nearly every word of the plan), at
     most MAX_WILDCARD_TERMS of them, never fuzzy. True when the query asked for more. */
  function boundQuery(query) {
    var tooFuzzy = query.clauses.length > MAX_SYNTAX_TERMS, wildcards = 0;
    query.clauses = query.clauses.slice(0, MAX_SYNTAX_TERMS).filter(function (clause) {
      var term = String(clause.term);
      if (term.indexOf("*") < 0) return true;
      wildcards += 1;
      if (clause.editDistance) { clause.editDistance = 0; tooFuzzy = true; }
      var kept = term.replace(/\*/g, "").length >= MIN_WILDCARD_LETTERS && wildcards <= MAX_WILDCARD_TERMS;
      if (!kept) tooFuzzy = true;
      return kept;
    });
    query.clauses.forEach(function (clause) {
      if (clause.editDistance > MAX_EDIT_DISTANCE) {
        clause.editDistance = MAX_EDIT_DISTANCE;
        tooFuzzy = true;
      }
    });
    return tooFuzzy;
  }

  // --- The words as printed, for typos and word families ----------------------------------------

  /* The packed index's `forms` (plugins/search_index/pack.py, printed_form): for each term, the
     words printed in the plan that stem to it, written as endings of the term. */
  function printedWords(term, forms) {
    if (!forms) return [term];
    return forms.split("|").map(function (ending) {
      if (ending.charAt(0) !== "=") return term + ending;
      var m = /^=(\d+)(.*)$/.exec(ending);
      return term.slice(0, term.length - Number(m[1])) + m[2];
    });
  }

  var AGENT = /^(.{4,}?)(?:er|or)$/;
  var VERB_FORM = /(?:ing|ed)$/;

  /* Every printed word with its term, and the word families of the terms. A family is a verb and
     the person who does it ("stalking", "stalker"), which the Porter stemmer keeps apart (stalk,
     stalker): a term ending in -er or -or joins the term before that ending, when that term is
     printed as a verb (-ing or -ed). "officer" does not join "offic" that way ("office" is no
     verb), though the stemmer already makes them one. */
  function makeVocabulary(packed) {
    var terms = packed.terms, words = [], termOfWord = [], wordsOfTerm = Object.create(null);
    terms.forEach(function (term, i) {
      var printed = printedWords(term, packed.forms && packed.forms[i]);
      wordsOfTerm[term] = printed;
      printed.forEach(function (word) { words.push(word); termOfWord.push(term); });
    });
    var rootOf = Object.create(null), family = Object.create(null);
    terms.forEach(function (term) {
      var m = AGENT.exec(term), root = term;
      if (m && wordsOfTerm[m[1]] && wordsOfTerm[m[1]].some(function (w) { return VERB_FORM.test(w); })) root = m[1];
      rootOf[term] = root;
      (family[root] = family[root] || []).push(term);
    });
    return { words: words, termOfWord: termOfWord, rootOf: rootOf, family: family, plain: makePlain(packed.plain) };
  }

  var vocabularies = typeof WeakMap === "function" ? new WeakMap() : null;

  /* Give an index its vocabulary (loadIndex does; an index from lunr.Index.load needs this). */
  function attachVocabulary(index, packed) {
    if (vocabularies) vocabularies.set(index, makeVocabulary(packed));
    else index.vocabulary = makeVocabulary(packed);
    return index;
  }

  function vocabularyOf(index) {
    var v = vocabularies ? vocabularies.get(index) : index.vocabulary;
    if (!v) throw new Error("search index without its vocabulary (attachVocabulary)");
    return v;
  }

  /* Edit distance with adjacent swaps counted as one edit ("stlaking"); gives up beyond `max`. */
  function editDistance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var before = null, previous = [], row, i, j;
    for (j = 0; j <= b.length; j++) previous.push(j);
    for (i = 1; i <= a.length; i++) {
      row = [i];
      var least = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a.charAt(i - 1) === b.charAt(j - 1) ? 0 : 1;
        var d = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
        if (before && i > 1 && j > 1 && a.charAt(i - 1) === b.charAt(j - 2) && a.charAt(i - 2) === b.charAt(j - 1)) {
          d = Math.min(d, before[j - 2] + 1);
        }
        row.push(d);
        if (d < least) least = d;
      }
      if (least > max) return max + 1;
      before = previous;
      previous = row;
    }
    return previous[b.length];
  }

  var MAX_CORRECTIONS = 3;
  var MAX_CORRECTED_LENGTH = 24; // nobody means a 25-letter word; and distance on long strings is slow

  /* How many actions hold a term, in any field: what breaks ties between equally close words. */
  function actionsWith(index, term) {
    var posting = index.invertedIndex[term], refs = Object.create(null);
    if (!posting) return 0;
    index.fields.forEach(function (field) { Object.keys(posting[field] || {}).forEach(function (r) { refs[r] = true; }); });
    return Object.keys(refs).length;
  }

  /* The printed words closest to a word the plan never uses: those the fewest edits away (one
     edit up to six letters, two from seven), and words it is the start of ("nudif"), counted as
     closer than one edit. The most used first. */
  function closestWords(index, word) {
    if (word.length < 3 || word.length > MAX_CORRECTED_LENGTH) return [];
    // Every printed word is a candidate: a split index not yet whole asks for its word list.
    var split = splitOf(index), words = null;
    if (split && !splitComplete(split)) {
      if (!split.words) { split.wantWords = true; return []; }
      words = split.words;
    }
    var vocabulary = words || vocabularyOf(index), max = word.length >= 7 ? 2 : word.length >= 4 ? 1 : 0;
    var best = [], bestDistance = max + 1;
    vocabulary.words.forEach(function (printed, i) {
      var d = printed.length > word.length && printed.lastIndexOf(word, 0) === 0 ? 0.5 : editDistance(word, printed, max);
      if (d > bestDistance || d > max) return;
      if (d < bestDistance) { best = []; bestDistance = d; }
      best.push({ word: printed, term: vocabulary.termOfWord[i] });
    });
    best.forEach(function (c) { c.actions = words ? words.actions[c.term] : actionsWith(index, c.term); });
    best.sort(function (a, b) { return b.actions - a.actions || a.word.length - b.word.length || (a.word < b.word ? -1 : 1); });
    var seen = Object.create(null);
    return best.filter(function (c) {
      if (seen[c.term]) return false;
      seen[c.term] = true;
      return true;
    }).slice(0, MAX_CORRECTIONS);
  }

  // --- Queries --------------------------------------------------------------------------------

  /* The query's words as the index would hold them: trimmed, normalised and stemmed, each marked
     `stop` when lunr's stop word filter would drop it (small words still count inside a phrase
     of the vocabulary and as the context that picks a word's sense). */
  var wordPipelines = typeof WeakMap === "function" ? new WeakMap() : null;

  function queryTokens(lunr, index, words) {
    var pipeline = wordPipelines && wordPipelines.get(index);
    if (!pipeline) {
      pipeline = new lunr.Pipeline();
      pipeline.add(lunr.trimmer, normaliseToken);
      if (wordPipelines) wordPipelines.set(index, pipeline);
    }
    var out = [];
    words.forEach(function (w) {
      pipeline.runString(w).forEach(function (word) {
        if (!word) return;
        var stop = !lunr.stopWordFilter(new lunr.Token(word));
        out.push({ word: word, term: lunr.stemmer(new lunr.Token(word)).toString(), stop: stop });
      });
    });
    return out;
  }

  // --- The plain-language vocabulary (plan/vocabulary.toml, compiled by plugins/search_index/plain.py)

  /* The packed index's `plain`, ready to match: each term's phrases (keys) by their first stem. */
  function makePlain(plain) {
    if (!plain) return null;
    var byFirst = Object.create(null);
    var terms = plain.terms.map(function (row, n) {
      var term = {
        n: n,
        alternatives: row[1].split("|").map(function (a) { return a.split(" "); }),
        label: row[2],
        when: row[3] ? row[3].split(" ") : [],
        help: row[4] === 1
      };
      row[0].split("|").forEach(function (key) {
        var stems = key.split(" ").map(function (s) { return s.replace(/^~/, ""); });
        (byFirst[stems[0]] = byFirst[stems[0]] || []).push({ term: term, stems: stems });
      });
      return term;
    });
    var filler = Object.create(null);
    plain.filler.forEach(function (s) { filler[s] = true; });
    return { terms: terms, byFirst: byFirst, filler: filler };
  }

  /* Where a phrase of the vocabulary that starts at tokens[i] ends (exclusive), or -1. The
     query's small words may come between the phrase's words ("loan in his name" for "loan in my
     name"), never before its first. */
  function phraseEnd(tokens, i, stems, used) {
    var j = i;
    for (var k = 0; k < stems.length; k++) {
      while (k > 0 && j < tokens.length && tokens[j].stop && tokens[j].term !== stems[k]) j++;
      if (j >= tokens.length || used[j] || tokens[j].term !== stems[k]) return -1;
      j++;
    }
    return j;
  }

  /* A sense applies when one of its words is elsewhere in the query ("on the train": travel). */
  function senseHolds(term, tokens, start, end) {
    if (!term.when.length) return true;
    for (var i = 0; i < tokens.length; i++) {
      if (i >= start && i < end) continue;
      if (term.when.indexOf(tokens[i].term) >= 0) return true;
    }
    return false;
  }

  /* The vocabulary's phrases in the query, longest first at each place, left to right. Returns
     [{term, start, end}] and marks the tokens they use. On a split index, the shard of each word
     looked up is noted, as it holds the phrases that start with that word (a small word's are in
     the head). */
  function plainMatches(plain, tokens, used, split) {
    var found = [];
    for (var i = 0; i < tokens.length; i++) {
      if (used[i]) continue;
      if (split && !tokens[i].stop) needShard(split, shardOf(split, tokens[i].term));
      var best = null;
      (plain.byFirst[tokens[i].term] || []).forEach(function (candidate) {
        var end = phraseEnd(tokens, i, candidate.stems, used);
        if (end < 0 || !senseHolds(candidate.term, tokens, i, end)) return;
        // Longer phrases win; between equal spans, a sense the query's other words chose wins.
        var rank = [end, candidate.stems.length, candidate.term.when.length ? 1 : 0];
        if (!best || rank[0] > best.rank[0] || (rank[0] === best.rank[0] &&
            (rank[1] > best.rank[1] || (rank[1] === best.rank[1] && rank[2] > best.rank[2])))) {
          best = { term: candidate.term, start: i, end: end, rank: rank };
        }
      });
      if (!best) continue;
      for (var j = best.start; j < best.end; j++) used[j] = true;
      found.push(best);
      i = best.end - 1;
    }
    return found;
  }

  // --- Word families across the stemmer's splits --------------------------------------------------

  /* The Porter stemmer keeps some word families apart: marry and married stem to "marri", the
     plan's "marriage" to "marriag"; a word ending in s keeps an "se" in its plural (bus -> "bu",
     buses -> "buse"). A stem the index lacks meets the index terms that are it plus one of these
     endings, or it less one: the same rule for every word, on the stems both sides share. (The
     doer and the act, stalker and stalk, join in makeVocabulary.) */
  var FAMILY_ENDINGS = ["ag", "er", "or", "ment", "se"];
  var FAMILY_SHORTEST = 4; // letters of a stem, and of the term it meets ("bu", from "bus", is the
  // exception: Porter only keeps the "se" of a short word's plural, so that join needs no more)

  /* The terms makeVocabulary may put in a term's family: its root (less -er or -or) and the root's
     doers, and the term's own doers; on a split index, looked up so that their shards load. */
  function familyCandidates(term) {
    var m = AGENT.exec(term), out = [term + "er", term + "or"];
    if (m) out.push(m[1], m[1] + "er", m[1] + "or");
    return out;
  }

  function relatedTerms(index, term) {
    if (term.length < FAMILY_SHORTEST) return [];
    var found = [];
    FAMILY_ENDINGS.forEach(function (ending) {
      if (hasTerm(index, term + ending)) found.push(term + ending);
      var less = term.length - ending.length;
      if (less >= (ending === "se" ? 2 : FAMILY_SHORTEST) && term.slice(less) === ending &&
          hasTerm(index, term.slice(0, less))) found.push(term.slice(0, less));
    });
    return found;
  }

  // --- Real words and typos ------------------------------------------------------------------------

  /* The page fetches the word list in small files (plugins/search_index/plain.py); `english` in
     the packed index is where each file after the first starts. */
  function wordFile(packed, word) {
    var starts = packed.english || [], file = 0;
    while (file < starts.length && starts[file] <= word) file++;
    return file;
  }

  /* Words whose file must be loaded before the query runs: those the plan does not use and search
     would otherwise take for typos. */
  function wordsToCheck(lunr, index, query) {
    var words = plainWords(String(query || "").slice(0, MAX_QUERY_CHARS));
    return queryTokens(lunr, index, words).filter(function (t) {
      return !t.stop && t.word.length >= 4 && t.word.length <= MAX_CORRECTED_LENGTH && /^[a-z']+$/.test(t.word) &&
        !hasTerm(index, t.term);
    }).map(function (t) { return t.word; });
  }

  var FAMILY_BOOST = 0.5; // "stalker" finds "stalking", but an action that says "stalker" first
  // When fewer actions than this have every word (less than a phone's screenful of results),
  // those with at least half of the words follow them.
  var FEW = 3;

  /* What each part of the query looks for. A phrase of the vocabulary: the plan's phrases for it
     (any one, all its words). A word the plan uses: its term and family. A word the plan never
     uses: its family across the stemmer's splits; else, if it is an English word, nothing (left
     out, never "corrected" into a plan word it only looks like); else the closest printed words
     (with "Did you mean"). */
  function queryGroups(lunr, index, tokens, options) {
    var vocabulary = vocabularyOf(index), plain = options.exact ? null : vocabulary.plain;
    var used = tokens.map(function () { return false; });
    var matches = plain ? plainMatches(plain, tokens, used, splitOf(index)) : [];
    var groups = [], leftOut = [], help = false, seen = Object.create(null);
    matches.forEach(function (m) {
      var words = tokens.slice(m.start, m.end).map(function (t) { return t.word; }).join(" ");
      help = help || m.term.help;
      if (seen["plain " + m.term.n]) return;
      seen["plain " + m.term.n] = true;
      groups.push({ word: words, label: m.term.label, alternatives: m.term.alternatives,
        terms: [].concat.apply([], m.term.alternatives).map(function (t) { return { term: t, boost: 1 }; }) });
    });
    var rest = tokens.filter(function (t, i) { return !used[i] && !t.stop; });
    // Filler ("is anything being done about") is left out, unless it is all there is.
    var content = plain ? rest.filter(function (t) { return !plain.filler[t.term]; }) : rest;
    if (content.length || groups.length) rest = content;
    rest.forEach(function (w) {
      if (seen[w.term]) return;
      seen[w.term] = true;
      if (hasTerm(index, w.term)) {
        familyCandidates(w.term).forEach(function (t) { hasTerm(index, t); });
        var family = vocabulary.family[vocabulary.rootOf[w.term]] || [w.term];
        groups.push({ word: w.word, terms: family.map(function (t) { return { term: t, boost: t === w.term ? 1 : FAMILY_BOOST }; }) });
        return;
      }
      var related = relatedTerms(index, w.term);
      if (related.length) {
        groups.push({ word: w.word, terms: related.map(function (t) { return { term: t, boost: 1 }; }) });
        return;
      }
      if (options.english && options.english(w.word)) {
        leftOut.push(w.word);
        return;
      }
      var closest = closestWords(index, w.word);
      groups.push({
        word: w.word,
        closest: closest.map(function (c) { return c.word; }),
        terms: closest.map(function (c) { return { term: c.term, boost: 1 }; })
      });
    });
    return { groups: groups, leftOut: leftOut, help: help };
  }

  /* Every group's terms as optional clauses; then each action counts how many of the query's
     groups it has: any term of a word's group, all the words of one of a phrase's alternatives. */
  function groupQuery(lunr, index, groups) {
    var boosts = Object.create(null), groupsOf = Object.create(null);
    groups.forEach(function (group, g) {
      group.terms.forEach(function (t) {
        boosts[t.term] = Math.max(boosts[t.term] || 0, t.boost);
        if (!group.alternatives) (groupsOf[t.term] = groupsOf[t.term] || []).push(g);
      });
    });
    Object.keys(boosts).forEach(function (term) { hasTerm(index, term); }); // the vocabulary's terms
    var results = index.query(function (q) {
      Object.keys(boosts).forEach(function (term) {
        q.term(term, { usePipeline: false, boost: boosts[term], presence: lunr.Query.presence.OPTIONAL });
      });
    });
    results.forEach(function (result) {
      var has = Object.create(null), matched = Object.create(null);
      matchedTerms(result).forEach(function (term) {
        matched[term] = true;
        (groupsOf[term] || []).forEach(function (g) { has[g] = true; });
      });
      var phrases = 0;
      groups.forEach(function (group, g) {
        if (group.alternatives && group.alternatives.some(function (a) { return a.every(function (t) { return matched[t]; }); })) {
          has[g] = true;
          phrases += 1;
        }
      });
      result.shared = Object.keys(has).length;
      result.phrases = phrases;
    });
    return results;
  }

  /* Money has its own page: a query about it (or just "£") is pointed there too. */
  var MONEY_TERMS = ["money", "fund", "budget", "financ", "invest", "spend"];

  function pointersFor(query, tokens) {
    var money = /£/.test(query) || tokens.some(function (w) { return MONEY_TERMS.indexOf(w.term) >= 0; });
    return money ? ["money"] : [];
  }


  /* Run a query the way the page does. Returns {results, kind, words, suggestions, pointers,
     rewrites, leftOut, help, weak}: kind says which attempt found them ("syntax", "all words",
     "some words", "corrected"); partial, whether actions with only some of the words follow those
     with all; `words` is how many parts of the query could match, each result's `shared` how many
     of them it has; suggestions are [{word, closest: [..]}] for words the plan never uses;
     rewrites [{words, label}] the vocabulary's phrases found ("revenge porn": intimate image
     abuse); leftOut the English words neither the plan nor the vocabulary has; help whether to
     show the helplines; weak whether nothing matches well (no result, or none with every word).
     `options`: {exact: true to skip the vocabulary, english: word -> true for an English word}.
     Never throws on what a reader types. */
  function runSearch(lunr, index, query, options) {
    var found = attempt(lunr, index, query, options || {});
    // Only prohibited words ("-police") match everything at score 0: that finds nothing.
    found.results = found.results.filter(function (r) { return r.score > 0; });
    found.weak = !found.results.length || (found.partial && !found.results.some(function (r) { return r.shared === found.words; }));
    return found;
  }

  function attempt(lunr, index, query, options) {
    var text = String(query || "").slice(0, MAX_QUERY_CHARS);
    var words = plainWords(text);
    var answer = { results: [], kind: "all words", partial: false, words: 0, suggestions: [], pointers: pointersFor(text, []),
      rewrites: [], leftOut: [], help: false };
    // Nothing to look for ("*", "~", punctuation): no results, rather than every action.
    if (!words.length) return answer;
    if (SYNTAX.test(text)) {
      try {
        var results = index.query(function (q) {
          new lunr.QueryParser(text, q).parse();
          answer.tooFuzzy = boundQuery(q);
          q.clauses.forEach(function (clause) { needClause(index, clause); });
        });
        if (results.length) { answer.results = results; answer.kind = "syntax"; answer.pointers = []; return answer; }
      } catch (e) {
        // A lunr.QueryParseError ("title:", "~") or anything else Lunr's syntax trips on:
        // retried below as plain words.
      }
    }
    var tokens = queryTokens(lunr, index, words);
    var parts = queryGroups(lunr, index, tokens, options);
    var usable = parts.groups.filter(function (g) { return g.terms.length; });
    answer.suggestions = parts.groups.filter(function (g) { return g.closest && g.closest.length; })
      .map(function (g) { return { word: g.word, closest: g.closest }; });
    answer.rewrites = parts.groups.filter(function (g) { return g.alternatives; })
      .map(function (g) { return { words: g.word, label: g.label }; });
    answer.leftOut = parts.leftOut;
    answer.help = parts.help;
    answer.words = usable.length;
    answer.pointers = pointersFor(text, tokens.filter(function (t) { return !t.stop; }));
    if (!usable.length) return answer;
    var found = groupQuery(lunr, index, usable);
    var all = found.filter(function (r) { return r.shared === usable.length; });
    if (all.length >= FEW || all.length === found.length) {
      answer.results = all;
    } else {
      // Few have every word: those with at least half of them next, the most words first, then
      // the most of the vocabulary's phrases (they say what the query is about; a plain word
      // beside them may be incidental: "turning up at my house"), each tier by score. With three
      // words or more, an action with one of them is mostly noise: it is shown only when there
      // is nothing better, and then the page says nothing matches well.
      var byWords = function (a, b) { return b.shared - a.shared || b.phrases - a.phrases || b.score - a.score; };
      answer.results = found.filter(function (r) { return r.shared * 2 >= usable.length; }).sort(byWords);
      if (!answer.results.length) answer.results = found.sort(byWords);
      answer.kind = "some words";
      answer.partial = true;
    }
    if (usable.some(function (g) { return g.closest; })) answer.kind = "corrected";
    return answer;
  }

  /* The topics closest to a query that found little: those of its best results, most often
     first; or, with no result, those whose names share a word with it. [topic id, …], at most 3. */
  function closestTopics(lunr, results, topicsOf, topicNames, query) {
    var counts = Object.create(null), order = [];
    results.slice(0, 10).forEach(function (r) {
      (topicsOf[r.ref] || []).forEach(function (t) {
        if (!counts[t]) { counts[t] = 0; order.push(t); }
        counts[t] += 1;
      });
    });
    if (!order.length) {
      var stems = Object.create(null);
      plainWords(String(query || "")).forEach(function (w) { stems[lunr.stemmer(new lunr.Token(w)).toString()] = true; });
      Object.keys(topicNames).forEach(function (t) {
        var shared = plainWords(topicNames[t]).filter(function (w) { return stems[lunr.stemmer(new lunr.Token(w)).toString()]; });
        if (shared.length) { counts[t] = shared.length; order.push(t); }
      });
    }
    return order.sort(function (a, b) { return counts[b] - counts[a] || order.indexOf(a) - order.indexOf(b); }).slice(0, 3);
  }

  /* The query with `word` (as the index normalises it) replaced by `by`: for "Did you mean". */
  function replaceWord(query, word, by) {
    return String(query).split(/(\s+)/).map(function (token) {
      var parts = /^(\W*)([\s\S]*?)(\W*)$/.exec(token); // "stalkng," keeps its comma
      var words = normaliseWord(parts[2].toLowerCase());
      return words.length === 1 && words[0] === word ? parts[1] + by + parts[3] : token;
    }).join("");
  }

  /* The terms a result matched (index stems), for highlighting. */
  function matchedTerms(result) {
    return Object.keys((result.matchData && result.matchData.metadata) || {});
  }

  var core = {
    trim: trim,
    normaliseWord: normaliseWord,
    normaliseToken: normaliseToken,
    prepareLunr: prepareLunr,
    unpackIndex: unpackIndex,
    loadIndex: loadIndex,
    splitIndex: splitIndex,
    addShards: addShards,
    missingShards: missingShards,
    searchSplit: searchSplit,
    attachVocabulary: attachVocabulary,
    editDistance: editDistance,
    closestWords: closestWords,
    identifierOf: identifierOf,
    plainWords: plainWords,
    runSearch: runSearch,
    wordsToCheck: wordsToCheck,
    wordFile: wordFile,
    closestTopics: closestTopics,
    boundQuery: boundQuery,
    MAX_EDIT_DISTANCE: MAX_EDIT_DISTANCE,
    MAX_SYNTAX_TERMS: MAX_SYNTAX_TERMS,
    replaceWord: replaceWord,
    matchedTerms: matchedTerms,
    MAX_QUERY_CHARS: MAX_QUERY_CHARS
  };

  if (typeof module !== "undefined" && module.exports) {
    module.exports = core;
  } else {
    root.ActionPlanSearch = core; // for scripts/bench_search.py, which times queries in the page
  }
  if (typeof document === "undefined") return;

  // --- The page -------------------------------------------------------------------------------

  var FILTERS = ["pillar", "topic", "organisation", "status", "progress", "schedule"];
  // Filters on one value per action, read straight from the store's column of the same name.
  var SINGLE = ["status", "progress", "schedule"];
  var SNIPPETS_AT_ONCE = 20;

  // The file URLs are on this script's own tag, so loading can start before the page is parsed.
  var config = (document.currentScript || document.querySelector("script[data-index-url]") || {}).dataset;
  if (!config || !config.indexUrl) return;
  // The filters' option labels and the pillars' (plugins/core/labels.py, Pillar.label), on the same tag.
  var labels = JSON.parse(config.labels);
  var standingShort = Object.create(null);
  Object.keys(labels.standing).forEach(function (key) { standingShort[key] = labels.standing[key].short; });
  var container, form, input, statusEl, suggestEl, moneyEl, list, filterBox, filterSummary, selects;
  var rewriteEl, helpEl, weakEl, weakTopics;

  var loading = null; // the promise of {lunr, index, store}, made on first use
  var textCache = Object.create(null);
  var observer = null;

  /* lunr.js: the page's own async tag (#lunr-script) is usually loading it already. */
  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      if (root.lunr) { resolve(root.lunr); return; }
      var tag = document.getElementById("lunr-script");
      if (tag) {
        // The tag may have failed before this ran, and then no "error" event comes. The window's
        // load event waits for async scripts, so by then lunr is there or it never will be.
        var settle = function () {
          if (root.lunr) resolve(root.lunr); else reject(new Error("could not load " + tag.src));
        };
        if (document.readyState === "complete") { settle(); return; }
        tag.addEventListener("load", settle);
        tag.addEventListener("error", settle);
        root.addEventListener("load", settle);
        return;
      }
      var script = document.createElement("script");
      script.src = src;
      script.onload = function () { resolve(root.lunr); };
      script.onerror = function () { reject(new Error("could not load " + src)); };
      document.head.appendChild(script);
    });
  }

  /* A file's JSON; search-early.js (inlined in the page's head) may have started it already. */
  function fetchJSON(url) {
    var early = root.searchEarly && root.searchEarly[url];
    if (early) { delete root.searchEarly[url]; return early; }
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error(url + ": HTTP " + response.status);
      return response.json();
    });
  }

  /* The shards search-early.js started for the query in the address: [number, shard] each, or
     null for one that failed (fetchShards tries it again if the query needs it). */
  function earlyShards() {
    var early = root.searchEarly || {}, prefix = config.shardsUrl, suffix = ".json?v=" + config.headVersion;
    return Object.keys(early).filter(function (url) {
      return url.lastIndexOf(prefix, 0) === 0 && /^\d+$/.test(url.slice(prefix.length, -suffix.length)) &&
        url.slice(-suffix.length) === suffix;
    }).map(function (url) {
      var n = Number(url.slice(prefix.length, -suffix.length));
      return fetchJSON(url).then(function (shard) {
        shardFiles[n] = Promise.resolve(shard);
        return [n, shard];
      }, function () { return null; });
    });
  }

  function load() {
    if (!loading) {
      loading = Promise.all([
        loadScript(config.lunrUrl),
        fetchJSON(config.headUrl),
        fetchJSON(config.rowsHeadUrl),
        Promise.all(earlyShards())
      ]).then(function (parts) {
        var lunr = prepareLunr(parts[0]);
        var store = parts[2], split = splitIndex(lunr, parts[1], parts[3].filter(Boolean));
        var names = { topics: Object.create(null), organisations: Object.create(null) };
        // Which run of rows (search/rows/<n>.json) holds each ref: the runs follow the refs' order.
        var runOf = Object.create(null), known = Object.create(null), d = 0;
        store.runs.forEach(function (length, run) {
          for (var i = 0; i < length; i++, d++) { runOf[split.refs[d]] = run; known[split.refs[d]] = true; }
        });
        store.runOf = runOf;
        store.known = known;
        ["topics", "organisations"].forEach(function (key) {
          store[key].forEach(function (pair) { names[key][pair[0]] = pair[1]; });
        });
        store.names = names;
        return { lunr: lunr, split: split, index: split.index, packed: parts[1], store: store,
          byRef: Object.create(null) };
      });
    }
    return loading;
  }

  /* The rows (what a result shows and filters on) of `refs`, fetched by run, once each. */
  var rowFiles = Object.create(null);

  function rowsFor(engine, refs) {
    var store = engine.store, runs = Object.create(null);
    refs.forEach(function (ref) { if (!engine.byRef[ref] && ref in store.runOf) runs[store.runOf[ref]] = true; });
    return Promise.all(Object.keys(runs).map(function (run) {
      if (!rowFiles[run]) {
        rowFiles[run] = fetchJSON(config.rowsUrl + run + ".json?v=" + config.rowsVersion).then(function (rows) {
          rows.forEach(function (row) {
            var doc = {};
            store.columns.forEach(function (column, i) { doc[column] = row[i]; });
            // Topics and organisations are numbers into the store's lists; filters use their ids.
            ["topics", "organisations"].forEach(function (key) {
              doc[key] = doc[key].map(function (n) { return store[key][n][0]; });
            });
            engine.byRef[doc.ref] = doc;
          });
        }).catch(function (error) { delete rowFiles[run]; throw error; });
      }
      return rowFiles[run];
    }));
  }

  function stateFromURL() {
    var params = new URLSearchParams(root.location.search);
    var state = { q: (params.get("q") || "").slice(0, 10000), exact: params.get("exact") === "1" };
    FILTERS.forEach(function (name) { state[name] = params.get(name) || ""; });
    return state;
  }

  function urlFor(state) {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    if (state.q && state.exact) params.set("exact", "1");
    FILTERS.forEach(function (name) { if (state[name]) params.set(name, state[name]); });
    var search = params.toString();
    return root.location.pathname + (search ? "?" + search : "");
  }

  function currentState() {
    var state = { q: input.value, exact: false };
    FILTERS.forEach(function (name) { state[name] = selects[name].value; });
    return state;
  }

  function shown(query) {
    var q = query.replace(/\s+/g, " ").trim();
    return q.length > 60 ? q.slice(0, 60) + "…" : q;
  }

  function announce(message) {
    // Clear first, so that the same message said twice is still announced.
    statusEl.textContent = "";
    root.setTimeout(function () { statusEl.textContent = message; }, 30);
  }

  /* The options of one filter. Its first option, value "", is "any": the page words it. */
  /* localeCompare's order (the same default locale and options) from one collator: localeCompare
     makes one for each comparison, which was the first results' largest piece of script time on a
     slow phone (55 ms at 4x CPU, sorting the topics and organisations of the filters). */
  var byWords = root.Intl && Intl.Collator ? new Intl.Collator().compare
    : function (a, b) { return a.localeCompare(b); };

  function setOptions(select, counts, labels, selected, sortByLabel) {
    var anyLabel = select.options.length ? select.options[0].textContent : "";
    var values = Object.keys(counts);
    if (selected && values.indexOf(selected) < 0) values.push(selected);
    values.sort(function (a, b) {
      return sortByLabel ? byWords(String(labels[a] || a), String(labels[b] || b)) : Number(a) - Number(b);
    });
    select.textContent = "";
    var any = document.createElement("option");
    any.value = "";
    any.textContent = anyLabel;
    select.appendChild(any);
    values.forEach(function (value) {
      var option = document.createElement("option");
      option.value = value;
      option.textContent = (labels[value] || value) + " (" + (counts[value] || 0) + ")";
      option.selected = value === selected;
      select.appendChild(option);
    });
    select.value = selected && values.indexOf(selected) >= 0 ? selected : "";
  }

  function facetCounts(docs, key) {
    var counts = Object.create(null);
    docs.forEach(function (doc) {
      var values = key === "pillar" ? [String(doc.pillar)]
        : SINGLE.indexOf(key) >= 0 ? [doc[key]] : doc[key === "topic" ? "topics" : "organisations"];
      values.forEach(function (v) { counts[v] = (counts[v] || 0) + 1; });
    });
    return counts;
  }

  function passes(doc, state) {
    if (state.pillar && String(doc.pillar) !== state.pillar) return false;
    if (state.topic && doc.topics.indexOf(state.topic) < 0) return false;
    if (state.organisation && doc.organisations.indexOf(state.organisation) < 0) return false;
    for (var i = 0; i < SINGLE.length; i++) {
      if (state[SINGLE[i]] && doc[SINGLE[i]] !== state[SINGLE[i]]) return false;
    }
    return true;
  }

  function fillSnippet(element, segments) {
    element.textContent = "";
    segments.forEach(function (segment) {
      if (segment.mark) {
        var mark = document.createElement("mark");
        mark.className = "search-result__match";
        mark.textContent = segment.text;
        element.appendChild(mark);
      } else {
        element.appendChild(document.createTextNode(segment.text));
      }
    });
  }

  /* An action's text, from its commitment's file (search/text/12.json holds 12a, 12b, …): one
     fetch serves every result of that commitment. */
  function fetchText(engine, ref) {
    var doc = engine.byRef[ref];
    if (!doc) return Promise.resolve("");
    var file = String(doc.commitment);
    if (!textCache[file]) {
      textCache[file] = fetch(config.textUrl + encodeURIComponent(file) + ".json")
        .then(function (response) { return response.ok ? response.json() : {}; })
        .catch(function () { return {}; });
    }
    return textCache[file].then(function (texts) {
      return Object.prototype.hasOwnProperty.call(texts, ref) ? texts[ref] : "";
    });
  }

  /* search-snippet.js, which finds the passage: fetched once, with the first text, not before
     the first results. Resolves to null if it cannot load (the results keep no passage). */
  var snippetCode = null;

  function loadSnippet() {
    if (!snippetCode) {
      snippetCode = new Promise(function (resolve) {
        var script = document.createElement("script");
        script.src = config.snippetUrl;
        script.onload = function () { resolve(root.ActionPlanSnippet || null); };
        script.onerror = function () { resolve(null); };
        document.head.appendChild(script);
      });
    }
    return snippetCode;
  }

  /* The passage that matched, from the action's text. Texts are fetched only for results on
     screen (or about to be), so a search downloads little beyond the index. */
  function upgradeSnippet(item, engine) {
    if (item.dataset.snippet === "done") return;
    item.dataset.snippet = "done";
    var terms = item.dataset.terms ? item.dataset.terms.split(" ") : [];
    Promise.all([fetchText(engine, item.dataset.ref), loadSnippet()]).then(function (parts) {
      var text = parts[0], snippet = parts[1];
      if (!text || !snippet || !item.isConnected) return;
      var segments = snippet(engine.index, text, terms);
      if (segments.length) fillSnippet(item.querySelector(".search-result__snippet"), segments);
      if (root.performance && performance.mark && !performance.getEntriesByName("search:first-snippet").length) {
        performance.mark("search:first-snippet");
      }
    });
  }

  function renderResult(doc, result, engine) {
    var item = document.createElement("li");
    item.className = "search-result";
    item.dataset.ref = doc.ref;
    var terms = matchedTerms(result);
    item.dataset.terms = terms.join(" ");

    var heading = document.createElement("h2");
    heading.className = "search-result__heading heading-s";
    var link = document.createElement("a");
    link.className = "search-result__link";
    link.href = config.siteUrl + doc.url;
    var id = document.createElement("span");
    id.className = "action-id search-result__id";
    id.textContent = doc.ref;
    link.appendChild(id);
    link.appendChild(document.createTextNode(" " + doc.title));
    heading.appendChild(link);
    item.appendChild(heading);

    var pillar = document.createElement("p");
    pillar.className = "search-result__pillar";
    pillar.textContent = labels.pillar[String(doc.pillar)] || "";
    item.appendChild(pillar);

    // Filled with the matching passage when the action's text arrives (upgradeSnippet).
    var text = document.createElement("p");
    text.className = "search-result__snippet";
    item.appendChild(text);
    return item;
  }

  /* The word list's files a query needs (search/words/<n>.txt), fetched once each: a word the
     plan does not use is looked up there, to leave out a real word rather than "correct" it. */
  var wordFiles = Object.create(null), wordSets = Object.create(null), shardFiles = Object.create(null);

  /* The index's shards a query needs (search/index/<n>.json), fetched once each, added together. */
  function fetchShards(engine, numbers) {
    return Promise.all(numbers.map(function (n) {
      if (!shardFiles[n]) {
        shardFiles[n] = fetchJSON(config.shardsUrl + n + ".json?v=" + config.headVersion)
          .catch(function (error) { delete shardFiles[n]; throw error; });
      }
      return shardFiles[n].then(function (shard) { return [n, shard]; });
    })).then(function (shards) {
      addShards(engine.split, shards);
      engine.index = engine.split.index;
    });
  }

  /* What the query finds, once the shards and word-list files it needs are in. */
  function searchReady(engine, state) {
    var query = state.q.trim();
    if (lastSearch && lastSearch.query === query && lastSearch.exact === !!state.exact) return Promise.resolve(lastSearch);
    return searchSplit(engine.split, query, { exact: !!state.exact }, {
      shards: function (numbers) { return fetchShards(engine, numbers); },
      words: function () { return fetchJSON(config.shardsUrl + "words.json?v=" + config.headVersion); },
      english: function (words) { return englishFor(engine, words); }
    }).then(function (found) {
      engine.index = engine.split.index;
      lastSearch = { query: query, exact: !!state.exact, found: found };
      return lastSearch;
    });
  }

  function fetchWordFile(n) {
    if (!wordFiles[n]) {
      wordFiles[n] = fetch(config.wordsUrl + n + ".txt", { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : ""; })
        .catch(function () { return ""; })
        .then(function (text) {
          var words = Object.create(null);
          text.split("\n").forEach(function (w) { if (w) words[w] = true; });
          wordSets[n] = words;
          return words;
        });
    }
    return wordFiles[n];
  }

  /* A promise of the lookup runSearch takes (word -> true for an English word), with the files
     this query's words need loaded. A file that could not load counts no word as English. */
  function englishFor(engine, words) {
    var needed = Object.create(null), promises = [];
    words.forEach(function (w) {
      var n = wordFile(engine.packed, w);
      if (!needed[n]) { needed[n] = true; promises.push(fetchWordFile(n)); }
    });
    return Promise.all(promises).then(function () {
      return function (word) {
        var words = wordSets[wordFile(engine.packed, word)];
        return !!(words && words[word]);
      };
    });
  }

  /* "Showing actions about intimate image abuse (you searched: revenge porn)", with a link that
     searches the exact words instead; and the words left out because no action uses them. */
  function fillRewrites(state, search) {
    rewriteEl.textContent = "";
    var parts = [];
    if (search.rewrites.length) {
      parts.push(document.createTextNode("Showing actions about " +
        search.rewrites.map(function (r) { return r.label; }).join(" and ") +
        " (you searched: " + search.rewrites.map(function (r) { return r.words; }).join(", ") + "). "));
      var a = document.createElement("a");
      var exact = { q: state.q, exact: true, pillar: "", topic: "", organisation: "", status: "", progress: "", schedule: "" };
      a.href = urlFor(exact);
      a.textContent = "Search for your exact words instead";
      a.addEventListener("click", function (event) { event.preventDefault(); commit(exact); });
      parts.push(a);
    } else if (state.exact) {
      parts.push(document.createTextNode("Searching your exact words, without the plain-language vocabulary."));
    }
    if (search.leftOut.length) {
      parts.push(document.createTextNode((parts.length ? " " : "") + "Left out, as no action uses " +
        (search.leftOut.length === 1 ? "it" : "them") + ": " +
        search.leftOut.map(function (w) { return "“" + shown(w) + "”"; }).join(", ") + "."));
    }
    parts.forEach(function (node) { rewriteEl.appendChild(node); });
    rewriteEl.hidden = !parts.length;
  }

  /* When nothing matches well: say so, and offer the closest topics; the helplines show too. */
  function fillWeak(search, engine, query) {
    weakTopics.textContent = "";
    weakEl.hidden = !search.weak;
    if (!search.weak) return;
    var topicsOf = Object.create(null);
    Object.keys(engine.byRef).forEach(function (ref) { topicsOf[ref] = engine.byRef[ref].topics; });
    var topics = closestTopics(engine.lunr, search.results, topicsOf, engine.store.names.topics, query);
    topics.forEach(function (id) {
      var item = document.createElement("li");
      var a = document.createElement("a");
      a.href = config.siteUrl + "topics/" + encodeURIComponent(id) + "/";
      a.textContent = engine.store.names.topics[id];
      item.appendChild(a);
      weakTopics.appendChild(item);
    });
    weakTopics.hidden = !topics.length;
  }

  /* "Did you mean nudification?": each closest word a link to the query with it in place. */
  function fillSuggestions(query, suggestions) {
    suggestEl.textContent = "";
    suggestEl.hidden = !suggestions.length;
    if (!suggestions.length) return;
    suggestEl.appendChild(document.createTextNode("Did you mean "));
    var links = [];
    suggestions.forEach(function (s) {
      s.closest.forEach(function (word) { links.push(replaceWord(query, s.word, word)); });
    });
    links.forEach(function (q, i) {
      if (i > 0) suggestEl.appendChild(document.createTextNode(i === links.length - 1 ? " or " : ", "));
      var a = document.createElement("a");
      a.href = urlFor({ q: q, exact: false, pillar: "", topic: "", organisation: "", status: "", progress: "", schedule: "" });
      a.textContent = q;
      a.addEventListener("click", function (event) {
        event.preventDefault();
        commit({ q: q, exact: false, pillar: "", topic: "", organisation: "", status: "", progress: "", schedule: "" });
      });
      suggestEl.appendChild(a);
    });
    suggestEl.appendChild(document.createTextNode("?"));
  }

  var lastSearch = null; // the query last run and what it found: changing a filter does not re-run it

  function render(state, engine, measure, searched) {
    if (observer) observer.disconnect();
    list.textContent = "";
    var query = state.q.trim();
    if (!query) {
      settled();
      list.hidden = true;
      filterBox.hidden = true;
      suggestEl.hidden = true;
      rewriteEl.hidden = true;
      helpEl.hidden = true;
      weakEl.hidden = true;
      moneyEl.hidden = true;
      statusEl.textContent = "";
      return;
    }
    var search = searched.found, found = search.results;
    var docs = [], results = [];
    found.forEach(function (result) {
      var doc = engine.byRef[result.ref];
      if (doc) { docs.push(doc); results.push(result); }
    });
    setOptions(selects.pillar, facetCounts(docs, "pillar"), labels.pillar, state.pillar, false);
    setOptions(selects.topic, facetCounts(docs, "topic"), engine.store.names.topics, state.topic, true);
    setOptions(selects.organisation, facetCounts(docs, "organisation"), engine.store.names.organisations,
      state.organisation, true);
    setOptions(selects.status, facetCounts(docs, "status"), standingShort, state.status, true);
    setOptions(selects.progress, facetCounts(docs, "progress"), labels.status, state.progress, true);
    setOptions(selects.schedule, facetCounts(docs, "schedule"), labels.schedule, state.schedule, true);
    var applied = FILTERS.filter(function (name) { return state[name]; }).length;
    filterBox.hidden = docs.length === 0 && !applied;
    filterSummary.textContent = "Filter results" + (applied ? " (" + applied + " applied)" : "");
    fillSuggestions(query, search.suggestions);
    fillRewrites(state, search);
    fillWeak(search, engine, query);
    helpEl.hidden = !(search.help || search.weak);
    moneyEl.hidden = search.pointers.indexOf("money") < 0;

    var kept = 0, everyWord = 0;
    var fragment = document.createDocumentFragment();
    docs.forEach(function (doc, i) {
      if (!passes(doc, state)) return;
      kept += 1;
      if (results[i].shared === search.words) everyWord += 1;
      fragment.appendChild(renderResult(doc, results[i], engine));
    });
    list.appendChild(fragment);
    list.hidden = kept === 0;
    settled();

    var label = "“" + shown(query) + "”";
    // Words the plan never uses were searched as their closest words, which "Did you mean" names.
    var unknown = search.suggestions.map(function (s) { return "“" + shown(s.word) + "”"; });
    var closest = search.suggestions.reduce(function (n, s) { return n + s.closest.length; }, 0);
    var message = kept === 0
      ? "No results for " + label + (applied && docs.length ? " with these filters (" + docs.length + " without them)" : "")
      : (unknown.length ? "No action says " + unknown.join(" or ") + "; " : "") +
        kept + (kept === 1 ? " result" : " results") +
        (unknown.length ? (closest === 1 ? " with the closest word instead" : " with the closest words instead") : " for " + label) +
        (search.partial ? ", " + everyWord + " with every word" : "") +
        (applied && kept !== docs.length ? " (filtered from " + docs.length + ")" : "");
    if (search.tooFuzzy) {
      message += ". Fuzzy search allows at most " + MAX_EDIT_DISTANCE + " letters different (~" + MAX_EDIT_DISTANCE +
        "); the query was too fuzzy, so it was searched with ~" + MAX_EDIT_DISTANCE;
    }
    announce(message);
    if (measure && root.performance && performance.mark) performance.mark("search:first-results");

    var items = list.children;
    if ("IntersectionObserver" in root) {
      observer = new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
          if (entry.isIntersecting) { upgradeSnippet(entry.target, engine); observer.unobserve(entry.target); }
        });
      }, { rootMargin: "200px" });
      for (var i = 0; i < items.length; i++) observer.observe(items[i]);
    } else {
      for (var j = 0; j < Math.min(items.length, SNIPPETS_AT_ONCE); j++) upgradeSnippet(items[j], engine);
    }
  }

  var firstRender = true;

  /* While results are on their way, their room is kept (a screen's height) and the help that
     follows them waits, so that nothing on screen moves when they arrive (issue 23: CLS 0.42 at
     375 px, the help pushed down by the results). */
  function pending() {
    if (list.childNodes.length) return;
    list.hidden = false;
    list.classList.add("search-results--pending");
    document.getElementById("search-help").hidden = true;
  }

  function settled() {
    if (!list.classList.contains("search-results--pending")) return;
    list.classList.remove("search-results--pending");
    document.getElementById("search-help").hidden = false;
  }

  function show(state) {
    input.value = state.q;
    FILTERS.forEach(function (name) { selects[name].value = state[name]; });
    if (!state.q.trim()) { render(state, null); return; }
    pending();
    statusEl.textContent = "Searching…";
    load().then(function (engine) {
      // A task boundary before searching: an Exit click or Shift press already queued acts first.
      return new Promise(function (resolve) { root.setTimeout(function () { resolve(engine); }, 0); });
    }).then(function (engine) {
      var target = identifierOf(state.q, engine.store.known);
      if (target) {
        // An action number goes straight to the action; replace() keeps Back working.
        statusEl.textContent = "Going to action " + target.ref + "…";
        return rowsFor(engine, [target.ref]).then(function () {
          root.location.replace(config.siteUrl + engine.byRef[target.ref].url +
            (target.subitem ? "#" + target.subitem : ""));
        });
      }
      return searchReady(engine, state).then(function (searched) {
        return rowsFor(engine, searched.found.results.map(function (r) { return r.ref; })).then(function () {
          render(state, engine, firstRender, searched);
          firstRender = false;
        });
      });
    }).catch(function (error) {
      loading = null;
      statusEl.textContent = "Search could not load (" + error.message + "). Browse all actions instead.";
    });
  }

  function start() {
    container = document.getElementById("search");
    if (!container) return;
    form = document.getElementById("search-form");
    input = document.getElementById("search-input");
    statusEl = document.getElementById("search-status");
    suggestEl = document.getElementById("search-suggest");
    moneyEl = document.getElementById("search-pointer-money");
    rewriteEl = document.getElementById("search-rewrite");
    helpEl = document.getElementById("search-helplines");
    weakEl = document.getElementById("search-weak");
    weakTopics = document.getElementById("search-weak-topics");
    list = document.getElementById("search-results");
    filterBox = document.getElementById("search-filters");
    filterSummary = document.getElementById("search-filters-summary");
    selects = {
      pillar: document.getElementById("search-pillar"),
      topic: document.getElementById("search-topic"),
      organisation: document.getElementById("search-organisation"),
      status: document.getElementById("search-at-publication"),
      progress: document.getElementById("search-progress"),
      schedule: document.getElementById("search-schedule")
    };
    document.getElementById("search-nojs").hidden = true;
    document.getElementById("search-help").hidden = false;

    form.addEventListener("submit", onSubmit);
    FILTERS.forEach(function (name) {
      selects[name].addEventListener("change", onFilter);
      // A new visit to a filter makes a new history entry; the changes during it replace it.
      selects[name].addEventListener("focus", function () { filtering = false; });
      selects[name].addEventListener("blur", function () { filtering = false; });
    });
    root.addEventListener("popstate", function () { show(stateFromURL()); });
    // Load the index as soon as the reader shows an intent to search, not before.
    input.addEventListener("focus", function () { load().catch(function () { loading = null; }); }, { once: true });
    show(stateFromURL());
  }

  function commit(state) {
    root.history.pushState(state, "", urlFor(state));
    show(state);
  }

  function onSubmit(event) {
    event.preventDefault();
    var state = currentState();
    // A new query starts without the previous query's filters.
    FILTERS.forEach(function (name) { state[name] = ""; });
    commit(state);
  }

  /* Arrow keys on a closed select change it once per key press: the first change of a visit to
     the filter adds one history entry, the rest replace it, so Back undoes the filter in one step. */
  var filtering = false;

  function onFilter() {
    var state = currentState();
    var before = stateFromURL();
    state.q = before.q || state.q;
    state.exact = before.q ? before.exact : false;
    if (filtering) {
      root.history.replaceState(state, "", urlFor(state));
      show(state);
    } else {
      filtering = true;
      commit(state);
    }
  }

  // A query in the address means the reader is searching: start the downloads now, while the
  // page is still being parsed.
  if (new URLSearchParams(root.location.search).get("q")) load().catch(function () { loading = null; });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})(typeof window !== "undefined" ? window : globalThis);
