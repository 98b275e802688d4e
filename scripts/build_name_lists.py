#!/usr/bin/env python3
"""Build the gazetteers in assets/ used by src/anonymise.

Reproducible: run from the repository root with network access to PyPI and
npm only:

    python3 scripts/build_name_lists.py

It creates a throw-away venv with `faker` (MIT) and packs the npm package
`norway-postal-codes` (MIT) into a temp dir, then writes

    assets/no_given_names.txt   Norwegian given names
    assets/no_surnames.txt      Norwegian family names
    assets/no_places.txt        postal places and municipalities

one entry per line, UTF-8, sorted, de-duplicated. The hand-written lists
below are common Norwegian names and municipality names: public facts (the
kind SSB publishes as top lists), typed here by hand, not copied from any
licensed file. See assets/ATTRIBUTION.md.
"""

import json
import os
import subprocess
import sys
import tempfile
import venv

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ASSETS = os.path.join(ROOT, "assets")

FAKER_VERSION = "40.54.0"
POSTAL_VERSION = "3.3.0"

# Common Norwegian given names, written by hand: popular names of recent
# decades plus older names still common among adults.
EXTRA_GIVEN = """
Aage Aase Adam Adele Agnes Agnete Ahmad Aksel Alba Albert Aleksander Alexandra
Alfred Ali Alice Alma Alva Amalie Amanda Amund Ane Anja Anne-Grethe
Anne-Lise Anne-Marie Annette Ansgar Ante Anton Arnfinn Arvid Asgeir Aslak
Ask Astri Atle Audun Aurora Axel Baard Beate Benedicte Benjamin Bernt
Birger Birgit Birgitte Bjarne Bjarte Bo Borghild Bror Brage Brede Britt-Inger
Brynjar Bård Børge Carina Carl Caroline Cathrine Charlotte Christer
Christine Christoffer Dagny Dagfinn Dagrun Dani Edel Edvard Edvin Eilif
Eindride Einar Eira Elias Eline Elisabet Ella Elle Ellinor Embla Emil
Emilia Endre Erlend Erna Even Fatima Filip Fredrik Fride Frida Frøydis
Gaute Geir Gjermund Glenn Gorm Gry Gudrun Gullborg Gunhild Gunnhild Guro
Gustav Guttorm Hallvard Halvard Halvor Hans-Petter Hedda Hedvig Helga
Helle Henny Herman Hermann Hjalmar Hugo Ina Ine Inga Inge Ingebjørg
Ingrid Ingunn Ingvild Isak Isabel Isabella Iselin Iver Jakob Jacob
Jan-Erik Jarle Jenny Jo Johanne Jon-Are Jonathan Josefine Jostein Julian
Julius Jørn Kai Kaja Kamilla Kasper Katrine Kaia Karianne Kasper Kenneth
Kine Kjartan Klara Knut Kolbjørn Kristian Kristoffer Lars Lasse Laura
Leah Leif Lena Leo Leon Lilly Linnea Lisa Live Lucas Ludvig Luna
Lukas Mads Magne Magnus Magnhild Mai Maja Malene Margit Margrethe Mariann
Marius Markus Marthe Martin Mathias Matilde Maria Merete Mia Mikael Mikkel
Milla Mina Mohammad Mohammed Morten Muhammad Nils Noah Nikolai Njål Norunn
Odd Oddbjørn Oddny Oddvar Oddveig Olav Ole Oliver Olivia Oscar Oskar Otto
Pål Per Pernille Peder Petra Philip Preben Ragna Ragnar Ragnvald Rakel
Reidar Rolf Rune Rut Sander Sanna Selma Sebastian Sigbjørn Sigmund Sigurd
Simen Simon Sindre Siri Sivert Snorre Sol Solfrid Solvor Sondre Stein Steinar
Stian Stig Storm Styrk Sunniva Svein Sverre Svanhild Synne Sølvi Tage
Tarjei Teodor Theodor Terje Thomas Thor Thorleif Tiril Tobias Tor Torbjørn
Tord Tore Torgeir Torgrim Torhild Torstein Trond Trude Tuva Ulrik Ulrikke
Vebjørn Vegard Vera Vetle Vibeke Vidar Viktor Viljar Vilja Villemo Vår
Wilhelm William Yngve Ylva Ådne Åge Åshild Åsmund Øivind Øydis Øystein Øyvind
Hilde Jan Erik Are Gunnar Trine Marit Siv Emma Sofie Nora Ingeborg Lea
Iben Tone Dag Bjørn Liv Ola Kari Geir Hege Randi
""".split()

# Common Norwegian family names, written by hand (the -sen names and the
# most frequent farm names).
EXTRA_SURNAMES = """
Aasland Alnæs Andersen Aspelund Austad Bakke Berntsen Bjerke Bjørnstad
Blom Bolstad Borge Brattli Bratt Bredesen Brenna Brun Bråten Bye Dahle
Dale Dalen Egeland Eikeland Ekeberg Eliassen Engebretsen Eriksen Fagerli
 Fjell  Flaten Foss Fossum Fredheim Gjerde Grande 
Grønvold Gundersen Hagen Halse Hammer Hatlestad Haugan Hauge Heggem Heggelund
Helgesen Hellesøy Hermansen Hoel Holen Holmen Holte Hovland Husby Hval
Hætta Håland Indrebø Ingebrigtsen Jakobsen Jensen Johnsen Kleppe Knutsen
Kolstad Kristiansen Kvam Kvamme Kvale Kvalheim Langeland Larsen Lie Lien
 Lindberg Lindstad Lunde Lund Løken Løvås Martinussen Moe
Myklebust Myrvold Mæland  Nordby Nyberg Nygaard Nyhus Olsen
Orvik Ottesen Pettersen Rasmussen Ravn Reinholdt Riise Ringdal Rognes
Rustad Rød Røed Sand Sandberg Sandvik Sandnes Seland Skaar Skjelbred
Skogen Skår Slettebø  Solberg Solheim Solli Stene Storm Strand
Strømme Sunde Sundt Svendsen Sæther Søvik Taraldsen Tjelle Tollefsen
Torgersen Tvedt Ulvestad Urdal  Vestre Vik Vikse Vold Wiik Waage
Østby Øverland Aasen Aune Bakken Berg Berge Brekke Dahl Eide Haug Haugen
Haugland Helland Holm Lie Moen Nilsen Næss Nygård Ruud Rønning Tangen Tveit
Ødegård Amundsen Myhre Birkeland Engen Strøm Hansen Johansen Karlsen
Pedersen Nguyen Ahmed Ali Khan Hussain Iqbal Jovanovic Kowalski Nowak
""".split()

# Municipalities (2024) that are not also a postal place name, by hand.
EXTRA_MUNICIPALITIES = """
Alstahaug|Alver|Andøy|Askøy|Aurskog-Høland|Austevoll|Balsfjord|Bamble|Beiarn
|Bindal|Birkenes|Bjørnafjorden|Brønnøy|Bærum|Bø|Dyrøy|Eidskog|Eigersund
|Evje og Hornnes|Fjaler|Fjord|Flakstad|Frogn|Frøya|Færder|Gausdal|Gildeskål
|Gjesdal|Gloppen|Grane|Grue|Gulen|Hadsel|Heim|Hole|Holtålen|Hustadvika
|Hvaler|Hå|Hægebostad|Ibestad|Indre Fosen|Indre Østfold|Karmøy|Klepp
|Kristiansand|Kristiansund|Krødsherad|Kvinnherad|Kvæfjord|Kvænangen|Kåfjord
|Lavangen|Lierne|Lyngen|Marker|Masfjorden|Midt-Telemark|Midtre Gauldal
|Modum|Moskenes|Målselv|Nes|Nesseby|Nome|Nord-Aurdal|Nord-Fron|Nord-Odal
|Nordre Follo|Nordre Land|Nordreisa|Nore og Uvdal|Nærøysund|Orkland|Osterøy
|Porsanger|Rana|Rauma|Ringerike|Ringsaker|Røyrvik|Salangen|Saltdal
|Samnanger|Sande|Senja|Sigdal|Sirdal|Sokndal|Solund|Stad|Steigen
|Stor-Elvdal|Storfjord|Strand|Suldal|Sunndal|Sunnfjord|Søndre Land
|Sør-Aurdal|Sør-Odal|Sør-Varanger|Sørfold|Time|Tinn|Tjeldsund|Tokke|Tysvær
|Ullensaker|Ullensvang|Ulstein|Vang|Vanylven|Vefsn|Vestre Slidre
|Vestre Toten|Vestvågøy|Vik|Vindafjord|Vågan|Våler|Årdal|Åsnes|Øksnes
|Ørland|Østre Toten|Øvre Eiker|Øygarden|Øystre Slidre
""".replace("\n", "").split("|")

# Words kept lowercase inside title-cased place names.
SMALL_WORDS = {"i", "på", "og", "ved", "under", "over"}


def run(cmd, **kw):
    print("+", " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, check=True, **kw)


def faker_names(tmp):
    env_dir = os.path.join(tmp, "venv")
    venv.create(env_dir, with_pip=True)
    py = os.path.join(env_dir, "bin", "python")
    run([py, "-m", "pip", "install", "-q", f"faker=={FAKER_VERSION}"])
    code = (
        "import json\n"
        "from faker.providers.person.no_NO import Provider as P\n"
        "print(json.dumps({'given': list(P.first_names_male) + list(P.first_names_female),"
        " 'surnames': list(P.last_names)}))\n"
    )
    out = subprocess.run([py, "-c", code], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def title_place(upper):
    words = []
    for i, w in enumerate(upper.lower().split(" ")):
        if i > 0 and w in SMALL_WORDS:
            words.append(w)
        else:
            words.append("-".join(p[:1].upper() + p[1:] for p in w.split("-")))
    return " ".join(words)


def postal_places(tmp):
    run(["npm", "pack", "-q", f"norway-postal-codes@{POSTAL_VERSION}"], cwd=tmp,
        stdout=subprocess.DEVNULL)
    run(["tar", "xzf", f"norway-postal-codes-{POSTAL_VERSION}.tgz"], cwd=tmp)
    with open(os.path.join(tmp, "package", "converted", "postal-codes-simple.js"),
              encoding="utf-8") as f:
        src = f.read()
    data = json.loads(src.split("=", 1)[1].strip().rstrip(";"))
    places = set()
    for name in data.values():
        # "KRISTIANSUND N", "KRISTIANSAND S": drop the one/two-letter
        # direction suffix, keep the place.
        parts = name.split(" ")
        if len(parts) > 1 and parts[-1] in {"N", "S", "Ø", "V", "SØ", "NV", "NØ", "SV"}:
            parts = parts[:-1]
        places.add(title_place(" ".join(parts)))
    return places


def write(name, items):
    items = sorted({i.strip() for i in items if i.strip()}, key=lambda s: (s.lower(), s))
    path = os.path.join(ASSETS, name)
    with open(path, "w", encoding="utf-8") as f:
        for i in items:
            f.write(i + "\n")
    print(f"{path}: {len(items)}", file=sys.stderr)


def main():
    os.makedirs(ASSETS, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        names = faker_names(tmp)
        places = postal_places(tmp)
    write("no_given_names.txt", names["given"] + EXTRA_GIVEN)
    write("no_surnames.txt", names["surnames"] + EXTRA_SURNAMES)
    write("no_places.txt", places | set(EXTRA_MUNICIPALITIES))


if __name__ == "__main__":
    main()
