// Files the user downloads: bytes Python wrote, or the draft the page holds.

/** The type of each format Python writes. */
export const TYPES = {
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
};

/**
 * Save bytes (or text) as a file the user downloads.
 * @param {string} name
 * @param {BlobPart} bytes
 * @param {string} type
 */
export function download(name, bytes, type) {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const link = Object.assign(document.createElement("a"), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
