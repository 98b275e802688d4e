#!/usr/bin/env python3
"""Check a bundled sample project (manifest.toml + transcripts) for consistency.

Usage:
    python3 sample_projects/check_manifest.py [PROJECT_DIR ...]

With no arguments, every folder under sample_projects/ that holds a
manifest.toml is checked. Stdlib only (Python 3.11+, tomllib).

Verifies:
  * every document file exists, is UTF-8 and 8,000-20,000 characters long
    (Unicode code points, as `wc -m` counts them);
  * every coding quote and theme key quote is an exact substring of its
    document's text, and the requested nth occurrence (1-based) exists;
  * every referenced code, parent code, participant, document, theme and
    parent theme exists, and parents are listed before their children;
  * every speaker label in a document's mapping occurs at a line start in
    that file (optionally after a [hh:mm:ss] timestamp), followed by ':';
  * names/labels are unique, colours are #RRGGBB, theme status and journal
    phase are valid, every leaf code and every document is used by a coding;
and prints counts (participants, codes, codings per document and per code).
Exit status is 1 if any error was found.
"""
from __future__ import annotations

import re
import sys
import tomllib
from collections import Counter
from datetime import date
from pathlib import Path

MIN_CHARS = 8_000
MAX_CHARS = 20_000
QUOTE_MIN, QUOTE_MAX = 40, 400
THEME_STATUSES = {"candidate", "final", "discarded"}
SECTORS = {"skole", "barnevern", "helse", "NAV", "kommune", "fritid"}
GROUPS = {"Gruppe 1", "Gruppe 2", "Individuelt"}
COLOUR_RE = re.compile(r"^#[0-9A-Fa-f]{6}$")
TIMESTAMP = r"(?:\[\d{1,2}:\d{2}:\d{2}\]\s*)?"
# A speaker label: text at line start (after an optional timestamp) up to ':'.
LABEL_RE = re.compile(r"^" + TIMESTAMP + r"([^\s:\[][^:\n]{0,30}?):[ \t]", re.M)


def occurrences(text: str, needle: str) -> list[int]:
    """Code point offsets of every (possibly overlapping) occurrence."""
    out, start = [], 0
    while True:
        i = text.find(needle, start)
        if i < 0:
            return out
        out.append(i)
        start = i + 1


class Checker:
    def __init__(self, root: Path):
        self.root = root
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self.notes: list[str] = []

    def err(self, msg: str) -> None:
        self.errors.append(msg)

    def warn(self, msg: str) -> None:
        self.warnings.append(msg)

    def check_quote(self, where: str, text: str | None, quote, nth) -> None:
        if not isinstance(quote, str) or not quote:
            self.err(f"{where}: missing quote")
            return
        if not (QUOTE_MIN <= len(quote) <= QUOTE_MAX):
            self.warn(f"{where}: quote is {len(quote)} chars (aim for {QUOTE_MIN}-{QUOTE_MAX})")
        if quote != quote.strip():
            self.warn(f"{where}: quote has leading/trailing whitespace")
        if text is None:
            return
        hits = occurrences(text, quote)
        if nth is None:
            if not hits:
                self.err(f"{where}: quote not found: {quote[:70]!r}")
            elif len(hits) > 1:
                self.err(f"{where}: quote occurs {len(hits)} times; give nth: {quote[:70]!r}")
        else:
            if not isinstance(nth, int) or nth < 1:
                self.err(f"{where}: nth must be a positive integer")
            elif nth > len(hits):
                self.err(f"{where}: nth = {nth} but quote occurs {len(hits)} time(s): {quote[:70]!r}")

    def run(self) -> int:
        manifest_path = self.root / "manifest.toml"
        try:
            m = tomllib.loads(manifest_path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as e:
            print(f"{manifest_path}: cannot read: {e}")
            return 1

        for key in ("title", "description"):
            if not isinstance(m.get(key), str) or not m[key].strip():
                self.err(f"manifest: missing {key}")

        # Participants
        participants = m.get("participants", [])
        p_labels = [p.get("label") for p in participants]
        for label, n in Counter(p_labels).items():
            if n > 1:
                self.err(f"participant label {label!r} is not unique")
        for p in participants:
            attrs = p.get("attributes", {})
            for a in ("role", "sector", "group", "year"):
                if not attrs.get(a):
                    self.err(f"participant {p.get('label')!r}: missing attribute {a}")
            if attrs.get("sector") and attrs["sector"] not in SECTORS:
                self.warn(f"participant {p.get('label')!r}: unusual sector {attrs['sector']!r}")
            if attrs.get("group") and attrs["group"] not in GROUPS:
                self.warn(f"participant {p.get('label')!r}: unusual group {attrs['group']!r}")
        p_set = set(p_labels)

        # Documents
        texts: dict[str, str | None] = {}
        doc_names = []
        for d in m.get("documents", []):
            name, file = d.get("name"), d.get("file")
            doc_names.append(name)
            where = f"document {name!r}"
            text = None
            path = self.root / (file or "")
            if not file or not path.is_file():
                self.err(f"{where}: file not found: {file}")
            else:
                try:
                    text = path.read_bytes().decode("utf-8")
                except UnicodeDecodeError as e:
                    self.err(f"{where}: not valid UTF-8: {e}")
                if text is not None:
                    if text.startswith("\ufeff"):
                        self.warn(f"{where}: file starts with a BOM")
                    if "\r" in text:
                        self.warn(f"{where}: file has CR line endings")
                    n = len(text)
                    if not (MIN_CHARS <= n <= MAX_CHARS):
                        self.err(f"{where}: {n} chars, expected {MIN_CHARS}-{MAX_CHARS}")
            texts[name] = text
            doc_parts = d.get("participants", [])
            for p in doc_parts:
                if p not in p_set:
                    self.err(f"{where}: unknown participant {p!r}")
            for label, target in d.get("speakers", {}).items():
                if target not in p_set:
                    self.err(f"{where}: speaker {label!r} maps to unknown participant {target!r}")
                elif target not in doc_parts:
                    self.err(f"{where}: speaker {label!r} maps to {target!r}, who is not a document participant")
                if text is not None:
                    pat = re.compile(r"^" + TIMESTAMP + re.escape(label) + r":", re.M)
                    if not pat.search(text):
                        self.err(f"{where}: speaker label {label!r} does not occur at a line start")
            if text is not None:
                found = Counter(LABEL_RE.findall(text))
                unmapped = sorted(l for l, c in found.items() if c >= 3 and l not in d.get("speakers", {}))
                if unmapped:
                    self.notes.append(f"{where}: unmapped speaker labels (interviewer?): {', '.join(unmapped)}")
            if not d.get("notes"):
                self.warn(f"{where}: no familiarisation notes")
        for name, n in Counter(doc_names).items():
            if n > 1:
                self.err(f"document name {name!r} is not unique")

        # Codes
        code_names: list[str] = []
        seen: set[str] = set()
        for c in m.get("codes", []):
            name = c.get("name")
            if name in seen:
                self.err(f"code {name!r} is not unique")
            parent = c.get("parent")
            if parent is not None and parent not in seen:
                self.err(f"code {name!r}: parent {parent!r} does not exist or is listed after it")
            if not COLOUR_RE.match(c.get("colour", "")):
                self.err(f"code {name!r}: bad colour {c.get('colour')!r}")
            if not c.get("description"):
                self.err(f"code {name!r}: missing description")
            seen.add(name)
            code_names.append(name)
        code_set = set(code_names)

        # Codings
        per_doc: Counter = Counter()
        per_code: Counter = Counter()
        for i, cd in enumerate(m.get("codings", []), 1):
            doc, code = cd.get("doc"), cd.get("code")
            where = f"coding #{i} ({doc} / {code})"
            if doc not in texts:
                self.err(f"{where}: unknown document")
            if code not in code_set:
                self.err(f"{where}: unknown code")
            self.check_quote(where, texts.get(doc), cd.get("quote"), cd.get("nth"))
            per_doc[doc] += 1
            per_code[code] += 1
        for name in doc_names:
            if per_doc[name] == 0:
                self.err(f"document {name!r} has no codings")
        parents = {c.get("parent") for c in m.get("codes", []) if c.get("parent")}
        for name in code_names:
            if per_code[name] == 0 and name not in parents:
                self.err(f"code {name!r} has no codings")

        # Themes
        theme_names: list[str] = []
        tseen: set[str] = set()
        for t in m.get("themes", []):
            name = t.get("name")
            where = f"theme {name!r}"
            if name in tseen:
                self.err(f"{where}: not unique")
            if t.get("status") not in THEME_STATUSES:
                self.err(f"{where}: bad status {t.get('status')!r}")
            parent = t.get("parent")
            if parent is not None and parent not in tseen:
                self.err(f"{where}: parent {parent!r} does not exist or is listed after it")
            for fld in ("definition", "writeup"):
                if not t.get(fld):
                    self.warn(f"{where}: no {fld}")
            for c in t.get("codes", []):
                if c not in code_set:
                    self.err(f"{where}: unknown code {c!r}")
            for j, kq in enumerate(t.get("key_quotes", []), 1):
                kw = f"{where} key quote #{j}"
                if kq.get("doc") not in texts:
                    self.err(f"{kw}: unknown document {kq.get('doc')!r}")
                self.check_quote(kw, texts.get(kq.get("doc")), kq.get("quote"), kq.get("nth"))
            tseen.add(name)
            theme_names.append(name)
        for e in m.get("map_edges", []):
            for end in ("from", "to"):
                if e.get(end) not in tseen:
                    self.err(f"map edge {e.get('from')!r} -> {e.get('to')!r}: unknown theme {e.get(end)!r}")

        # Journal
        for j, entry in enumerate(m.get("journal", []), 1):
            try:
                date.fromisoformat(str(entry.get("date")))
            except ValueError:
                self.err(f"journal #{j}: bad date {entry.get('date')!r}")
            if entry.get("phase") not in range(1, 7):
                self.err(f"journal #{j}: phase must be 1..6")
            if not entry.get("text"):
                self.err(f"journal #{j}: empty text")

        # Report
        print(f"== {self.root}")
        print(f"title: {m.get('title')}")
        print(f"participants: {len(participants)}  documents: {len(doc_names)}  "
              f"codes: {len(code_names)} ({sum(1 for c in m.get('codes', []) if 'parent' not in c)} top-level)  "
              f"codings: {sum(per_doc.values())}")
        statuses = Counter(t.get("status") for t in m.get("themes", []))
        subs = sum(1 for t in m.get("themes", []) if t.get("parent"))
        print(f"themes: {len(theme_names)} ({', '.join(f'{k} {v}' for k, v in sorted(statuses.items()))}; "
              f"{subs} sub-themes)  map edges: {len(m.get('map_edges', []))}  "
              f"journal entries: {len(m.get('journal', []))}")
        print("codings per document:")
        for name in doc_names:
            n = len(texts[name]) if texts.get(name) is not None else 0
            print(f"  {per_doc[name]:4d}  {name}  ({n} chars)")
        print("codings per code:")
        for name in code_names:
            print(f"  {per_code[name]:4d}  {name}")
        for n in self.notes:
            print(f"note: {n}")
        for w in self.warnings:
            print(f"warning: {w}")
        for e in self.errors:
            print(f"ERROR: {e}")
        print("OK" if not self.errors else f"{len(self.errors)} error(s)")
        return 1 if self.errors else 0


def main(argv: list[str]) -> int:
    if argv:
        roots = [Path(a) for a in argv]
    else:
        here = Path(__file__).resolve().parent
        roots = sorted(p.parent for p in here.glob("*/manifest.toml"))
    if not roots:
        print("no manifest.toml found")
        return 1
    status = 0
    for root in roots:
        status |= Checker(root).run()
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
