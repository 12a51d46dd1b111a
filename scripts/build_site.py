"""Build the whole site into site/: the Chinese and English MkDocs sites side by side and a root page."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"
CONFIGS = {"zh": "mkdocs.yml", "en": "mkdocs.en.yml"}

ROOT_PAGE = """<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>高级研修项目申报助手 · Advanced-course application helper</title>
<meta http-equiv="refresh" content="0; url=zh/">
<script>if (/^en\\b/i.test(navigator.language || "")) location.replace("en/");</script>
</head>
<body>
<p><a href="zh/" hreflang="zh">中文</a> · <a href="en/" hreflang="en">English</a></p>
</body>
</html>
"""


def main() -> None:
    """Build both languages in parallel (strict), then write the root page."""
    started = time.perf_counter()
    shutil.rmtree(SITE, ignore_errors=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    builds = {
        lang: subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", config], cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
        for lang, config in CONFIGS.items()
    }
    failed = False
    for lang, build in builds.items():
        _, err = build.communicate()
        noise = ("jieba", "Building prefix dict", "Loading model", "Prefix dict", "Dumping model")
        shown = "\n".join(line for line in err.splitlines() if not line.startswith(noise))
        if build.returncode:
            failed = True
            print(f"[{lang}] build failed:\n{shown}", file=sys.stderr)
    if failed:
        sys.exit(1)
    (SITE / "index.html").write_text(ROOT_PAGE, encoding="utf-8")
    print(f"Built site/ (zh, en) in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
