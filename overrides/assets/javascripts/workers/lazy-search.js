// Material's search worker, started when the reader first searches instead of at page load. On the form
// page and the collecting desk, building the Chinese search index at load takes CPU that Python needs
// to start (on two cores, about a third of a second). The page is told at once that the index is ready,
// and the empty query Material then sends is answered here; the first real query loads the real worker
// (?worker=, in this folder so that its own relative paths hold), gives it the setup, and hands it the
// queries once it has built its index. (The page itself asks for the index only when the reader turns to
// search: ../lazy-search-index.js.)
const SETUP = 0;
const READY = 1;
const QUERY = 2;
const RESULT = 3;
let setup = null;
let queue = null; // queries waiting for the real worker's index
const listeners = [];
const post = self.postMessage.bind(self);

function deliver(data) {
  const event = new MessageEvent("message", { data });
  listeners.forEach((listener) => listener(event));
}

self.onmessage = ({ data }) => {
  if (data.type === SETUP) {
    setup = data;
    post({ type: READY });
    return;
  }
  if (listeners.length && queue === null) return deliver(data);
  if (queue) return queue.push(data);
  // What Material shows for an empty query (its worker answers the same), without loading lunr for it.
  if (data.type === QUERY && !String(data.data || "").trim()) return post({ type: RESULT, data: { items: [] } });
  queue = [data];
  // The real worker listens with addEventListener: keep its listeners, and learn when its index is ready.
  const add = self.addEventListener.bind(self);
  self.addEventListener = (type, listener, ...rest) => (type === "message" ? listeners.push(listener) : add(type, listener, ...rest));
  self.postMessage = (message, ...rest) => {
    if (message && message.type === READY && queue) {
      const waiting = queue;
      queue = null;
      waiting.forEach(deliver);
      return;
    }
    post(message, ...rest);
  };
  importScripts(new URL(self.location).searchParams.get("worker"));
  deliver(setup);
};
