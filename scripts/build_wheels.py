"""Put the wheels the browser installs into one folder: our package and its pinned pure-Python dependencies."""

from __future__ import annotations

import argparse
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    """Download the pinned runtime dependencies and build our own wheel into --out."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default=str(ROOT / "build" / "wheels"))
    out = Path(parser.parse_args().out)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.whl"):
        old.unlink()
    pins = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    pip = [sys.executable, "-m", "pip", "-q"]
    subprocess.run([*pip, "download", "--only-binary=:all:", "--no-deps", "-d", str(out), *pins], check=True)
    subprocess.run([*pip, "wheel", "--no-deps", "-w", str(out), str(ROOT)], check=True)
    print("\n".join(sorted(p.name for p in out.glob("*.whl"))))


if __name__ == "__main__":
    main()
