// Material's search worker (named by ?worker=, in this folder), with each Chinese query read by the words of
// the site's own index. Material cuts a Chinese query into pieces of the index that never reach its last
// character (学员人数 became 学员* 人*, so 人 matched 人力资源 and 人才). Here a query is cut into the longest
// words of the index that fit it; each is asked for as a whole word first (WHOLE times the weight) and as the
// start of a longer word after; a character that is no word of its own is asked for only as itself. The index
// is cut at build time (generator/site/search.py) the way the query is read.
// In a scope of its own: lazy-search.js, which may load this file, has names of the same kind.
(() => {
  const SETUP = 0;
  const QUERY = 2;
  const WHOLE = 10;
  const HAN = /\p{sc=Han}+/gu;
  const words = new Set();
  let longest = 1;

  function learn(docs) {
    for (const doc of docs)
      for (const field of [doc.title, doc.text])
        for (const word of String(field || "").split(/\P{sc=Han}+/u))
          if (word.length > 1) {
            words.add(word);
            longest = Math.max(longest, word.length);
          }
  }

  // The words of a run of Chinese: of all cuts into known words and single characters, the one whose pieces'
  // squared lengths sum highest (long words win, single characters are the last resort).
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

  // Material adds a trailing * to a term with no boost: "学员^10 学员" asks for 学员 exactly, then for 学员….
  const ask = (word) => (word.length > 1 ? `${word}^${WHOLE} ${word}` : `${word}^1`);
  // An English stop word would be asked for as the start of a word too (of… matches office), so it is left out.
  const stop = (word) => /^[a-z]+$/i.test(word) && !self.lunr.stopWordFilter(word.toLowerCase());

  function read(query) {
    const terms = query.replace(HAN, (run) => ` ${cut(run).map(ask).join(" ")} `).trim().split(/\s+/);
    const kept = terms.filter((term) => !stop(term));
    return (kept.length ? kept : terms).join(" ");
  }

  // Registered before Material's own listener, so that Material reads the rewritten query.
  self.addEventListener("message", ({ data }) => {
    if (data && data.type === SETUP) learn(data.data.docs);
    else if (data && data.type === QUERY && typeof data.data === "string") data.data = read(data.data);
  });

  // Material's worker is the innermost ?worker= (lazy-search.js?worker=<this file?worker=…> on the Python pages).
  let worker = new URL(self.location.href);
  while (worker.searchParams.has("worker")) worker = new URL(worker.searchParams.get("worker"), worker);
  importScripts(worker.href);

  // Material then cuts each Chinese run again by what the index holds ("in"): it holds nothing, to Material's
  // cutter, so each word read above stays whole. Lunr itself reads the index by key, never with "in".
  const build = self.lunr.Builder.prototype.build;
  self.lunr.Builder.prototype.build = function () {
    const index = build.call(this);
    index.invertedIndex = new Proxy(index.invertedIndex, { has: () => false });
    return index;
  };
})();
