#!/usr/bin/env python3
"""Turn marked-up transcripts into plain text plus gold and trap spans.

    python3 scripts/anon_gold_tuning.py tests/data/anon/tuning

reads DIR/src/*.md and writes, for each NAME.md,

    DIR/NAME.txt        the transcript, UTF-8, \\n line ends, markup removed
    DIR/NAME.gold.tsv   kind<TAB>start<TAB>end<TAB>entity<TAB>text
    DIR/NAME.traps.tsv  start<TAB>end<TAB>class<TAB>text

Offsets count Unicode characters (code points) of NAME.txt; `end` is
exclusive. Markup in the sources:

    [[Kind#entity|text]]    an identifier that must be found; Kind is one of
                            KINDS below, entity an id shared by every
                            mention of the same real-world thing
    {{trap:class|text}}     text that must be left alone; class is one of
                            TRAP_CLASSES below

Markup does not nest; `text` holds no `|`, `]]` or `}}`. The script checks
that every span's text is exactly the text at its offsets, that no spans
overlap, that no markup is left over and that each transcript is within
the length bounds, and prints totals. It exits non-zero on any error.

(Named *_tuning so it does not clash with `scripts/anon_gold.py`, written on
another branch for the held-out set; the two are meant to be unified.)
"""

import collections
import glob
import os
import re
import sys
import unicodedata

KINDS = {"Person", "Place", "Address", "Workplace", "Email", "Phone",
         "NationalId", "BirthDate"}
TRAP_CLASSES = {"fairytale", "nordmann", "ambiguous_word", "law_ref",
                "public_figure", "institution", "role"}
MIN_CHARS, MAX_CHARS = 3000, 8000

TOKEN = re.compile(
    r"\[\[(?P<kind>[A-Za-z]+)#(?P<entity>[^|\]]+)\|(?P<gtext>[^|\]]+)\]\]"
    r"|\{\{trap:(?P<cls>[a-z_]+)\|(?P<ttext>[^|}]+)\}\}")


def convert(src_path):
    with open(src_path, encoding="utf-8") as f:
        src = unicodedata.normalize("NFC", f.read().replace("\r\n", "\n"))
    out, gold, traps, errors = [], [], [], []
    pos = 0  # position in the output, in code points
    last = 0
    for m in TOKEN.finditer(src):
        plain = src[last:m.start()]
        out.append(plain)
        pos += len(plain)
        if m.group("kind"):
            kind, entity, text = m.group("kind"), m.group("entity").strip(), m.group("gtext")
            if kind not in KINDS:
                errors.append(f"unknown kind {kind!r} at {text!r}")
            gold.append((kind, pos, pos + len(text), entity, text))
        else:
            cls, text = m.group("cls"), m.group("ttext")
            if cls not in TRAP_CLASSES:
                errors.append(f"unknown trap class {cls!r} at {text!r}")
            traps.append((pos, pos + len(text), cls, text))
        out.append(text)
        pos += len(text)
        last = m.end()
    out.append(src[last:])
    text = "".join(out)

    for left in ("[[", "]]", "{{", "}}"):
        i = text.find(left)
        if i >= 0:
            errors.append(f"markup left over at {i}: {text[max(0, i - 30):i + 30]!r}")
    for kind, s, e, entity, t in gold:
        if text[s:e] != t:
            errors.append(f"gold span {s}-{e} is {text[s:e]!r}, not {t!r}")
        if t != t.strip():
            errors.append(f"gold span {t!r} has surrounding space")
    for s, e, cls, t in traps:
        if text[s:e] != t:
            errors.append(f"trap span {s}-{e} is {text[s:e]!r}, not {t!r}")
    spans = sorted([(s, e, t) for _, s, e, _, t in gold] + [(s, e, t) for s, e, _, t in traps])
    for (s1, e1, t1), (s2, e2, t2) in zip(spans, spans[1:]):
        if s2 < e1:
            errors.append(f"spans overlap: {t1!r} {s1}-{e1} and {t2!r} {s2}-{e2}")
    if not MIN_CHARS <= len(text) <= MAX_CHARS:
        errors.append(f"{len(text)} characters, outside {MIN_CHARS}-{MAX_CHARS}")
    # an entity id names one kind of thing
    kinds_of = collections.defaultdict(set)
    for kind, _, _, entity, _ in gold:
        kinds_of[entity].add(kind)
    for entity, ks in kinds_of.items():
        if len(ks) > 1:
            errors.append(f"entity {entity!r} has several kinds: {sorted(ks)}")
    return text, gold, traps, errors


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    d = sys.argv[1]
    sources = sorted(glob.glob(os.path.join(d, "src", "*.md")))
    if not sources:
        sys.exit(f"no {d}/src/*.md")
    kinds, classes = collections.Counter(), collections.Counter()
    n_entities = n_chars = 0
    failed = False
    for path in sources:
        name = os.path.splitext(os.path.basename(path))[0]
        text, gold, traps, errors = convert(path)
        if errors:
            failed = True
            for e in errors:
                print(f"{name}: {e}", file=sys.stderr)
            continue
        with open(os.path.join(d, name + ".txt"), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        with open(os.path.join(d, name + ".gold.tsv"), "w", encoding="utf-8", newline="\n") as f:
            f.write("kind\tstart\tend\tentity\ttext\n")
            for kind, s, e, entity, t in gold:
                f.write(f"{kind}\t{s}\t{e}\t{entity}\t{t}\n")
        with open(os.path.join(d, name + ".traps.tsv"), "w", encoding="utf-8", newline="\n") as f:
            f.write("start\tend\tclass\ttext\n")
            for s, e, cls, t in traps:
                f.write(f"{s}\t{e}\t{cls}\t{t}\n")
        ents = {entity for _, _, _, entity, _ in gold}
        n_entities += len(ents)
        n_chars += len(text)
        kinds.update(k for k, *_ in gold)
        classes.update(c for _, _, c, _ in traps)
        print(f"{name}: {len(text)} chars, {len(gold)} identifiers "
              f"({len(ents)} entities), {len(traps)} traps")
    print(f"total: {len(sources)} transcripts, {n_chars} chars, "
          f"{sum(kinds.values())} identifiers ({n_entities} entities), "
          f"{sum(classes.values())} traps")
    print("identifiers by kind: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    print("traps by class: " + ", ".join(f"{k} {v}" for k, v in sorted(classes.items())))
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
