"""The second visit starts Python from a memory snapshot; a snapshot that cannot be used means a normal start."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import load

pytestmark = pytest.mark.cold  # a first visit, or a start that fails, is the subject

DOCS = Path(__file__).resolve().parent.parent / "docs"


def ready(page):
    page.wait_for_function("document.body.dataset.python === 'ready'", timeout=90_000)


def wait_kept(page):
    """Until the snapshot is in Cache Storage (evaluate awaits the promise; wait_for_function would not)."""
    for _ in range(300):
        if page.evaluate("caches.open('ku-python-snapshot').then(c => c.keys()).then(k => k.length)") == 1:
            return
        page.wait_for_timeout(100)
    raise AssertionError("no snapshot was kept")


def test_second_visit_restores_python_and_checks_the_same(page, base_url):
    logs = []
    page.on("console", lambda m: logs.append(m.text))
    page.goto(f"{base_url}zh/form/")
    ready(page)
    assert page.evaluate("document.body.dataset.pythonSnapshot") == "no"
    wait_kept(page)
    page.reload()
    ready(page)
    assert page.evaluate("document.body.dataset.pythonSnapshot") == "yes", logs
    page.locator("#f-trainees").fill("25")
    page.get_by_label("省级（附件2）").check()
    page.wait_for_selector("#ku-summary-list li[data-rule='trainees.minimum']")
    # files and printing still work after a restore (openpyxl is imported again)
    page.locator("#f-project_name").fill(load("provincial-valid.json")["data"]["project_name"])
    page.evaluate("window.print = () => {}")
    page.locator("#ku-print-button").click()
    page.wait_for_selector("#ku-print .ku-form", state="attached")


# Not a snapshot this site wrote (an older format, a damaged entry); one packed by snapshots.js itself whose memory
# is not Python's. `pack` is snapshots.js's, imported in the page.
UNUSABLE = {
    "not ours": "new Uint8Array(1000)",
    "not Python's memory": "pack(new Uint8Array(8192).fill(0x55))",
}


@pytest.mark.parametrize("stored", UNUSABLE.values(), ids=UNUSABLE.keys())
def test_an_unusable_snapshot_falls_back_to_a_normal_start(page, base_url, stored):
    page.goto(f"{base_url}zh/form/")
    ready(page)
    wait_kept(page)
    page.evaluate(f"""async () => {{
        const {{ pack }} = await import(new URL('../assets/shared/snapshots.js', location.href));
        const cache = await caches.open('ku-python-snapshot');
        for (const key of await cache.keys()) await cache.put(key, new Response({stored}));
    }}""")
    page.reload()
    ready(page)
    assert page.evaluate("document.body.dataset.pythonSnapshot") == "no"
    page.locator("#f-trainees").fill("25")
    page.get_by_label("省级（附件2）").check()
    page.wait_for_selector("#ku-summary-list li[data-rule='trainees.minimum']")


def test_the_kept_snapshot_leaves_out_its_pages_of_zeros(page, base_url):
    """Python's memory is mostly zeros: what is stored (and read before a repeat visit can start) is much smaller."""
    page.goto(f"{base_url}zh/form/")
    ready(page)
    wait_kept(page)
    stored, memory = page.evaluate("""async () => {
        const { unpack } = await import(new URL('../assets/shared/snapshots.js', location.href));
        const cache = await caches.open('ku-python-snapshot');
        const [key] = await cache.keys();
        const packed = await (await cache.match(key)).arrayBuffer();
        return [packed.byteLength, unpack(packed).length];
    }""")
    assert memory > 16 * 2**20
    assert stored < 0.6 * memory, (stored, memory)
    # the privacy page tells people how much their browser keeps
    for lang, pattern in (("zh", r"快照（约 (\d+) MB"), ("en", r"memory on your computer \(about (\d+) MB")):
        said = int(re.search(pattern, (DOCS / lang / "privacy.md").read_text(encoding="utf-8")).group(1))
        assert abs(said * 1e6 - stored) < 0.25 * stored, (lang, said, stored)


def test_packing_gives_back_the_same_bytes(page, base_url):
    """Whatever the layout of zeros, unpack(pack(x)) is x: odd lengths, a byte only in the last partial page,
    no zero page, all zeros, a view that does not start at a word boundary."""
    page.goto(f"{base_url}zh/")
    results = page.evaluate("""async () => {
        const { pack, unpack } = await import(new URL('../zh/assets/shared/snapshots.js', location.href));
        const cases = {};
        const mixed = new Uint8Array(4096 * 5 + 7);
        mixed[10] = 1; mixed[4096 * 2 + 4095] = 2; mixed[4096 * 5 + 6] = 3;
        cases.mixed = mixed;
        const tail = new Uint8Array(4096 * 2 + 3); tail[4096 * 2 + 2] = 9;
        cases.tail = tail;
        cases.dense = Uint8Array.from({ length: 3 * 4096 }, (_, i) => (i % 251) + 1);
        cases.zeros = new Uint8Array(3 * 4096);
        cases.empty = new Uint8Array(0);
        const unaligned = new Uint8Array(4096 * 3 + 1); unaligned[4097] = 5;
        cases.unaligned = unaligned.subarray(1);
        const out = {};
        for (const [name, bytes] of Object.entries(cases)) {
            const packed = pack(bytes);
            const back = unpack(packed.buffer);
            out[name] = { same: !!back && back.length === bytes.length && back.every((b, i) => b === bytes[i]), size: packed.length };
        }
        return out;
    }""")
    assert all(r["same"] for r in results.values()), results
    assert results["zeros"]["size"] == 12  # the header alone
    assert results["mixed"]["size"] < 4 * 4096
