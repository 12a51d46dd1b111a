// What the office page keeps in this browser: the files received (IndexedDB: a round is tens of megabytes, more
// than localStorage holds) and the office's choice per application (localStorage).
import { config } from "../shared/config.js";
import { message } from "../shared/text.js";

const CHOICES = `ku-office:v1:${config.year}:choices`;

/** @typedef {{name: string, bytes: Uint8Array}} Received */

/** @type {Promise<IDBDatabase> | null} */
let opened = null;

function open() {
  opened = opened || new Promise((resolve, reject) => {
    const request = indexedDB.open("ku-office", 1);
    request.onupgradeneeded = () => request.result.createObjectStore("files", { autoIncrement: true });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  return opened;
}

/**
 * One transaction on the files: `act`'s request's result once it is complete.
 * @param {IDBTransactionMode} mode
 * @param {(store: IDBObjectStore) => IDBRequest | void} act
 * @returns {Promise<any>}
 */
async function run(mode, act) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction("files", mode);
    const result = act(tx.objectStore("files"));
    tx.oncomplete = () => resolve(result && result.result);
    tx.onerror = () => reject(tx.error);
  });
}

/** @returns {Promise<Received[]>} every file kept */
export const keptFiles = () => run("readonly", (store) => store.getAll());
/** @param {Received[]} records */
export const keepFiles = (records) => run("readwrite", (store) => { records.forEach((record) => store.add(record)); });
export const forgetFiles = () => run("readwrite", (store) => store.clear());

/** @param {Record<string, string>} choices */
export function saveChoices(choices) {
  try {
    localStorage.setItem(CHOICES, JSON.stringify(choices));
  } catch (error) {
    message(String(error), true); // the storage is full: the choices still work until reload
  }
}

/** @returns {Record<string, "national" | "provincial">} the choices kept ({} where none or damaged) */
export function keptChoices() {
  try {
    const saved = JSON.parse(localStorage.getItem(CHOICES) || "null");
    if (saved && typeof saved === "object") return saved;
  } catch (error) {
    /* a damaged entry is ignored */
  }
  return {};
}

export const forgetChoices = () => localStorage.removeItem(CHOICES);
