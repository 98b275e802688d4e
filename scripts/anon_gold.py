#!/usr/bin/env python3
"""Build gold and trap files for an anonymisation evaluation set from markup.

Usage:

    python3 scripts/anon_gold.py DIR

reads every DIR/src/NAME.md (sorted by name) and writes, for each NAME,

    DIR/NAME.txt        the text without markup (UTF-8, "\\n" line endings)
    DIR/NAME.gold.tsv   kind  start  end  entity  text
    DIR/NAME.traps.tsv  start  end  class  text

start/end are offsets in Unicode scalar values (Python str indices) into
NAME.txt, end exclusive. The output is deterministic: running it twice gives
the same bytes. Nothing in DIR outside src/ and the three generated files per
source is touched, so the same script serves any set (held-out or tuning).

Markup in the sources:

    [[Kind#entity|text]]    an identifier that must be replaced
    [[Kind|text]]           same; entity defaults to Kind:lowercased text
    {{trap:class|text}}     text that must NOT be replaced
    %% a comment line       the whole line (with its newline) is dropped

Kinds: Person Place Address Workplace Email Phone NationalId BirthDate.
Entity ids are scoped to one transcript: all mentions of one person (full
name, first name alone, surname alone, genitive, ASCII-folded file-name form)
carry the same id. Markup does not nest; text inside markup may not contain
"|", "]]" or "}}".

Checks (the script exits non-zero on any error): known kind and trap class,
non-empty spans, each span's text equals the text at its offsets, no two spans
(gold or trap) overlap, no markup left in the text. Warnings: a transcript
outside 3,000-9,000 characters, and an unmarked whole-word occurrence of a
Person/Place/Workplace text marked elsewhere in the same transcript (usually a
forgotten mark-up).
"""

import os
import re
import sys
from collections import Counter

KINDS = ["Person", "Place", "Address", "Workplace", "Email", "Phone",
         "NationalId", "BirthDate"]

TRAP_CLASSES = {
    "fiction": "fairy-tale, book, film characters and fictional places",
    "placeholder": "placeholder names (Ola/Kari Nordmann)",
    "word": "ordinary words that are also names (liv, dag, vår, stein ...)",
    "law": "laws, regulations, white papers, NOU",
    "public": "national public figures (ministers, royals, celebrities)",
    "institution": "national institutions and agencies (NAV, UDI, Stortinget)",
    "role": "role and profession words (fastlegen, miljøterapeut)",
    "placelike": "countries, regions, place-like words in non-place use",
    "brand": "brand, product and service names",
    "label": "speaker labels, file-header field names, timestamps",
    "date": "dates, times and numbers that are not birth dates or ids",
    # the tuning set (tests/data/anon/tuning) was marked up with these names
    "fairytale": "fairy-tale and fictional characters (tuning set)",
    "nordmann": "placeholder names Ola/Kari Nordmann (tuning set)",
    "ambiguous_word": "ordinary words that are also names (tuning set)",
    "law_ref": "laws and white papers (tuning set)",
    "public_figure": "national public figures (tuning set)",
}

MARK = re.compile(
    r"\[\[(?P<kind>[A-Za-z]+)(?:#(?P<ent>[^|\]]+))?\|(?P<gtext>[^|\]]+)\]\]"
    r"|\{\{trap:(?P<cls>[a-z_]+)\|(?P<ttext>[^|}]+)\}\}"
)


def parse(src, name, errors):
    lines = src.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    src = "\n".join(l for l in lines if not l.startswith("%%"))
    out = []
    pos = 0  # position in output (chars)
    last = 0
    gold, traps = [], []
    for m in MARK.finditer(src):
        chunk = src[last:m.start()]
        out.append(chunk)
        pos += len(chunk)
        if m.group("kind"):
            kind, text = m.group("kind"), m.group("gtext")
            if kind not in KINDS:
                errors.append(f"{name}: unknown kind {kind!r} for {text!r}")
            ent = m.group("ent") or f"{kind}:{text.lower()}"
            gold.append((kind, pos, pos + len(text), ent, text))
        else:
            cls, text = m.group("cls"), m.group("ttext")
            if cls not in TRAP_CLASSES:
                errors.append(f"{name}: unknown trap class {cls!r} for {text!r}")
            traps.append((pos, pos + len(text), cls, text))
        out.append(text)
        pos += len(text)
        last = m.end()
    out.append(src[last:])
    text = "".join(out)
    if not text.endswith("\n"):
        text += "\n"
    return text, gold, traps


def check(name, text, gold, traps, errors, warnings):
    spans = [(s, e, "gold", t) for (_, s, e, _, t) in gold]
    spans += [(s, e, "trap", t) for (s, e, _, t) in traps]
    for s, e, what, t in spans:
        if s >= e:
            errors.append(f"{name}: empty {what} span at {s}")
        if text[s:e] != t:
            errors.append(f"{name}: {what} {t!r} != text {text[s:e]!r} at {s}")
        if t != t.strip():
            errors.append(f"{name}: {what} {t!r} has surrounding whitespace")
    spans.sort()
    for a, b in zip(spans, spans[1:]):
        if b[0] < a[1]:
            errors.append(f"{name}: overlap {a[3]!r}@{a[0]} and {b[3]!r}@{b[0]}")
    for tok in ("[[", "]]", "{{", "}}"):
        i = text.find(tok)
        if i >= 0:
            errors.append(f"{name}: markup {tok!r} left at {i}: {text[max(0, i-30):i+30]!r}")
    n = len(text)
    if not 3000 <= n <= 9000:
        warnings.append(f"{name}: {n} characters (outside 3,000-9,000)")
    covered = [(s, e) for s, e, _, _ in spans]
    seen = set()
    probes = []
    for kind, s, e, _, t in gold:
        if kind not in ("Person", "Place", "Workplace"):
            continue
        probes.append((kind, t))
        if kind == "Person":
            # parts of a full name used alone are also names to be marked
            probes += [(kind, p) for p in re.split(r"[\s-]+", t)
                       if len(p) >= 3 and p[0].isupper()]
    for kind, t in probes:
        if t in seen:
            continue
        seen.add(t)
        for m in re.finditer(r"(?<!\w)" + re.escape(t) + r"(?:s|'s|’s)?(?!\w)",
                             text):
            if not any(cs <= m.start() and m.end() <= ce for cs, ce in covered):
                line = text.count("\n", 0, m.start()) + 1
                warnings.append(f"{name}:{line}: unmarked {kind} text {t!r}")


def main(argv):
    if len(argv) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    root = argv[1]
    srcdir = os.path.join(root, "src")
    names = sorted(f[:-3] for f in os.listdir(srcdir) if f.endswith(".md"))
    if not names:
        print(f"no sources in {srcdir}", file=sys.stderr)
        return 2
    errors, warnings = [], []
    kinds, classes = Counter(), Counter()
    entities = 0
    chars = 0
    for name in names:
        with open(os.path.join(srcdir, name + ".md"), encoding="utf-8") as f:
            src = f.read()
        text, gold, traps = parse(src, name, errors)
        check(name, text, gold, traps, errors, warnings)
        gold.sort(key=lambda g: (g[1], g[2]))
        traps.sort()
        for g in gold:
            kinds[g[0]] += 1
        for t in traps:
            classes[t[2]] += 1
        entities += len({g[3] for g in gold if g[0] == "Person"})
        chars += len(text)
        with open(os.path.join(root, name + ".txt"), "w", encoding="utf-8",
                  newline="\n") as f:
            f.write(text)
        with open(os.path.join(root, name + ".gold.tsv"), "w",
                  encoding="utf-8", newline="\n") as f:
            f.write("kind\tstart\tend\tentity\ttext\n")
            for k, s, e, ent, t in gold:
                f.write(f"{k}\t{s}\t{e}\t{ent}\t{t}\n")
        with open(os.path.join(root, name + ".traps.tsv"), "w",
                  encoding="utf-8", newline="\n") as f:
            f.write("start\tend\tclass\ttext\n")
            for s, e, c, t in traps:
                f.write(f"{s}\t{e}\t{c}\t{t}\n")
        print(f"{name}: {len(text)} chars, {len(gold)} identifiers, "
              f"{len(traps)} traps")
    print(f"\n{len(names)} transcripts, {chars} characters")
    print(f"identifiers: {sum(kinds.values())} ({entities} person entities)")
    for k in KINDS:
        print(f"  {k:<11} {kinds[k]}")
    print(f"traps: {sum(classes.values())}")
    for c in TRAP_CLASSES:
        print(f"  {c:<11} {classes[c]}")
    for w in warnings:
        print("warning:", w, file=sys.stderr)
    for e in errors:
        print("error:", e, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
