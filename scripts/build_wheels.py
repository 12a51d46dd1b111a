"""Put the wheels the browser installs into one folder: our package and its pinned pure-Python dependencies."""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def locked(pin: str) -> str:
    """The lines of requirements.lock for one pin (name==version and its --hash lines)."""
    lines = (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()
    start = next((i for i, line in enumerate(lines) if line.split(" ")[0].lower() == pin.lower()), None)
    if start is None:
        sys.exit(f"{pin} is not in requirements.lock: run `make lock`")
    end = next((i for i in range(start + 1, len(lines)) if not lines[i].startswith(" ")), len(lines))
    return "\n".join(lines[start:end]).split("    # via")[0].rstrip().rstrip("\\") + "\n"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> None:
    """Download the pinned runtime dependencies and build our own wheel into --out."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default=str(ROOT / "build" / "wheels"))
    out = Path(parser.parse_args().out)
    out.mkdir(parents=True, exist_ok=True)
    # Each pin's wheel as fetched (pip checked it against requirements.lock) and its own hash: kept from one build
    # to the next while the pin is the same and the file unchanged, so a rebuild asks PyPI for nothing.
    record = out / "pins.json"
    kept = json.loads(record.read_text(encoding="utf-8")) if record.exists() else {}
    pins = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    pip = [sys.executable, "-m", "pip", "-q"]
    # Pyodide takes pure-Python wheels only: ask PyPI for a py3-none-any wheel of each pin ...
    pure = ["--only-binary=:all:", "--platform", "any", "--implementation", "py", "--python-version", "3.14", "--no-deps"]
    wanted = {}
    for pin in pins:
        known = kept.get(pin)
        if known and (out / known["file"]).exists() and sha256(out / known["file"]) == known["sha256"]:
            wanted[pin] = known
            continue
        hashed = out / "pin.txt"  # the pin with its hashes from requirements.lock: pip refuses any other file
        hashed.write_text(locked(pin), encoding="utf-8")
        checked = ["--require-hashes", "-r", str(hashed)]
        fetched = subprocess.run([*pip, "download", *pure, "-d", str(out), *checked], capture_output=True, text=True)
        if fetched.returncode != 0:
            # ... and where there is none (markupsafe), build one from the sdist with the C speedups off.
            env = {**os.environ, "CC": "/bin/false"}
            name = pin.split("==")[0]
            subprocess.run(
                [*pip, "wheel", "--no-binary", name, "--no-deps", "--no-build-isolation", "-w", str(out), *checked], check=True, env=env
            )
        hashed.unlink()
        # a wheel's name is the distribution's, normalised (et-xmlfile → et_xmlfile), then the version
        prefix = pin.lower().replace("-", "_").replace("==", "-") + "-"
        (wheel,) = [p for p in out.glob("*.whl") if p.name.lower().startswith(prefix)]
        wanted[pin] = {"file": wheel.name, "sha256": sha256(wheel)}
    record.write_text(json.dumps(wanted, indent=1), encoding="utf-8")
    for old in out.glob("*.whl"):  # other versions, and our own wheel, built again below
        if old.name not in {w["file"] for w in wanted.values()}:
            old.unlink()
    # setuptools builds in build/lib and never removes from it what the package no longer has: start clean.
    shutil.rmtree(ROOT / "build" / "lib", ignore_errors=True)
    subprocess.run([*pip, "wheel", "--no-deps", "-w", str(out), str(ROOT)], check=True)
    wheels = sorted(p.name for p in out.glob("*.whl"))
    impure = [name for name in wheels if not name.endswith("-none-any.whl")]
    if impure:
        sys.exit(f"not pure-Python wheels, Pyodide cannot install them: {impure}")
    print("\n".join(wheels))


if __name__ == "__main__":
    main()
