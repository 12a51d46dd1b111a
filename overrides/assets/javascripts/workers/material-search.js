// The site's search worker, named in Material's page configuration by generator/site/material.py. Material documents
// its search worker as replaceable: the page and the worker speak in four messages (SearchMessage in Material's
// source). This one answers the page and hands the work to Material's own worker, unchanged, run as a worker of its
// own (?worker=), with the site's tuned index (?documents=, written by generator/site/search.py) and each query read
// by the words of that index. All that this site knows of Material's search is in this file; its contract with the
// installed Material: tests/test_material_contract.py. (A worker started by a worker: Chromium, Firefox, Safari 15.5+;
// where it cannot start, the search finds nothing and the console says why.)
//
// On the form page and the collecting desk (?lazy=1) the index and Material's worker load on the first query: building
// the Chinese index takes CPU that Python needs to start (on two cores, about a third of a second).
//
// Material cuts a Chinese query into pieces of the index that never reach its last character (学员人数 became 学员*
// 人*, so 人 matched 人力资源 and 人才). Here a query is cut into the longest words of the index that fit it; each is
// asked for as a whole word first (WHOLE times the weight) and as the start of a longer word after; a character that
// is no word of its own is asked for only as itself. A word is written with lunr's escape between its characters
// (学\员): Material's cutter then sees single characters and leaves them, and lunr reads the word whole.
"use strict";

const SETUP = 0; // Material's SearchMessageType: SETUP, READY, QUERY, RESULT
const READY = 1;
const QUERY = 2;
const RESULT = 3;
const WHOLE = 10;
const HAN = /\p{sc=Han}+/gu;
// lunr's English stop words (lunr.stopWordFilter): asked for with Material's trailing *, of… would match office.
const STOP = new Set(
  ("a able about across after all almost also am among an and any are as at be because been but by can cannot could " +
    "dear did do does either else ever every for from get got had has have he her hers him his how however i if in " +
    "into is it its just least let like likely may me might most must my neither no nor not of off often on only or " +
    "other our own rather said say says she should since so some than that the their them then there these they " +
    "this tis to too twas us wants was we were what when where which while who whom why will with would yet you your").split(" "),
);

const params = new URL(self.location.href).searchParams;
const words = new Set();
let longest = 1;
let setOptions;
const options = new Promise((resolve) => (setOptions = resolve)); // Material's setup options, from the page's SETUP
let material = null; // Material's worker, once it has built its index
// Material's worker answers each query in turn. Only the answer to the last query asked is shown: an earlier one's
// (the box's empty query, sent as it takes the focus) would show 没有找到 over what has been typed since.
let asked = 0;
let answered = 0;

function learn(docs) {
  for (const doc of docs)
    for (const field of [doc.title, doc.text])
      for (const word of String(field || "").split(/\P{sc=Han}+/u))
        if (word.length > 1) {
          words.add(word);
          longest = Math.max(longest, word.length);
        }
}

// The words of a run of Chinese: of all cuts into known words and single characters, the one whose pieces' squared
// lengths sum highest (long words win, single characters are the last resort).
function cut(run) {
  const best = [{ score: 0, pieces: [] }];
  for (let end = 1; end <= run.length; end++)
    for (let start = Math.max(0, end - longest); start < end; start++) {
      const piece = run.slice(start, end);
      if (piece.length > 1 && !words.has(piece)) continue;
      const score = best[start].score + piece.length ** 2;
      if (!best[end] || score > best[end].score) best[end] = { score, pieces: [...best[start].pieces, piece] };
    }
  return best[run.length].pieces;
}

// Material adds a trailing * to a term with no boost: "学\员^10 学\员" asks for 学员 exactly, then for 学员….
function ask(word) {
  if (word.length === 1) return `${word}^1`;
  const whole = [...word].join("\\");
  return `${whole}^${WHOLE} ${whole}`;
}

function read(query) {
  const terms = query.replace(HAN, (run) => ` ${cut(run).map(ask).join(" ")} `).trim().split(/\s+/);
  const kept = terms.filter((term) => !(/^[a-z]+$/i.test(term) && STOP.has(term.toLowerCase())));
  return (kept.length ? kept : terms).join(" ");
}

// Material's worker with the site's index, ready for queries (once; again after a failure). The worker's script loads
// while the index does.
function start() {
  material =
    material ||
    (async () => {
      const worker = new Worker(new URL(params.get("worker"), self.location.href));
      const response = await fetch(new URL(params.get("documents"), self.location.href));
      if (!response.ok) throw new Error(`search index: HTTP ${response.status}`);
      const index = await response.json();
      learn(index.docs);
      const setup = { type: SETUP, data: { ...index, options: await options } };
      await new Promise((resolve, reject) => {
        worker.onmessage = ({ data }) => data && data.type === READY && resolve();
        worker.onerror = (event) => reject(new Error(event.message || "Material's search worker did not start"));
        worker.postMessage(setup);
      });
      worker.onmessage = ({ data }) => {
        if (data && data.type === RESULT && ++answered < asked) return; // a query typed over since
        self.postMessage(data); // its results, to the page
      };
      return worker;
    })();
  material.catch(() => (material = null));
  return material;
}

self.onmessage = async ({ data }) => {
  if (!data) return;
  if (data.type === SETUP) {
    setOptions((data.data && data.data.options) || {});
    self.postMessage({ type: READY }); // queries wait here until Material's worker has its index
    return;
  }
  if (data.type !== QUERY) return;
  const query = String(data.data || "");
  // What Material shows for an empty query (its worker answers the same), without loading anything for it.
  if (!query.trim() && !material) return self.postMessage({ type: RESULT, data: { items: [] } });
  try {
    const worker = await start();
    asked++;
    worker.postMessage({ type: QUERY, data: read(query) });
  } catch (error) {
    console.warn("Search is not available:", error);
    self.postMessage({ type: RESULT, data: { items: [] } });
  }
};

// Except on the pages that start Python, the index loads at once, without waiting for the page's SETUP.
if (!params.has("lazy")) start().catch(() => {});
