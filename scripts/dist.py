"""`make dist`: the built site as build/site.zip and, beside it, ready server configurations in build/hosting/."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from generator.site.hosting import write_configs  # noqa: E402 (the script runs from the checkout)

SITE = ROOT / "site"
OUT = ROOT / "build"
LANGUAGES = ("zh", "en")


def write_zip(site: Path, target: Path) -> None:
    """Every file of the site, paths relative to its root."""
    target.unlink(missing_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(site.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(site).as_posix())


def main() -> None:
    """Write the zip and the configurations."""
    if not (SITE / "index.html").exists():
        sys.exit("No site/: run `make build` first.")
    write_zip(SITE, OUT / "site.zip")
    configs = write_configs(SITE, OUT / "hosting", LANGUAGES)
    print(f"Wrote {OUT / 'site.zip'}: unpack it into any folder of a web server.")
    print("Server configurations beside it: " + ", ".join(str(p.relative_to(ROOT)) for p in configs) + " (see the hosting page).")


if __name__ == "__main__":
    main()
