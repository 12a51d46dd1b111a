// Where the worker keeps Python's memory snapshot between visits, and in what form.
//
// Kept in Cache Storage; on plain http away from localhost (not a secure context) there is none, and IndexedDB
// keeps it instead. Either holds one snapshot, named by the build's version.
//
// A snapshot is Python's whole memory, about 31 MB, more than half of it pages of zeros. Only the other pages are
// stored (about 13 MB): a repeat visit waits for the read of the snapshot before Python can start, and the read
// takes time in proportion to its size. Rebuilding the full memory from the stored pages takes a few ms.

const NAME = "ku-python-snapshot";
const PAGE = 4096;
const MAGIC = 0x3150_5a4b; // "KZP1", little-endian: a packed snapshot of this format

/** Whether the page of `words` (a Uint32Array view of the memory) from word `from` to word `to` is all zeros. */
function zeroPage(words, from, to) {
  for (let i = from; i < to; i++) if (words[i] !== 0) return false;
  return true;
}

/**
 * The snapshot without its pages of zeros: a header of Uint32 [MAGIC, length, runs, (first page, pages) per run],
 * then the bytes of each run of non-zero pages, in order.
 * @param {Uint8Array} bytes
 * @returns {Uint8Array}
 */
export function pack(bytes) {
  const whole = Math.floor(bytes.length / 4);
  const words = bytes.byteOffset % 4 === 0 ? new Uint32Array(bytes.buffer, bytes.byteOffset, whole) : new Uint32Array(bytes.slice(0, whole * 4).buffer);
  const pages = Math.ceil(bytes.length / PAGE);
  const runs = [];
  for (let page = 0; page < pages; page++) {
    const from = (page * PAGE) / 4;
    const tail = page === pages - 1 && bytes.length % 4 !== 0; // the last few bytes are not a whole word: kept
    if (!tail && zeroPage(words, from, Math.min(from + PAGE / 4, whole))) continue;
    const last = runs[runs.length - 1];
    if (last && last[0] + last[1] === page) last[1]++;
    else runs.push([page, 1]);
  }
  const header = new Uint32Array([MAGIC, bytes.length, runs.length, ...runs.flat()]);
  const spans = runs.map(([first, count]) => bytes.subarray(first * PAGE, Math.min((first + count) * PAGE, bytes.length)));
  const packed = new Uint8Array(header.byteLength + spans.reduce((sum, span) => sum + span.length, 0));
  packed.set(new Uint8Array(header.buffer));
  let at = header.byteLength;
  for (const span of spans) {
    packed.set(span, at);
    at += span.length;
  }
  return packed;
}

/**
 * The full snapshot again, or null when `packed` is not one this code wrote.
 * @param {ArrayBuffer} packed
 * @returns {Uint8Array | null}
 */
export function unpack(packed) {
  if (packed.byteLength < 12) return null;
  const [magic, length, count] = new Uint32Array(packed, 0, 3);
  if (magic !== MAGIC || packed.byteLength < 12 + count * 8) return null;
  const runs = new Uint32Array(packed, 12, count * 2);
  const bytes = new Uint8Array(length);
  let at = 12 + count * 8;
  for (let i = 0; i < count; i++) {
    const start = runs[2 * i] * PAGE;
    const size = Math.min(runs[2 * i + 1] * PAGE, length - start);
    if (size < 0 || at + size > packed.byteLength) return null;
    bytes.set(new Uint8Array(packed, at, size), start);
    at += size;
  }
  return at === packed.byteLength ? bytes : null;
}

const cacheKey = (base, version) => new Request(`${base}snapshot/${version}`);

function cacheStore(base) {
  return {
    async get(version) {
      const response = await (await caches.open(NAME)).match(cacheKey(base, version));
      return response ? response.arrayBuffer() : null;
    },
    async put(version, packed) {
      const cache = await caches.open(NAME);
      for (const old of await cache.keys()) await cache.delete(old);
      await cache.put(cacheKey(base, version), new Response(packed));
    },
    clear: () => caches.delete(NAME),
  };
}

// One object store, "snapshots", keyed by version; `use` makes the request whose result is wanted.
function inDatabase(mode, use) {
  return new Promise((resolve, reject) => {
    const opening = indexedDB.open(NAME, 1);
    opening.onupgradeneeded = () => opening.result.createObjectStore("snapshots");
    opening.onerror = () => reject(opening.error);
    opening.onsuccess = () => {
      const db = opening.result;
      const transaction = db.transaction("snapshots", mode);
      const request = use(transaction.objectStore("snapshots"));
      transaction.oncomplete = () => {
        db.close();
        resolve(request.result);
      };
      transaction.onerror = transaction.onabort = () => {
        db.close();
        reject(transaction.error);
      };
    };
  });
}

const databaseStore = {
  async get(version) {
    const stored = await inDatabase("readonly", (store) => store.get(version));
    return stored instanceof ArrayBuffer ? stored : null;
  },
  put: (version, packed) =>
    inDatabase("readwrite", (store) => {
      store.clear();
      return store.put(packed.buffer, version);
    }),
  clear: () => inDatabase("readwrite", (store) => store.clear()),
};

/**
 * The snapshot store of this browser: get(version) gives the snapshot or null (never throws), put(version, bytes)
 * keeps it in place of any other, clear() forgets it.
 * @param {string} base the runtime's folder URL, which names the Cache Storage entry
 */
export function snapshotStore(base) {
  const store = self.caches ? cacheStore(base) : databaseStore;
  return {
    async get(version) {
      try {
        const packed = await store.get(version);
        return packed ? unpack(packed) : null;
      } catch (error) {
        return null;
      }
    },
    put: (version, bytes) => store.put(version, pack(bytes)),
    clear: () => store.clear(),
  };
}
