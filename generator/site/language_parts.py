"""Mark the Chinese inside English pages with lang="zh-CN" (WCAG 2.2, 3.1.2 Language of Parts), so that a
screen reader reads 附件1 or 闽人社办〔2025〕7号 with a Chinese voice and not letter by letter."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser

# What counts as Chinese: CJK punctuation, the ideographs and their extensions, compatibility ideographs,
# full-width forms. A run is such characters with the digits and spaces between them (附件1 and
# 闽人社办〔2025〕7号 are one run each). The page's script gets the same pattern from js_pattern().
RANGES = ((0x3000, 0x303F), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xFF00, 0xFFEF), (0x20000, 0x3134F))


def _pattern(char: Callable[[int], str]) -> str:
    cjk = "".join(f"{char(low)}-{char(high)}" for low, high in RANGES)
    return f"[{cjk}]+(?:[0-9 ·.\\-/]*[{cjk}]+)*[0-9]*"


CHINESE = re.compile(_pattern(chr))


def js_pattern() -> str:
    """The same pattern for a JavaScript RegExp with the "u" flag (messages drawn in the browser)."""
    return _pattern(lambda code: f"\\u{{{code:x}}}")


# Text that must stay text: no element may be put inside these.
_RAW = {"script", "style", "title", "textarea", "option", "template"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Marker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.stack: list[tuple[str, str | None]] = []  # open elements and their lang attribute

    def _chinese_here(self) -> bool:
        for tag, lang in reversed(self.stack):
            if tag in _RAW:
                return True  # not marked, as if it were Chinese already
            if lang is not None:
                return lang.lower().startswith("zh")
        return False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.get_starttag_text() or "")
        if tag not in _VOID:
            self.stack.append((tag, dict(attrs).get("lang")))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        self.out.append(f"</{tag}>")
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data: str) -> None:
        if self._chinese_here():
            self.out.append(data)
        else:
            self.out.append(CHINESE.sub(lambda m: f'<span lang="zh-CN">{m[0]}</span>', data))

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self.out.append(f"<![{data}]>")


def mark_chinese(html: str) -> str:
    """The page with every run of Chinese outside a lang="zh…" element wrapped in <span lang="zh-CN">."""
    marker = _Marker()
    marker.feed(html)
    marker.close()
    return "".join(marker.out)
