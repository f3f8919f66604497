#!/usr/bin/env node
/* lunr.js 2.3.9 and the page's own search code (theme/static/js/search.js), for the Python tests.
 *
 *   node lunr_tool.js COMMAND INPUT.json  ->  JSON on stdout
 *
 * build    {documents: [{ref, fields: {name: text}}], fields: [[name, boost]]}
 *          -> the index lunr.js builds from the same text, serialised (index.toJSON())
 * unpack   packed index (search/lunr-index.json) -> what search.js hands lunr.Index.load
 * search   {packed, queries: [..], raw: bool, standard: bool, exact: bool, english: [words] or absent}
 *          -> {query: {kind, results: [[ref, score], ..], shared, words, suggestions, pointers, rewrites,
 *              leftOut, help, weak, check}}
 *          (raw: lunr's index.search only; otherwise the page's runSearch with its fallbacks;
 *          standard: load with lunr.Index.load(unpackIndex(..)) instead of the page's loadIndex)
 * split    {head, shards: [..], queries: [..], exact: bool, english: [words] or absent}
 *          -> {query: {results: [[ref, score], ..], shards: [numbers fetched], ...as search}}: the page's
 *          searchSplit on the split index, from an empty cache for each query
 * pipeline {texts: [..]} -> for each text, the terms lunr.js indexes (tokenizer + pipeline)
 * topics   {packed, store, queries: [..], english: [words]} -> {query: the page's closest topics (ids)}
 * identify {refs: [..], queries: [..]} -> {query: {ref, subitem} or null}: the page's action-number rule
 * snippet  {packed, text, terms} -> the page's snippet segments [{text, mark}]
 * distance {pairs: [[a, b], ..], max} -> the page's edit distance of each pair (max + 1 beyond max)
 * replace  {cases: [[query, word, by], ..]} -> the page's "Did you mean" query for each
 */
"use strict";
const fs = require("fs");
const path = require("path");
const repo = path.resolve(__dirname, "..", "..");
const lunr = require(path.join(repo, "node_modules", "lunr"));
// SEARCH_JS: another copy of the page's script (the lean one the build serves, plugins/lean_scripts).
const core = require(process.env.SEARCH_JS || path.join(repo, "theme", "static", "js", "search.js"));
const snippet = require(path.join(repo, "theme", "static", "js", "search-snippet.js"));
core.prepareLunr(lunr);

const [command, inputPath] = process.argv.slice(2);
const input = JSON.parse(fs.readFileSync(inputPath, "utf8"));

function indexPipeline(pipeline) {
  pipeline.add(lunr.trimmer, core.normaliseToken, lunr.stopWordFilter, lunr.stemmer);
}

// What a search answered, as the tests compare it: the whole index's and the split one's alike.
function answer(found) {
  return {
    kind: found.kind,
    results: found.results.map((r) => [r.ref, Math.round(r.score * 1e6) / 1e6]),
    shared: found.results.map((r) => r.shared),
    words: found.words,
    suggestions: found.suggestions,
    pointers: found.pointers,
    rewrites: found.rewrites,
    leftOut: found.leftOut,
    help: found.help,
    weak: found.weak,
    tooFuzzy: Boolean(found.tooFuzzy),
  };
}

const commands = {
  build() {
    const index = lunr(function () {
      this.pipeline.reset();
      this.searchPipeline.reset();
      indexPipeline(this.pipeline);
      this.searchPipeline.add(lunr.trimmer, core.normaliseToken, lunr.stemmer);
      this.ref("ref");
      input.fields.forEach(([name, boost]) => this.field(name, { boost }));
      input.documents.forEach((doc) => this.add(Object.assign({ ref: doc.ref }, doc.fields)));
    });
    return index.toJSON();
  },
  unpack() {
    return core.unpackIndex(input);
  },
  search() {
    // The page's loader, or (standard: true) lunr's own Index.load of the unpacked serialisation.
    const index = input.standard
      ? core.attachVocabulary(lunr.Index.load(core.unpackIndex(input.packed)), input.packed)
      : core.loadIndex(lunr, input.packed);
    const out = Object.create(null); // a query may be "__proto__"
    // The word list as the page has it once it has fetched a query's files (search/words/<n>.txt).
    const english = input.english ? new Set(input.english) : null;
    const options = { exact: !!input.exact, english: english ? (w) => english.has(w) : undefined };
    for (const query of input.queries) {
      const started = process.hrtime.bigint();
      const found = input.raw ? { kind: "raw", results: index.search(query) } : core.runSearch(lunr, index, query, options);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      out[query] = {
        ...answer(found),
        ms,
        check: input.raw ? [] : core.wordsToCheck(lunr, index, query),
      };
    }
    return out;
  },
  async split() {
    const english = input.english ? new Set(input.english) : null;
    const lookup = english ? (w) => english.has(w) : undefined;
    const out = Object.create(null);
    for (const query of input.queries) {
      const split = core.splitIndex(lunr, input.head);
      const fetched = [];
      const need = {
        shards: async (numbers) => {
          fetched.push(...numbers);
          core.addShards(split, numbers.map((n) => [n, input.shards[n]]));
        },
        english: async () => lookup,
        words: async () => { fetched.push("words"); return input.words; },
      };
      const found = await core.searchSplit(split, query, { exact: !!input.exact }, need);
      out[query] = {
        ...answer(found),
        shards: fetched.filter((n) => n !== "words").sort((a, b) => a - b),
        wordList: fetched.includes("words"),
      };
    }
    return out;
  },
  topics() {
    const index = core.loadIndex(lunr, input.packed);
    const english = new Set(input.english || []);
    const store = input.store;
    const topicsOf = Object.create(null), names = Object.create(null);
    const column = store.columns.indexOf("topics");
    store.documents.forEach((row) => { topicsOf[row[0]] = row[column].map((n) => store.topics[n][0]); });
    store.topics.forEach(([id, name]) => { names[id] = name; });
    const out = Object.create(null);
    for (const query of input.queries) {
      const found = core.runSearch(lunr, index, query, { english: (w) => english.has(w) });
      out[query] = core.closestTopics(lunr, found.results, topicsOf, names, query);
    }
    return out;
  },
  identify() {
    const refs = Object.create(null);
    input.refs.forEach((ref) => { refs[ref] = true; });
    const out = Object.create(null);
    for (const query of input.queries) out[query] = core.identifierOf(query, refs);
    return out;
  },
  distance() {
    return input.pairs.map(([a, b]) => core.editDistance(a, b, input.max));
  },
  replace() {
    return input.cases.map(([query, word, by]) => core.replaceWord(query, word, by));
  },
  snippet() {
    const index = lunr.Index.load(core.unpackIndex(input.packed));
    return snippet(index, input.text, input.terms);
  },
  pipeline() {
    const pipeline = new lunr.Pipeline();
    indexPipeline(pipeline);
    return input.texts.map((text) => pipeline.run(lunr.tokenizer(text)).map(String));
  },
};

if (!commands[command]) {
  process.stderr.write(`unknown command ${command}\n`);
  process.exit(2);
}
Promise.resolve(commands[command]()).then((answer) => process.stdout.write(JSON.stringify(answer)));
