"""A notice's plain text: its facts read out, its Markdown page with anchors, and its sentences followed into a new text."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..core import datafiles

SHAPE: dict[str, Any] = datafiles.read_toml("vocabulary.toml")["notice"]

# Characters beside which a space is only the extractor's (or the typesetter's): CJK ideographs and punctuation,
# full-width forms, curly quotes, dashes and ellipses. Spaces between two Latin words are kept.
_NEAR_WIDE = re.compile(
    r"\s+(?=[\u2014\u2018-\u201f\u2026\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef])"
    r"|(?<=[\u2014\u2018-\u201f\u2026\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef])\s+"
)
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_MARKER = re.compile(r"^[ \t]*#*[ \t]*附件[ \t]*(\d+)[ \t]*$", re.M)
_NUMBER = re.compile(r"\S+〔(\d{4})〕\d+号")
_SECTION = re.compile(r"([一二三四五六七八九十]+)、([^。]{1,40})")
_ITEM = re.compile(r"（([一二三四五六七八九十]+)）")
_CONTACT = re.compile(r"联系(?:人|电话)[：:]")
_LIST = re.compile(r"附件[：:]\s*(.*)")
_LISTED = re.compile(r"(\d+)\s*[.．、]\s*(.+)")
_PUBLIC = re.compile(r"（此件.+）")
_ENDS = re.compile(r"[。：；！？:;!?…）)”]$")
_ANCHOR = re.compile(r"\{:?\s*#([\w-]+)\s*\}")


def squeeze(text: str) -> str:
    """The text without any whitespace: how quotes are compared with the notice."""
    return re.sub(r"\s+", "", text)


def tidy(text: str) -> str:
    """One line of prose: no space beside Chinese, single spaces elsewhere."""
    return re.sub(r"\s+", " ", _NEAR_WIDE.sub("", text)).strip()


def plain(markdown: str) -> str:
    """The words of a notice page without its Markdown (anchors, comments, escapes, #) nor whitespace."""
    text = _ANCHOR.sub("", markdown)
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    return squeeze(text.replace("\\.", ".").replace("#", ""))


def _date(match: re.Match[str] | None) -> dt.date | None:
    return dt.date(*(int(g) for g in match.groups()[-3:])) if match else None


def _numeral(text: str) -> int:
    """一 → 1 … 十 → 10 (the notice's sections and items)."""
    return SHAPE["numerals"].index(text) + 1


def _clean_line(line: str) -> str:
    """A line without the extractor's heading marks (#) or list mark (- ) and without its edges."""
    return re.sub(r"^\s*(?:#+\s*|-\s+)?", "", line).strip()


def split(text: str) -> tuple[str, str]:
    """The notice's body and its attachments (from the first line 附件 N on)."""
    marker = _MARKER.search(text)
    return (text[: marker.start()], text[marker.start() :]) if marker else (text, "")


def _paragraphs(text: str) -> list[list[str]]:
    """Blocks of cleaned lines, as blank lines separate them."""
    blocks: list[list[str]] = [[]]
    for line in text.splitlines():
        cleaned = _clean_line(line)
        if cleaned:
            blocks[-1].append(cleaned)
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def attachments(tail: str) -> list[tuple[int, list[str]]]:
    """Each attachment after the body: its number and its cleaned non-empty lines."""
    marks = list(_MARKER.finditer(tail))
    ends = [m.start() for m in marks[1:]] + [len(tail)]
    return [(int(m[1]), [c for c in map(_clean_line, tail[m.end() : end].splitlines()) if c]) for m, end in zip(marks, ends)]


# ---- facts -----------------------------------------------------------------------------------


def facts(text: str) -> dict[str, Any]:
    """What the notice says that edition.toml holds; a fact not found is left out."""
    body, tail = split(text)
    lines = [c for c in map(_clean_line, body.splitlines()) if c]
    flat = squeeze(body)
    found: dict[str, Any] = {}
    found |= _header(lines)
    found |= _dates(lines, flat)
    found |= _course(flat)
    found |= _office(lines, body, flat)
    found["levels"] = _levels(flat)
    found["attachments"] = _listed_attachments(lines, tail)
    found["topics"] = _topics(lines)
    return {k: v for k, v in found.items() if v not in (None, [], {})}


def _header(lines: list[str]) -> dict[str, Any]:
    """Number, year, issuer (the line above the number) and title (the first line after it ending in 通知)."""
    at = next((i for i, line in enumerate(lines) if _NUMBER.fullmatch(line)), None)
    if at is None:
        return {}
    title = next((squeeze(line) for line in lines[at + 1 :] if re.search(r"通知$", line)), None)
    return {
        "number": lines[at],
        "year": int(_NUMBER.fullmatch(lines[at])[1]),
        "issuer": squeeze(lines[at - 1]) if at else None,
        "title": title,
    }


def _dates(lines: list[str], flat: str) -> dict[str, Any]:
    """The issue date (the last line that is only a date: the signature's) and the finish-by date."""
    signed = [line for line in lines if _DATE.fullmatch(line)]
    return {
        "issued": _date(_DATE.fullmatch(signed[-1])) if signed else None,
        "finish_by": _date(re.search(r"在" + _DATE.pattern + r"之?前完成办班", flat)),
    }


def _course(flat: str) -> dict[str, Any]:
    """The ways of teaching (二（二）) and where the forms are downloaded."""
    methods = re.search(r"采取(.+?)等多种方式", flat)
    centre = re.search(r"在“([^”]+)”下载", flat)
    return {"methods": re.split(r"、", methods[1]) if methods else None, "download_centre": centre[1] if centre else None}


def _levels(flat: str) -> dict[str, dict[str, Any]]:
    """Per level name (国家级, 省级): recruitment, length, trainees and deadline."""
    levels: dict[str, dict[str, Any]] = {}
    sentence = re.compile(r"([\u4e00-\u9fff]{1,2}级)高级研修项目应(面向[^，。]+?)招收学员，每期研修时间([^，。]+)，学员数量([^。]+)。")
    for name, recruit, length, trainees in sentence.findall(flat):
        level = levels.setdefault(name, {})
        level |= {"recruit": recruit, "days_wording": length, "trainees_wording": trainees}
        if span := re.search(r"(\d+)至(\d+)天", length):
            level |= {"days_min": int(span[1]), "days_max": int(span[2])}
        elif about := re.search(r"(\d+)天左右", length):
            level["days_about"] = int(about[1])
        elif most := re.search(r"不超过(\d+)天", length):  # 原则上不超过5天: a most, no least
            level["days_max"] = int(most[1])
        if minimum := re.search(r"不少于(\d+)人", trainees):
            level["trainees_min"] = int(minimum[1])
        elif about := re.search(r"(\d+)人左右", trainees):
            level["trainees_about"] = int(about[1])
        if most := re.search(r"不超过(\d+)人", trainees):  # 一般不少于50人，不超过120人
            level["trainees_max"] = int(most[1])
    for name, *day in re.findall(r"申报([\u4e00-\u9fff]{1,3}级)高级研修项目的截止日期为" + _DATE.pattern, flat):
        levels.setdefault(name, {})["deadline"] = dt.date(*map(int, day))
    return levels


def _office(lines: list[str], body: str, flat: str) -> dict[str, Any]:
    """The office the forms go to: name, address, postcode, e-mail, contacts and phones."""
    office: dict[str, Any] = {}
    if sent := re.search(r"报送至([^（(]+)[（(]地址[：:]([^，,]+)[，,]邮编[：:](\d{6})[）)]", flat):
        office |= {"name": sent[1], "address": sent[2], "postcode": sent[3]}
    if email := re.search(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", body):
        office["email"] = email[0]
    for line in lines:
        if people := re.match(r"联系人[：:]\s*(.+)", line):
            office["contacts"] = [p for p in re.split(r"[\s、，,]+", people[1]) if p]
        elif phones := re.match(r"联系电话[：:]\s*(.+)", line):
            office["phones"] = re.findall(r"\d{3,4}-\d{7,8}|1\d{10}", phones[1])
    return {"office": office}


def _listed_attachments(lines: list[str], tail: str) -> dict[int, dict[str, str]]:
    """Per number: the title in the notice's list of attachments and the heading the attachment itself prints."""
    found: dict[int, dict[str, str]] = {}
    start = next((i for i, line in enumerate(lines) if _LIST.match(line)), None)
    if start is not None:
        for line in [_LIST.match(lines[start])[1], *lines[start + 1 :]]:
            item = _LISTED.fullmatch(line)
            if not item:
                break
            found.setdefault(int(item[1]), {})["title"] = tidy(item[2])
    for number, content in attachments(tail):
        if content:
            found.setdefault(number, {})["heading"] = tidy(content[0])
    return found


def _topics(lines: list[str]) -> list[str]:
    """The headings of section 一 (the topic scope): （一）服务重大战略。… gives 服务重大战略."""
    topics: list[str] = []
    section = None
    for line in lines:
        if heading := _SECTION.fullmatch(line):
            section = _numeral(heading[1])
        elif section == 1 and (topic := re.match(r"（[一二三四五六七八九十]+）([^。]+)。", line)):
            topics.append(topic[1])
    return topics


# ---- the notice page -------------------------------------------------------------------------


def to_markdown(text: str, forms: dict[int, str]) -> str:
    """notice.zh.md from the notice's text: its words as they are, anchors as in 2025 (`forms`: attachment number → form key)."""
    body, tail = split(text)
    blocks = _paragraphs(body)
    at = next((i for i, b in enumerate(blocks) if _NUMBER.fullmatch(b[0])), None)
    if at is None or at == 0:  # no header to start from: the body as plain paragraphs
        return "\n\n".join([*(tidy(" ".join(b)) for b in blocks), *_attachment_blocks(tail, forms)]) + "\n"
    issuer = squeeze(blocks[at - 1][0])
    out = [tidy(" ".join(b)) for b in blocks[: at - 1]]
    out += [issuer, blocks[at][0]]
    rest = blocks[at + 1 :]
    if rest and re.search(r"通知$", rest[0][-1]):
        out.append(f"# {squeeze(' '.join(rest[0]))} {{#title}}")
        rest = rest[1:]
    out += _body_blocks(_joined(rest, issuer), issuer)
    out += _attachment_blocks(tail, forms)
    return "\n\n".join(out) + "\n"


def _kind(block: list[str], issuer: str) -> str:
    """What a block of the body is: section, item, contact, list, date, issuer, public or prose."""
    first = block[0]
    tests: list[tuple[str, Callable[[str], object]]] = [
        ("section", _SECTION.fullmatch),
        ("item", _ITEM.match),
        ("contact", _CONTACT.match),
        ("list", _LIST.match),
        ("date", _DATE.fullmatch),
        ("issuer", lambda line: squeeze(line) == issuer),
        ("public", _PUBLIC.fullmatch),
    ]
    return next((name for name, test in tests if test(first)), "prose")


def _joined(blocks: list[list[str]], issuer: str) -> list[list[str]]:
    """Mend the paragraphs a page break cut (…产业领 / 域，…): prose that does not end a sentence takes the next prose."""
    mended: list[list[str]] = []
    for block in blocks:
        previous = mended[-1] if mended else None
        if previous and _kind(previous, issuer) in ("item", "prose") and not _ENDS.search(previous[-1]) and _kind(block, issuer) == "prose":
            previous.extend(block)
        else:
            mended.append(list(block))
    return mended


def _body_blocks(blocks: list[list[str]], issuer: str) -> list[str]:
    """The body's paragraphs with their anchors: preamble, s1, s1-1 …, contact, attachments, signature."""
    out: list[str] = []
    section, preamble, seen_addressee = 0, False, False
    i = 0
    while i < len(blocks):
        block, kind = blocks[i], _kind(blocks[i], issuer)
        text = tidy(" ".join(block))
        if kind == "section":
            section = _numeral(_SECTION.fullmatch(block[0])[1])
            out.append(f"## {text} {{#s{section}}}")
        elif kind == "item" and section:
            out.append(f"{text}\n{{: #s{section}-{_numeral(_ITEM.match(block[0])[1])} }}")
        elif kind == "contact":
            people = [block]
            while i + 1 < len(blocks) and _kind(blocks[i + 1], issuer) == "contact":
                i += 1
                people.append(blocks[i])
            lines = [re.sub(r"\s*([：:])\s*", r"\1", re.sub(r"\s+", " ", line)) for b in people for line in b]
            out.append("  \n".join(lines) + "\n{: #contact }")
        elif kind == "list":
            out.append(_list_block(block))
        elif kind == "issuer" and i + 1 < len(blocks) and _kind(blocks[i + 1], issuer) == "date":
            i += 1
            out.append(f"{issuer}  \n{squeeze(blocks[i][0])}\n{{: #signature }}")
        elif kind == "prose" and not section and not seen_addressee:
            seen_addressee = True  # the first paragraph after the title: to whom the notice goes
            out.append(text)
        elif kind == "prose" and not section and not preamble:
            preamble = True
            out.append(f"{text}\n{{: #preamble }}")
        else:
            out.append(text)
        i += 1
    return out


def _list_block(block: list[str]) -> str:
    """附件：1. …  2. … as the 2025 page writes it, one title a line."""
    head = _LIST.match(block[0])
    prefix = block[0][: head.start(1)].strip()
    lines = []
    for line in [head[1], *block[1:]]:
        item = _LISTED.fullmatch(line)
        lines.append(f"{item[1]}. {tidy(item[2])}" if item else tidy(line))
    return prefix + "  \n".join(lines) + "\n{: #attachments }"


def _attachment_blocks(tail: str, forms: dict[int, str]) -> list[str]:
    """Each attachment: a heading (a1 …), then the form's marker, or its numbered items (a4-1 …)."""
    out = []
    for number, content in attachments(tail):
        heading = tidy(content[0]) if content else ""
        out.append(f"## {SHAPE['attachment_heading'].format(n=number, heading=heading)} {{#a{number}}}")
        if number in forms:
            out.append(f"<!-- form:{forms[number]} -->")
            continue
        items: list[list[str]] = []
        for line in content[1:]:
            item = _LISTED.fullmatch(line)
            if item:
                items.append([item[1], item[2]])
            elif items:
                items[-1][1] += line  # an item wrapped onto the next line
            else:
                out.append(tidy(line))
        out += [f"{n}\\. {tidy(words)}\n{{: #a{number}-{n} }}" for n, words in items]
    return out


# ---- anchors and refs ------------------------------------------------------------------------


def anchored(markdown: str) -> dict[str, str]:
    """Every anchor of a notice page and its Markdown: a paragraph's own, a heading's up to the next heading."""
    found: dict[str, str] = {}
    lines = markdown.splitlines()
    for i, line in enumerate(lines):
        if own := re.fullmatch(r"\{:\s*#([\w-]+)\s*\}", line.strip()):
            start = i
            while start > 0 and lines[start - 1].strip():
                start -= 1
            found[own[1]] = "\n".join(lines[start:i])
        elif heading := re.match(r"#+\s.*\{#([\w-]+)\}\s*$", line):
            end = next((j for j in range(i + 1, len(lines)) if lines[j].startswith("#")), len(lines))
            found[heading[1]] = "\n".join(lines[i:end])
    return found


def anchor_of(parts: list[str], markdown: str) -> str | None:
    """The anchor that holds every part of a quote: a numbered paragraph's, else the heading that holds them."""
    blocks = {a: plain(t) for a, t in anchored(markdown).items()}
    # numbered places first (s2-1, a4-1), the smallest that holds the words; the list of attachments and the like last
    order = sorted(blocks, key=lambda a: (ref_of(a) is None, len(blocks[a])))
    hits = {next((a for a in order if part in blocks[a]), None) for part in parts}
    hits.discard(None)
    if len(hits) == 1:
        hit = hits.pop()
        # a whole section (s3) holds its lines; a named paragraph inside it (contact) that holds them all is their place
        inner = [a for a in order if ref_of(a) is None and len(blocks[a]) < len(blocks[hit]) and all(p in blocks[a] for p in parts)]
        return inner[0] if "-" not in hit and inner else hit
    parents = {hit.split("-")[0] for hit in hits}
    return parents.pop() if len(parents) == 1 and parents <= set(blocks) else None


def holds(anchor: str, parts: list[str], markdown: str) -> bool:
    """Whether the place of `anchor` holds each of the parts found on the page (a form's words are not on it)."""
    blocks = {a: plain(t) for a, t in anchored(markdown).items()}
    page = plain(markdown)
    return anchor in blocks and all(part in blocks[anchor] for part in parts if part in page)


def ref_of(anchor: str) -> str | None:
    """How edition.toml names the place of an anchor: s2-1 is 二（一）, a4-1 is 附件4第1条."""
    numerals = SHAPE["numerals"]
    if match := re.fullmatch(r"s(\d+)(?:-(\d+))?", anchor):
        section, item = (int(g) if g else None for g in match.groups())
        if item:
            return SHAPE["ref_item"].format(section=numerals[section - 1], item=numerals[item - 1])
        return SHAPE["ref_section"].format(section=numerals[section - 1])
    if match := re.fullmatch(r"a(\d+)(?:-(\d+))?", anchor):
        n, item = match.groups()
        return SHAPE["ref_attachment_item"].format(n=n, item=item) if item else SHAPE["ref_attachment"].format(n=n)
    return None


# ---- following a sentence into the new text ---------------------------------------------------


def follower(old_text: str, new_text: str) -> Callable[[str], str | None]:
    """A function from words of the old notice to the same place in the new one.

    None when the words are not in the old text, or when the new text does not keep enough of them to be sure it
    is the same place: their first and last characters unchanged and at least a third of them.
    """
    old, new = squeeze(old_text), squeeze(new_text)
    opcodes = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    equal = [(i1, i2) for tag, i1, i2, _, _ in opcodes if tag == "equal"]

    def start(i: int) -> int:
        tag, i1, _, j1, _ = next(op for op in opcodes if op[1] <= i < op[2])
        return j1 + (i - i1) if tag == "equal" else j1

    def end(i: int) -> int:
        tag, i1, _, j1, j2 = next(op for op in opcodes if op[1] < i <= op[2])
        return j1 + (i - i1) if tag == "equal" else j2

    def kept(i: int) -> bool:
        return any(i1 <= i < i2 for i1, i2 in equal)

    def follow(words: str) -> str | None:
        words = squeeze(words)
        if words in new:
            return words
        at = old.find(words) if words else -1
        if at < 0:
            return None
        last = at + len(words)
        same = sum(max(0, min(i2, last) - max(i1, at)) for i1, i2 in equal)
        if not (kept(at) and kept(last - 1) and 3 * same >= len(words)):
            return _edges(words)
        return new[start(at) : end(last)]

    def _edges(words: str) -> str | None:
        """The words followed without a closing or opening mark the diff paired with another one (办班。 / 参加。)."""
        if len(words) > 2 and _ENDS.search(words):
            inner = follow(words[:-1])
            if inner and inner + words[-1] in new:
                return inner + words[-1]
        return None

    return follow


# ---- binding sentences compared --------------------------------------------------------------

_WORDS: dict[str, list[str]] = datafiles.read_toml("vocabulary.toml")["sentences"]
_BINDING = re.compile("|".join(sorted(map(re.escape, _WORDS["binding"]), key=len, reverse=True)))
_SOFT_OR_BINDING = re.compile("|".join(sorted(map(re.escape, _WORDS["binding"] + _WORDS["soft"]), key=len, reverse=True)))
_NOT_BINDING = re.compile("|".join(sorted(map(re.escape, _WORDS["not_binding"]), key=len, reverse=True)))
_NUMBERED = re.compile(r"^(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、|\d+\s*[.．、])")
_SENTENCE_END = re.compile(r"(?<=[。；！？])")
_YEARS = re.compile(r"(?<!\d)(\d{4})(?!\d)")
# what a sentence is compared without: punctuation of either width and spacing (时代性、前沿性 is 时代性, 前沿性)
_MARKS = re.compile(r"[\s\W_]+")


def softening(text: str) -> set[str]:
    """The words that soften a binding word in some text (一般, 左右, 原则上 …, `soft` in vocabulary.toml)."""
    return {word for word in _WORDS["soft"] if word in text}


@dataclass(frozen=True)
class Sentence:
    """A sentence of a notice: its words (no whitespace), its binding and softening words in order, its key."""

    text: str
    words: tuple[str, ...]
    key: str  # the words with years, dates and the item's number put aside: what stays when only those move

    @property
    def binding(self) -> bool:
        """Whether the sentence carries a binding word (应, 须, 不少于 …)."""
        return bool(_BINDING.search(_NOT_BINDING.sub("", self.text)))


@dataclass(frozen=True)
class SentenceChange:
    """A binding sentence new, gone, with other binding words, or with other words around the same binding words."""

    kind: str  # "added", "binding", "reworded", "removed"
    old: Sentence | None
    new: Sentence | None


def sentences(text: str, year: int) -> list[Sentence]:
    """Every sentence of a notice's text, a paragraph cut by a page break mended, headings and lines as their own."""
    body, tail = split(text)
    paragraphs = _paragraphs(body)
    # what stands above the notice's number is the page it was copied from (a site's header, a test's 虚构 mark)
    start = next((i for i, block in enumerate(paragraphs) if _NUMBER.fullmatch(block[0])), 0)
    blocks = _joined(paragraphs[start:], "") + [[line] for _, lines in attachments(tail) for line in lines]
    found = []
    for block in blocks:
        for part in _SENTENCE_END.split(squeeze("".join(block))):
            if part:
                words = tuple(_SOFT_OR_BINDING.findall(_NOT_BINDING.sub("", part)))
                found.append(Sentence(part, words, _sentence_key(part, year)))
    return found


def _sentence_key(text: str, year: int) -> str:
    """The words of a sentence with its date, its edition's year (and the year before) and its item number put aside,
    its digits and letters of either width read alike (２５ is 25) and its punctuation and spacing left out."""
    key = _MARKS.sub("", _NUMBERED.sub("", unicodedata.normalize("NFKC", text)))
    key = _DATE.sub("〈date〉", key)

    def year_of(match: re.Match[str]) -> str:
        offset = int(match[1]) - year
        return f"〈year{offset:+d}〉" if -1 <= offset <= 1 else match[0]

    return _YEARS.sub(year_of, key)


def compare_sentences(old_text: str, old_year: int, new_text: str, new_year: int) -> list[SentenceChange]:
    """The binding sentences that differ between two notices, in the new notice's order, then those gone.

    A sentence whose words are the same but for years, dates and its item's number is the same sentence. Others are
    paired by likeness (half their words at least); a pair whose binding words differ (应 → 须, 一般 dropped) is
    "binding", one whose binding words are the same but other words differ is "reworded". A binding sentence left
    without a pair is "added" (new notice) or "removed" (old notice).
    """
    old, new = sentences(old_text, old_year), sentences(new_text, new_year)
    unmatched_old = list(range(len(old)))
    unmatched_new = []
    for j, sentence in enumerate(new):
        at = next((i for i in unmatched_old if old[i].key == sentence.key), None)
        if at is None:
            unmatched_new.append(j)
        else:
            unmatched_old.remove(at)
    scores = []
    for j in unmatched_new:
        for i in unmatched_old:
            if not (old[i].binding or new[j].binding):
                continue
            matcher = difflib.SequenceMatcher(None, old[i].key, new[j].key, autojunk=False)
            if matcher.real_quick_ratio() >= 0.5 and matcher.quick_ratio() >= 0.5 and (ratio := matcher.ratio()) >= 0.5:
                scores.append((ratio, i, j))
    pairs: dict[int, int] = {}
    for _, i, j in sorted(scores, reverse=True):
        if i not in pairs.values() and j not in pairs:
            pairs[j] = i
    found = []
    for j in unmatched_new:
        if j in pairs:
            was, now = old[pairs[j]], new[j]
            kind = "binding" if sorted(was.words) != sorted(now.words) else "reworded"
            found.append(SentenceChange(kind, was, now))
        elif new[j].binding:
            found.append(SentenceChange("added", None, new[j]))
    gone = [i for i in unmatched_old if i not in pairs.values() and old[i].binding]
    return found + [SentenceChange("removed", old[i], None) for i in gone]


def follow_in_paragraph(words: str, old_text: str, new_text: str) -> str | None:
    """A sentence of the old notice whose words changed beyond following (（三）突出数字技术。 renamed and renumbered
    （二）数字赋能发展。), found by the rest of its paragraph: the one new paragraph with the same words around one
    sentence of the same kind (numbered or not) in its place. None when the rest of its paragraph is gone too."""

    def paragraphs(text: str) -> list[str]:
        return [squeeze("".join(block)) for block in _joined(_paragraphs(split(text)[0]), "")]

    words = squeeze(words)
    held = [p for p in paragraphs(old_text) if words in p]
    if len(held) != 1:
        return None
    before, _, after = held[0].partition(words)
    if len(before) + len(after) < 10:
        return None  # too little around it to know the place
    found = set()
    for paragraph in paragraphs(new_text):
        if paragraph.startswith(before) and paragraph.endswith(after) and len(paragraph) > len(before) + len(after):
            middle = paragraph[len(before) : len(paragraph) - len(after)]
            if len(_SENTENCE_END.split(middle.rstrip("。；！？"))) == 1 and bool(_NUMBERED.match(middle)) == bool(_NUMBERED.match(words)):
                found.add(middle)
    return found.pop() if len(found) == 1 else None


def sentence_anchor(sentence: Sentence, markdown: str) -> str | None:
    """The anchor of the place on a notice page that holds a sentence (None: not on the page, e.g. a form's words)."""
    return anchor_of([sentence.text], markdown) if sentence.text in plain(markdown) else None
