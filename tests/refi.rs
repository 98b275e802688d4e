//! REFI-QDA interchange: every export parsed back and checked against the
//! rules of the schema notes; round trips through a new project; tolerant
//! imports of what other tools write; clear errors on bad files.

mod common;
mod import_fixtures;

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{Read, Write};
use std::path::Path;
use tema::Project;
use tema::export::{self, ImportReport};
use tema::import::{ImportOptions, parse_bytes};
use tema::model::{NoteKind, ThemeStatus};
use tema::store::{Command, NewDocument, NewParticipant, ThemeCommand};

const GROUP: &str = "Intervjuer: Hvordan opplever dere samarbeidet på tvers av tjenestene?\n\nInformant 1: Tja, det er jo mye tillit som må på plass. Vi i skolen vet ofte ikke hva barnevernet gjør.\n\nInformant 2: Og taushetsplikten står i veien – særlig når ungdommen selv ikke vil at vi snakker sammen.\n\nIntervjuer: Kan du si mer om det?\n\nInformant 2: Ja, vi blir sittende på hver vår tue. *ler* Det er ikke bra for ungdommen.\n";

const SINGLE: &str = "Intervjuer: Hva betyr tillit for deg? 😀\n\nIP3: Tillit er at jeg kan ringe helsesykepleieren 👍 og vet at hun tar det videre. Æ, ø og å.\n\nIntervjuer: Og når det svikter?\n\nIP3: Da faller ungdommen mellom to stoler 🪑🪑.\n";

fn quote(p: &Project, doc: i64, q: &str) -> (usize, usize) {
    tema::app::codes::quote_in(&p.text(doc).unwrap(), q, 1).unwrap()
}

fn create_code(p: &mut Project, name: &str, parent: Option<i64>, colour: &str, desc: &str) -> i64 {
    p.execute(Command::CreateCode {
        name: name.into(),
        parent,
        colour: Some(colour.into()),
        description: desc.into(),
    })
    .unwrap()
    .id()
    .unwrap()
}

fn code(p: &mut Project, doc: i64, code: i64, q: &str, memo: &str) -> i64 {
    let (start, end) = quote(p, doc, q);
    p.execute(Command::ApplyCoding {
        doc,
        code,
        start,
        end,
        memo: memo.into(),
    })
    .unwrap()
    .id()
    .unwrap()
}

/// A small study with everything the export maps: æøå and emoji, nested
/// codes, overlapping codings, memos, participants linked as speakers and
/// as a whole document, attributes, every kind of note.
fn study() -> (tempfile::TempDir, Project) {
    let (dir, mut p) = common::new_project();
    let opts = ImportOptions::default();
    let mut group = NewDocument::from(
        parse_bytes("Gruppeintervju 1 – ledere.txt", GROUP.as_bytes(), &opts).unwrap(),
    );
    group.speakers = vec![
        ("Informant 1".into(), "Lærer Å".into()),
        ("Informant 2".into(), "Helsesykepleier Ø".into()),
    ];
    let mut single =
        NewDocument::from(parse_bytes("Intervju Åse 😀.txt", SINGLE.as_bytes(), &opts).unwrap());
    single.participants = vec!["Åse".into()];
    let ids = p
        .execute(Command::Import {
            documents: vec![group, single],
            participants: vec![
                NewParticipant {
                    label: "Lærer Å".into(),
                    attributes: vec![
                        ("rolle".into(), "lærer".into()),
                        ("år".into(), "2022".into()),
                    ],
                },
                NewParticipant {
                    label: "Helsesykepleier Ø".into(),
                    attributes: vec![("rolle".into(), "helsesykepleier".into())],
                },
                NewParticipant {
                    label: "Åse".into(),
                    attributes: vec![
                        ("rolle".into(), "NAV-veileder".into()),
                        ("sektor".into(), "stat, «NAV»".into()),
                    ],
                },
                NewParticipant {
                    label: "Ingen dokumenter".into(),
                    attributes: vec![],
                },
            ],
        })
        .unwrap()
        .ids;
    let (g, s) = (ids[0], ids[1]);
    let rel = create_code(
        &mut p,
        "Relasjoner",
        None,
        "#2E7D32",
        "Overordnet: \"relasjoner\" & <tillit>.\nTo linjer.",
    );
    let tillit = create_code(&mut p, "Tillit", Some(rel), "#43A047", "Utsagn om tillit.");
    let brudd = create_code(&mut p, "Tillitsbrudd", Some(tillit), "#A5D6A7", "");
    let taus = create_code(
        &mut p,
        "Taushetsplikt som skjold",
        None,
        "#E76F51",
        "Latent kode.",
    );
    let emo = create_code(&mut p, "Følelser 😀", None, "#6D9DC5", "");
    code(
        &mut p,
        g,
        tillit,
        "mye tillit som må på plass",
        "Første\r\nmemo & <merke>",
    );
    code(&mut p, g, rel, "det er jo mye tillit", ""); // overlaps the one above
    code(&mut p, g, taus, "taushetsplikten står i veien", "");
    code(&mut p, g, taus, "taushetsplikten står i veien – særlig", ""); // same start, longer
    code(
        &mut p,
        s,
        tillit,
        "Tillit er at jeg kan ringe helsesykepleieren 👍 og vet",
        "",
    );
    code(
        &mut p,
        s,
        brudd,
        "Da faller ungdommen mellom to stoler 🪑🪑",
        "Stolene!",
    );
    code(&mut p, s, emo, "Æ, ø og å", "");
    for (name, status, definition, codes) in [
        (
            "«Vi sitter på hver vår tue»",
            ThemeStatus::Final,
            "Taushet og tillit: hvem som vet hva.\nGrenser: ikke om ressurser.",
            vec![taus, tillit],
        ),
        ("Følelser", ThemeStatus::Candidate, "", vec![emo]),
        ("Forkastet", ThemeStatus::Discarded, "Slått sammen.", vec![]),
    ] {
        common::create_theme(&mut p, name, status, definition, &codes);
    }
    for (kind, doc, code, text) in [
        (
            NoteKind::Familiarisation,
            Some(g),
            None,
            "Første gjennomlesning: mye om tillit.",
        ),
        (
            NoteKind::Document,
            Some(s),
            None,
            "Intervjuet ble holdt på Teams.",
        ),
        (
            NoteKind::Code,
            None,
            Some(taus),
            "Kodememo: taushet beskytter den voksne.",
        ),
        (
            NoteKind::Project,
            None,
            None,
            "Prosjektmemo med «anførselstegn» og æøå.",
        ),
    ] {
        p.execute(Command::AddNote {
            kind,
            doc,
            code,
            text: text.into(),
        })
        .unwrap();
    }
    (dir, p)
}

// ----------------------------------------------------------- parsing back

#[derive(Debug, Default, Clone)]
struct Node {
    name: String,
    ns: String,
    attrs: BTreeMap<String, String>,
    children: Vec<Node>,
    text: String,
}

impl Node {
    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> {
        self.children.iter().filter(move |c| c.name == name)
    }
    fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }
    fn walk<'a>(&'a self, out: &mut Vec<&'a Node>) {
        out.push(self);
        for c in &self.children {
            c.walk(out);
        }
    }
    fn descendants(&self) -> Vec<&Node> {
        let mut v = Vec::new();
        self.walk(&mut v);
        v
    }
}

/// An independent parse with quick-xml's namespace reader.
fn parse(bytes: &[u8]) -> Node {
    let mut r = NsReader::from_reader(bytes);
    let mut stack: Vec<Node> = vec![Node::default()];
    loop {
        let (ns, ev) = r.read_resolved_event().expect("well-formed XML");
        let ns = match ns {
            ResolveResult::Bound(n) => String::from_utf8(n.0.to_vec()).unwrap(),
            _ => String::new(),
        };
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let mut n = Node {
                    name: String::from_utf8(e.local_name().as_ref().to_vec()).unwrap(),
                    ns,
                    ..Default::default()
                };
                for a in e.attributes() {
                    let a = a.unwrap();
                    let k = String::from_utf8(a.key.as_ref().to_vec()).unwrap();
                    n.attrs.insert(k, a.unescape_value().unwrap().into_owned());
                }
                if matches!(ev, Event::Start(_)) {
                    stack.push(n);
                } else {
                    stack.last_mut().unwrap().children.push(n);
                }
            }
            Event::End(_) => {
                let n = stack.pop().unwrap();
                stack.last_mut().unwrap().children.push(n);
            }
            Event::Text(t) => stack
                .last_mut()
                .unwrap()
                .text
                .push_str(&t.xml10_content().unwrap()),
            Event::GeneralRef(g) => {
                let c =
                    g.resolve_char_ref()
                        .unwrap()
                        .unwrap_or_else(|| match &*g.decode().unwrap() {
                            "amp" => '&',
                            "lt" => '<',
                            "gt" => '>',
                            "quot" => '"',
                            "apos" => '\'',
                            e => panic!("entity {e}"),
                        });
                stack.last_mut().unwrap().text.push(c);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let mut doc = stack.pop().unwrap();
    assert_eq!(doc.children.len(), 1, "one root element");
    doc.children.pop().unwrap()
}

fn is_guid(s: &str) -> bool {
    let g: Vec<&str> = s.split('-').collect();
    g.len() == 5
        && g.iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| p.len() == n && p.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut b = Vec::new();
            f.read_to_end(&mut b).unwrap();
            (f.name().to_string(), b)
        })
        .collect()
}

const PROJECT_ORDER: [&str; 11] = [
    "Users",
    "CodeBook",
    "Variables",
    "Cases",
    "Sources",
    "Notes",
    "Links",
    "Sets",
    "Graphs",
    "Description",
    "NoteRef",
];

/// The rules of shared/refi/NOTES.md that hold for any project.qde.
fn check_project_rules(root: &Node, files: &HashMap<String, Vec<u8>>) {
    assert_eq!(root.name, "Project");
    assert!(root.attrs.contains_key("name"));
    for n in root.descendants() {
        assert_eq!(n.ns, "urn:QDA-XML:project:1.0", "<{}> namespace", n.name);
    }
    // Child order.
    let mut last = 0;
    for c in &root.children {
        let i = PROJECT_ORDER
            .iter()
            .position(|n| *n == c.name)
            .unwrap_or_else(|| panic!("unexpected <{}> under Project", c.name));
        assert!(i >= last, "<{}> out of order", c.name);
        last = i;
    }
    // No empty containers.
    for n in root.descendants() {
        if [
            "Users",
            "Codes",
            "Variables",
            "Cases",
            "Sources",
            "Notes",
            "Links",
            "Sets",
            "Graphs",
        ]
        .contains(&n.name.as_str())
        {
            assert!(!n.children.is_empty(), "empty <{}>", n.name);
        }
        if n.name == "CodeBook" {
            assert!(n.child("Codes").is_some());
        }
    }
    // Required attributes, GUIDs, uniqueness, references.
    let required: HashMap<&str, &[&str]> = HashMap::from([
        ("Code", &["guid", "name", "isCodable"][..]),
        ("TextSource", &["guid"][..]),
        (
            "PlainTextSelection",
            &["guid", "startPosition", "endPosition"][..],
        ),
        ("Coding", &["guid"][..]),
        ("CodeRef", &["targetGUID"][..]),
        ("NoteRef", &["targetGUID"][..]),
        ("Variable", &["guid", "name", "typeOfVariable"][..]),
        ("Case", &["guid"][..]),
        ("Set", &["guid", "name"][..]),
        ("User", &["guid"][..]),
        ("Note", &["guid"][..]),
    ]);
    let mut guids = HashSet::new();
    let mut users = HashSet::new();
    for n in root.descendants() {
        for a in required.get(n.name.as_str()).copied().unwrap_or(&[]) {
            assert!(n.attrs.contains_key(*a), "<{}> lacks {a}", n.name);
        }
        for (k, v) in &n.attrs {
            if k == "guid" || k.ends_with("GUID") || k == "creatingUser" || k == "modifyingUser" {
                assert!(is_guid(v), "{k}={v} on <{}> is not a GUID", n.name);
            }
            if k == "color" {
                assert!(
                    v.len() == 7
                        && v.starts_with('#')
                        && v[1..].bytes().all(|b| b.is_ascii_hexdigit()),
                    "colour {v}"
                );
            }
        }
        if let Some(g) = n.attrs.get("guid") {
            assert!(guids.insert(g.to_lowercase()), "duplicate guid {g}");
        }
        if n.name == "User" {
            users.insert(n.attrs["guid"].clone());
        }
        if n.name == "Code" {
            assert_eq!(n.attrs["isCodable"], "true");
        }
        if n.name == "TextSource" || n.name == "Note" {
            let inline = n.child("PlainTextContent").is_some();
            let path = n.attrs.contains_key("plainTextPath");
            assert!(
                inline != path,
                "<{}> needs exactly one of PlainTextContent/plainTextPath",
                n.name
            );
        }
        if n.name == "PlainTextSelection" {
            let (s, e): (i64, i64) = (
                n.attrs["startPosition"].parse().unwrap(),
                n.attrs["endPosition"].parse().unwrap(),
            );
            assert!(0 <= s && s <= e);
        }
    }
    for n in root.descendants() {
        if let Some(t) = n.attrs.get("targetGUID") {
            assert!(
                guids.contains(&t.to_lowercase()),
                "<{}> points at missing {t}",
                n.name
            );
        }
        for a in [
            "creatingUser",
            "modifyingUser",
            "creatingUserGUID",
            "modifyingUserGUID",
        ] {
            if let Some(u) = n.attrs.get(a) {
                assert!(users.contains(u), "{a}={u} names no User");
            }
        }
        if let Some(p) = n.attrs.get("plainTextPath") {
            let f = p.strip_prefix("internal://").expect("internal path");
            let bytes = files
                .get(&format!("sources/{f}"))
                .unwrap_or_else(|| panic!("sources/{f} missing from the zip"));
            assert!(!bytes.starts_with(b"\xEF\xBB\xBF"), "BOM in {f}");
        }
    }
    // CodeBook holds no Sets; Sets hold targetGUID members.
    if let Some(cb) = root.child("CodeBook") {
        assert!(cb.child("Sets").is_none());
    }
}

#[test]
fn qdpx_export_follows_the_rules() {
    let (_dir, p) = study();
    let bytes = export::qdpx_bytes(&p, false).unwrap();
    let entries = unzip(&bytes);
    assert_eq!(
        entries[0].0, "project.qde",
        "project.qde comes first, at the root"
    );
    for (name, _) in &entries[1..] {
        assert!(
            name.starts_with("sources/") && name.matches('/').count() == 1,
            "{name}"
        );
    }
    let files: HashMap<String, Vec<u8>> = entries.into_iter().collect();
    let qde = &files["project.qde"];
    assert!(!qde.starts_with(b"\xEF\xBB\xBF"), "project.qde has a BOM");
    let root = parse(qde);
    check_project_rules(&root, &files);

    // One user, tema, creating everything.
    let users: Vec<&Node> = root.child("Users").unwrap().all("User").collect();
    assert_eq!(users.len(), 1);
    assert_eq!(users[0].attrs["name"], "tema");
    assert_eq!(root.attrs["creatingUserGUID"], users[0].attrs["guid"]);

    // Documents: GUID = uuid, text byte-identical in the zip.
    let sources: Vec<&Node> = root.child("Sources").unwrap().all("TextSource").collect();
    let docs = p.documents().unwrap();
    assert_eq!(sources.len(), docs.len());
    for (s, d) in sources.iter().zip(&docs) {
        assert_eq!(s.attrs["guid"], d.uuid);
        assert_eq!(s.attrs["name"], d.name);
        assert_eq!(
            s.attrs["plainTextPath"],
            format!("internal://{}.txt", d.uuid)
        );
        let text = String::from_utf8(files[&format!("sources/{}.txt", d.uuid)].clone()).unwrap();
        assert_eq!(text, p.text(d.id).unwrap());
    }

    // Every coding: offsets equal the char offsets of its quote.
    let codings = p.codings(&Default::default()).unwrap();
    let mut seen = 0;
    for (s, d) in sources.iter().zip(&docs) {
        let text: Vec<char> = p.text(d.id).unwrap().chars().collect();
        for sel in s.all("PlainTextSelection") {
            for c in sel.all("Coding") {
                let coding = codings.iter().find(|x| x.uuid == c.attrs["guid"]).unwrap();
                let (start, end): (usize, usize) = (
                    sel.attrs["startPosition"].parse().unwrap(),
                    sel.attrs["endPosition"].parse().unwrap(),
                );
                assert_eq!((start, end), (coding.start, coding.end));
                assert_eq!(text[start..end].iter().collect::<String>(), coding.text);
                let code = p.code(coding.code_id).unwrap();
                assert_eq!(c.child("CodeRef").unwrap().attrs["targetGUID"], code.uuid);
                seen += 1;
            }
        }
    }
    assert_eq!(seen, codings.len());

    // Codes nested as in tema, with colour and description.
    let codebook = root.child("CodeBook").unwrap().child("Codes").unwrap();
    let rel = codebook
        .all("Code")
        .find(|c| c.attrs["name"] == "Relasjoner")
        .unwrap();
    assert_eq!(rel.attrs["color"], "#2E7D32");
    assert_eq!(
        rel.child("Description").unwrap().text,
        "Overordnet: \"relasjoner\" & <tillit>.\nTo linjer."
    );
    let tillit = rel.child("Code").unwrap();
    assert_eq!(tillit.attrs["name"], "Tillit");
    assert_eq!(tillit.child("Code").unwrap().attrs["name"], "Tillitsbrudd");

    // Participants as cases with text variables.
    let vars: HashMap<&str, &str> = root
        .child("Variables")
        .unwrap()
        .all("Variable")
        .map(|v| {
            assert_eq!(v.attrs["typeOfVariable"], "Text");
            (v.attrs["guid"].as_str(), v.attrs["name"].as_str())
        })
        .collect();
    let cases: Vec<&Node> = root.child("Cases").unwrap().all("Case").collect();
    assert_eq!(cases.len(), 4);
    let ase = cases.iter().find(|c| c.attrs["name"] == "Åse").unwrap();
    let values: BTreeMap<&str, &str> = ase
        .all("VariableValue")
        .map(|v| {
            (
                vars[v.child("VariableRef").unwrap().attrs["targetGUID"].as_str()],
                v.child("TextValue").unwrap().text.as_str(),
            )
        })
        .collect();
    assert_eq!(
        values,
        BTreeMap::from([("rolle", "NAV-veileder"), ("sektor", "stat, «NAV»")])
    );
    assert_eq!(
        ase.child("SourceRef").unwrap().attrs["targetGUID"],
        docs[1].uuid
    );
    let teacher = cases.iter().find(|c| c.attrs["name"] == "Lærer Å").unwrap();
    assert!(teacher.child("SourceRef").is_none());
    assert!(
        teacher.child("SelectionRef").is_some(),
        "speaker turns as selections"
    );

    // Notes: inline text, attached where they belong; the coding memo keeps its CR.
    let notes: Vec<&Node> = root.child("Notes").unwrap().all("Note").collect();
    let texts: Vec<&str> = notes
        .iter()
        .map(|n| n.child("PlainTextContent").unwrap().text.as_str())
        .collect();
    assert!(texts.contains(&"Første\r\nmemo & <merke>"));
    assert!(texts.contains(&"Prosjektmemo med «anførselstegn» og æøå."));
    assert!(
        root.all("NoteRef").count() == 1,
        "the project memo is referenced from Project"
    );
    // Themes as sets of codes, after Notes.
    let sets: Vec<&Node> = root.child("Sets").unwrap().all("Set").collect();
    assert_eq!(sets.len(), 3);
    assert_eq!(sets[0].attrs["name"], "«Vi sitter på hver vår tue»");
    assert!(
        sets[0]
            .child("Description")
            .unwrap()
            .text
            .ends_with("\n\nStatus: final")
    );
    assert_eq!(sets[0].all("MemberCode").count(), 2);
}

#[test]
fn qdc_export_follows_the_rules() {
    let (_dir, p) = study();
    let bytes = export::refi::codebook_xml(&p).unwrap();
    assert!(!bytes.starts_with(b"\xEF\xBB\xBF"));
    let root = parse(&bytes);
    assert_eq!(root.name, "CodeBook");
    assert!(root.attrs["origin"].starts_with("tema"));
    for n in root.descendants() {
        assert_eq!(n.ns, "urn:QDA-XML:codebook:1.0");
        assert!(n.child("NoteRef").is_none(), "no NoteRef in a .qdc");
    }
    let names: Vec<&str> = root
        .descendants()
        .into_iter()
        .filter(|n| n.name == "Code")
        .map(|n| {
            assert!(is_guid(&n.attrs["guid"]));
            assert_eq!(n.attrs["isCodable"], "true");
            n.attrs["name"].as_str()
        })
        .collect();
    assert_eq!(
        names,
        [
            "Relasjoner",
            "Tillit",
            "Tillitsbrudd",
            "Taushetsplikt som skjold",
            "Følelser 😀"
        ]
    );
    let sets: Vec<&Node> = root.child("Sets").unwrap().all("Set").collect();
    assert_eq!(sets.len(), 3);
    let codes: HashSet<&str> = root
        .descendants()
        .into_iter()
        .filter(|n| n.name == "Code")
        .map(|n| n.attrs["guid"].as_str())
        .collect();
    for m in sets.iter().flat_map(|s| s.all("MemberCode")) {
        assert!(
            codes.contains(m.attrs["guid"].as_str()),
            "MemberCode guid= names a code"
        );
    }

    let (_d, empty) = common::new_project();
    let err = export::refi::codebook_xml(&empty).unwrap_err().to_string();
    assert!(
        err.contains("empty") && err.contains("at least one code"),
        "{err}"
    );
}

/// Everything a round trip must keep, keyed by uuid where tema has one.
fn essence(p: &Project) -> serde_json::Value {
    let docs = p.documents().unwrap();
    let codes = p.codes().unwrap();
    let doc_name: HashMap<i64, String> = docs.iter().map(|d| (d.id, d.name.clone())).collect();
    let code_path: HashMap<i64, String> = codes
        .iter()
        .map(|c| (c.id, p.code_path(&codes, c)))
        .collect();
    serde_json::json!({
        "title": p.title().unwrap(),
        "documents": docs.iter().map(|d| serde_json::json!({
            "uuid": d.uuid, "name": d.name, "text": p.text(d.id).unwrap(),
            "participants": d.participants,
        })).collect::<Vec<_>>(),
        "codes": codes.iter().map(|c| serde_json::json!({
            "uuid": c.uuid, "path": code_path[&c.id], "colour": c.colour, "description": c.description,
        })).collect::<Vec<_>>(),
        "codings": p.codings(&Default::default()).unwrap().iter().map(|c| serde_json::json!({
            "uuid": c.uuid, "doc": c.doc, "code": code_path[&c.code_id], "start": c.start, "end": c.end,
            "text": c.text, "memo": c.memo, "participant": c.participant,
        })).collect::<Vec<_>>(),
        "participants": p.participants().unwrap().iter().map(|x| serde_json::json!({
            "uuid": x.uuid, "label": x.label, "attributes": x.attributes,
        })).collect::<Vec<_>>(),
        "themes": export::themes(p).unwrap().iter().map(|t| serde_json::json!({
            "uuid": t.uuid, "name": t.name, "status": t.status, "definition": t.definition,
            "codes": t.codes.iter().map(|c| code_path[c].clone()).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "notes": p.notes(None, None, None).unwrap().iter().map(|n| serde_json::json!({
            "uuid": n.uuid, "kind": n.kind, "text": n.text,
            "doc": n.document.map(|d| doc_name[&d].clone()),
            "code": n.code.map(|c| code_path[&c].clone()),
        })).collect::<Vec<_>>(),
    })
}

/// project.qde without its timestamps.
fn without_dates(qde: &[u8]) -> String {
    let s = String::from_utf8(qde.to_vec()).unwrap();
    let re = regex::Regex::new(r#" (creationDateTime|modifiedDateTime)="[^"]*""#).unwrap();
    re.replace_all(&s, "").into_owned()
}

#[test]
fn round_trip_keeps_the_project() {
    let (tmp, p) = study();
    let file = tmp.path().join("studie.qdpx");
    export::export_qdpx(&p, &file, false).unwrap();
    let dir = tmp.path().join("kopi");
    let report = export::import_qdpx(&file, &dir).unwrap();
    assert!(report.skipped.is_empty(), "{report}");
    assert_eq!(
        (
            report.documents,
            report.codes,
            report.codings,
            report.participants,
            report.notes,
            report.themes
        ),
        (2, 5, 7, 4, 4, 3),
        "{report}"
    );
    let copy = Project::open(&dir).unwrap();
    assert_eq!(essence(&copy), essence(&p));
    assert!(copy.check().unwrap().is_empty());
    // Export again: the same project.qde, dates aside, and the same sources.
    let again = export::qdpx_bytes(&copy, false).unwrap();
    let first = export::qdpx_bytes(&p, false).unwrap();
    let (a, b) = (unzip(&first), unzip(&again));
    assert_eq!(without_dates(&a[0].1), without_dates(&b[0].1));
    assert_eq!(a[1..], b[1..]);
    // The import is one undoable step in the new project.
    let mut copy = copy;
    assert!(
        copy.undo_label()
            .unwrap()
            .unwrap()
            .starts_with("import 'studie.qdpx'")
    );
    copy.undo().unwrap();
    assert!(copy.documents().unwrap().is_empty() && copy.codes().unwrap().is_empty());
}

#[test]
fn schema_validation_with_xmllint() {
    // ../shared/refi beside the clone; REFI_SCHEMA_DIR overrides (worktrees).
    let schema_dir = std::env::var_os("REFI_SCHEMA_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/refi"));
    let project_xsd = schema_dir.join("Project-mrt2019.xsd");
    let codebook_xsd = schema_dir.join("Codebook.xsd");
    let has_xmllint = std::process::Command::new("xmllint")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_xmllint || !project_xsd.is_file() || !codebook_xsd.is_file() {
        println!("skipped: xmllint or schema not present");
        return;
    }
    let (tmp, p) = study();
    let qde = tmp.path().join("project.qde");
    std::fs::write(&qde, export::refi::project_xml(&p, false).unwrap()).unwrap();
    let qdc = tmp.path().join("codebook.qdc");
    std::fs::write(&qdc, export::refi::codebook_xml(&p).unwrap()).unwrap();
    for (file, xsd) in [(&qde, &project_xsd), (&qdc, &codebook_xsd)] {
        let out = std::process::Command::new("xmllint")
            .args(["--nonet", "--noout", "--schema"])
            .arg(xsd)
            .arg(file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{} is invalid: {}",
            file.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

// --------------------------------------------------------------- imports

fn zip_bytes(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    for (name, bytes) in entries {
        z.start_file(*name, opts).unwrap();
        z.write_all(bytes).unwrap();
    }
    z.finish().unwrap().into_inner()
}

fn docx(paragraphs: &[&str]) -> Vec<u8> {
    let body: String = paragraphs
        .iter()
        .map(|p| format!("<w:p><w:r><w:t xml:space=\"preserve\">{p}</w:t></w:r></w:p>"))
        .collect();
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
    );
    zip_bytes(&[("word/document.xml", xml.as_bytes())])
}

/// What other tools write: a BOM, `Sources/`, upper-case braced GUIDs, a
/// Windows basePath, accents in file names, inline text, Windows-1252 and
/// CRLF sources, a docx-only source, a PDF, a set, a dangling code.
fn foreign_qdpx() -> Vec<u8> {
    let cp1252 = b"Informant: Bl\xE5b\xE6rsyltet\xF8y er godt.\r\nIntervjuer: Takk.";
    let crlf = "Intervjuer: Hei.\r\nDeltaker A: Vi snakker om tillit.\r\n";
    let qde = String::from(
        "\u{FEFF}<?xml version=\"1.0\" encoding=\"utf-8\"?>
<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"Fremmed prosjekt\" origin=\"ATLAS.ti 23\" basePath=\"C:\\Users\\kari\\Prosjekt\">
 <Users><User guid=\"{AAAAAAAA-0000-4000-8000-000000000001}\" name=\"Kari\"/></Users>
 <CodeBook><Codes>
  <Code guid=\"{AAAAAAAA-0000-4000-8000-0000000000C1}\" name=\"Samarbeid\" isCodable=\"true\" color=\"#abc\">
   <Description>Alt om samarbeid</Description>
   <NoteRef targetGUID=\"AAAAAAAA-0000-4000-8000-0000000000E2\"/>
   <Code guid=\"AAAAAAAA-0000-4000-8000-0000000000C2\" name=\"Tillit\" isCodable=\"true\"/>
  </Code>
  <Code guid=\"c3\" name=\"Samarbeid\" isCodable=\"false\"/>
 </Codes></CodeBook>
 <Variables><Variable guid=\"AAAAAAAA-0000-4000-8000-0000000000F1\" name=\"Alder\" typeOfVariable=\"Integer\"/></Variables>
 <Cases>
  <Case guid=\"AAAAAAAA-0000-4000-8000-0000000000B1\" name=\"Deltaker A\">
   <VariableValue><VariableRef targetGUID=\"AAAAAAAA-0000-4000-8000-0000000000F1\"/><IntegerValue>34</IntegerValue></VariableValue>
   <SourceRef targetGUID=\"AAAAAAAA-0000-4000-8000-0000000000D3\"/>
  </Case>
 </Cases>
 <Sources>
  <TextSource guid=\"AAAAAAAA-0000-4000-8000-0000000000D1\" name=\"Inline Ærlig\">
   <PlainTextContent>Det handler om tillit og samarbeid.</PlainTextContent>
   <PlainTextSelection guid=\"AAAAAAAA-0000-4000-8000-0000000000S1\" startPosition=\"15\" endPosition=\"21\">
    <Coding guid=\"AAAAAAAA-0000-4000-8000-0000000000A1\"><CodeRef targetGUID=\"aaaaaaaa-0000-4000-8000-0000000000c2\"/><NoteRef targetGUID=\"AAAAAAAA-0000-4000-8000-0000000000E1\"/></Coding>
   </PlainTextSelection>
   <PlainTextSelection guid=\"AAAAAAAA-0000-4000-8000-000000000051\" startPosition=\"25\" endPosition=\"34\">
    <Coding guid=\"AAAAAAAA-0000-4000-8000-0000000000A2\"><CodeRef targetGUID=\"AAAAAAAA-0000-4000-8000-00000000DEAD\"/></Coding>
   </PlainTextSelection>
  </TextSource>
  <TextSource guid=\"AAAAAAAA-0000-4000-8000-0000000000D2\" name=\"Blåbær\" plainTextPath=\"internal://Blåbær øl.txt\">
   <PlainTextSelection guid=\"AAAAAAAA-0000-4000-8000-000000000052\" startPosition=\"11\" endPosition=\"25\">
    <Coding guid=\"AAAAAAAA-0000-4000-8000-0000000000A3\"><CodeRef targetGUID=\"AAAAAAAA-0000-4000-8000-0000000000C1\"/></Coding>
   </PlainTextSelection>
  </TextSource>
  <TextSource guid=\"AAAAAAAA-0000-4000-8000-0000000000D3\" name=\"Fokusgruppe\" plainTextPath=\"relative://Sources\\Fokusgruppe Åsane.txt\">
   <PlainTextSelection guid=\"AAAAAAAA-0000-4000-8000-000000000053\" startPosition=\"44\" endPosition=\"50\">
    <Coding guid=\"AAAAAAAA-0000-4000-8000-0000000000A4\"><CodeRef targetGUID=\"AAAAAAAA-0000-4000-8000-0000000000C2\"/></Coding>
   </PlainTextSelection>
   <NoteRef targetGUID=\"AAAAAAAA-0000-4000-8000-0000000000E3\"/>
  </TextSource>
  <TextSource guid=\"AAAAAAAA-0000-4000-8000-0000000000D4\" name=\"Word-fil\" richTextPath=\"internal://ord.docx\"/>
  <PDFSource guid=\"AAAAAAAA-0000-4000-8000-0000000000D5\" name=\"Rapport\" path=\"internal://rapport.pdf\"/>
 </Sources>
 <Notes>
  <Note guid=\"AAAAAAAA-0000-4000-8000-0000000000E1\" name=\"Kommentar\"><PlainTextContent>Viktig sitat</PlainTextContent></Note>
  <Note guid=\"AAAAAAAA-0000-4000-8000-0000000000E2\" name=\"Kodememo\"><PlainTextContent>Om samarbeid</PlainTextContent></Note>
  <Note guid=\"AAAAAAAA-0000-4000-8000-0000000000E3\" name=\"Familiarisation note – Fokusgruppe\"><PlainTextContent>Lest to ganger</PlainTextContent></Note>
  <Note guid=\"AAAAAAAA-0000-4000-8000-0000000000E4\" name=\"Løs\"><PlainTextContent>Ikke knyttet til noe</PlainTextContent></Note>
 </Notes>
 <Sets><Set guid=\"AAAAAAAA-0000-4000-8000-0000000000F9\" name=\"Tema 1\"><MemberCode targetGUID=\"AAAAAAAA-0000-4000-8000-0000000000C1\"/></Set></Sets>
</Project>
"
    );
    // The selection ids S1 are not hex: a broken GUID the importer must survive.
    let mut bom_crlf = b"\xEF\xBB\xBF".to_vec();
    bom_crlf.extend_from_slice(crlf.as_bytes());
    let docx = docx(&["Intervjuer: Hvordan var det?", "Informant: Det var fint."]);
    zip_bytes(&[
        ("project.qde", qde.as_bytes()),
        ("Sources/Blåbær øl.txt", cp1252),
        ("Sources/Fokusgruppe Åsane.txt", &bom_crlf),
        ("Sources/ord.docx", &docx),
    ])
}

#[test]
fn foreign_files_import_with_a_report() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("fremmed.qdpx");
    std::fs::write(&file, foreign_qdpx()).unwrap();
    let dir = tmp.path().join("ny");
    let report: ImportReport = export::import_qdpx(&file, &dir).unwrap();
    let p = Project::open(&dir).unwrap();
    assert_eq!(p.title().unwrap(), "Fremmed prosjekt");
    let docs = p.documents().unwrap();
    let names: Vec<&str> = docs.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(
        names,
        ["Inline Ærlig", "Blåbær", "Fokusgruppe", "Word-fil"],
        "{report}"
    );
    assert_eq!(
        p.text(docs[1].id).unwrap(),
        "Informant: Blåbærsyltetøy er godt.\nIntervjuer: Takk."
    );
    assert_eq!(
        p.text(docs[2].id).unwrap(),
        "Intervjuer: Hei.\nDeltaker A: Vi snakker om tillit.\n",
        "BOM dropped, CRLF normalised"
    );
    assert!(p.text(docs[3].id).unwrap().contains("Det var fint."));
    assert_eq!(
        docs[0].uuid, "aaaaaaaa-0000-4000-8000-0000000000d1",
        "GUIDs kept, canonical"
    );

    let codings = p.codings(&Default::default()).unwrap();
    let quotes: Vec<(&str, &str, &str)> = codings
        .iter()
        .map(|c| (c.doc.as_str(), c.code.as_str(), c.text.as_str()))
        .collect();
    assert_eq!(
        quotes,
        [
            ("Inline Ærlig", "Tillit", "tillit"),
            ("Blåbær", "Samarbeid", "Blåbærsyltetøy"),
            // CRLF counted as two in the file: still "tillit" after normalising.
            ("Fokusgruppe", "Tillit", "tillit"),
        ]
    );
    assert_eq!(codings[0].memo, "Viktig sitat");

    let codes = p.codes().unwrap();
    let names: Vec<String> = codes.iter().map(|c| p.code_path(&codes, c)).collect();
    assert_eq!(names, ["Samarbeid", "Samarbeid/Tillit", "Samarbeid (2)"]);
    assert_eq!(codes[0].colour, "#AABBCC");
    assert_eq!(codes[0].description, "Alt om samarbeid");

    let parts = p.participants().unwrap();
    assert_eq!(parts.len(), 1);
    assert_eq!(parts[0].label, "Deltaker A");
    assert_eq!(parts[0].attributes["Alder"], "34");
    assert_eq!(docs[2].participants, ["Deltaker A"]);

    let notes = p.notes(None, None, None).unwrap();
    let kinds: Vec<(NoteKind, &str)> = notes.iter().map(|n| (n.kind, n.text.as_str())).collect();
    assert_eq!(
        kinds,
        [
            (NoteKind::Code, "Om samarbeid"),
            (NoteKind::Familiarisation, "Lest to ganger"),
            (NoteKind::Project, "Ikke knyttet til noe"),
        ]
    );

    let all = report.skipped.join("\n");
    for expected in [
        "refer to a code missing from the codebook",
        "PDF source 'Rapport'",
        "two codes are called 'Samarbeid'",
        "text read from its .docx",
    ] {
        assert!(all.contains(expected), "report lacks «{expected}»:\n{all}");
    }
    assert_eq!((report.documents, report.codings, report.codes), (4, 3, 3));
    let themes = export::themes(&p).unwrap();
    assert_eq!(themes.len(), 1, "the set became a theme");
    assert_eq!(
        (themes[0].name.as_str(), themes[0].status.as_str()),
        ("Tema 1", "candidate")
    );
    assert_eq!(themes[0].codes, [codes[0].id]);
    println!("{report}");
}

#[test]
fn nvivo_utf16_offsets_are_converted() {
    let text = "I: Hei 😀 og velkommen.\nIP1: Tillit 🙂 er alt.";
    // UTF-16 units: each emoji takes two.
    let u16 = |s: &str| text[..text.find(s).unwrap()].encode_utf16().count();
    let (s1, e1) = (u16("velkommen"), u16("velkommen") + 9);
    let (s2, e2) = (u16("er alt"), u16("er alt") + 6);
    let qde = format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="NVivo" origin="NVivo 12.6">
 <CodeBook><Codes><Code guid="11111111-0000-4000-8000-000000000001" name="K" isCodable="true"/></Codes></CodeBook>
 <Sources><TextSource guid="11111111-0000-4000-8000-000000000002" name="Intervju" plainTextPath="internal://11111111-0000-4000-8000-000000000002.txt">
  <PlainTextSelection guid="11111111-0000-4000-8000-000000000003" startPosition="{s1}" endPosition="{e1}"><Coding guid="11111111-0000-4000-8000-000000000004"><CodeRef targetGUID="11111111-0000-4000-8000-000000000001"/></Coding></PlainTextSelection>
  <PlainTextSelection guid="11111111-0000-4000-8000-000000000005" startPosition="{s2}" endPosition="{e2}"><Coding guid="11111111-0000-4000-8000-000000000006"><CodeRef targetGUID="11111111-0000-4000-8000-000000000001"/></Coding></PlainTextSelection>
 </TextSource></Sources>
</Project>"#
    );
    let bytes = zip_bytes(&[
        ("project.qde", qde.as_bytes()),
        (
            "Sources/11111111-0000-4000-8000-000000000002.txt",
            text.as_bytes(),
        ),
    ]);
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("nvivo.qdpx");
    std::fs::write(&file, bytes).unwrap();
    export::import_qdpx(&file, &tmp.path().join("p")).unwrap();
    let p = Project::open(&tmp.path().join("p")).unwrap();
    let quotes = common::coded_texts(&p);
    assert_eq!(quotes, ["velkommen", "er alt"]);
}

#[test]
fn bad_files_give_clear_errors_and_leave_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ny");
    let try_import = |name: &str, bytes: &[u8]| -> String {
        let file = tmp.path().join(name);
        std::fs::write(&file, bytes).unwrap();
        let err = export::import_qdpx(&file, &dir).unwrap_err();
        assert!(!dir.exists(), "a failed import left a project behind");
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().contains("importing"))
            .collect();
        assert!(leftovers.is_empty(), "temporary folder left behind");
        let msg = format!("{err:#}");
        assert!(msg.contains(name), "error does not name the file: {msg}");
        msg
    };
    let msg = try_import("tekst.qdpx", b"Dette er ikke en zip");
    assert!(msg.contains("not a readable zip"), "{msg}");
    let msg = try_import("tom.qdpx", &zip_bytes(&[("sources/a.txt", b"hei")]));
    assert!(msg.contains("no project.qde"), "{msg}");
    let msg = try_import(
        "brukket.qdpx",
        &zip_bytes(&[(
            "project.qde",
            b"<Project name=\"x\">\n  <Sources>\n</Project>",
        )]),
    );
    assert!(msg.contains("line 3") && msg.contains("column"), "{msg}");
    let msg = try_import(
        "feil-rot.qdpx",
        &zip_bytes(&[("project.qde", b"<CodeBook/>")]),
    );
    assert!(msg.contains("not <Project>"), "{msg}");
    let msg = try_import("avkuttet.qdpx", &foreign_qdpx()[..200]);
    assert!(msg.contains("zip"), "{msg}");

    // A missing internal file: the document is skipped, the rest imported.
    let qde = r#"<Project xmlns="urn:QDA-XML:project:1.0" name="x"><Sources>
        <TextSource guid="22222222-0000-4000-8000-000000000001" name="Borte" plainTextPath="internal://borte.txt"/>
        <TextSource guid="22222222-0000-4000-8000-000000000002" name="Her"><PlainTextContent>Her er tekst.</PlainTextContent></TextSource>
        </Sources></Project>"#;
    let file = tmp.path().join("delvis.qdpx");
    std::fs::write(&file, zip_bytes(&[("project.qde", qde.as_bytes())])).unwrap();
    let report = export::import_qdpx(&file, &dir).unwrap();
    assert_eq!(report.documents, 1);
    assert!(
        report
            .skipped
            .iter()
            .any(|s| s.contains("Borte") && s.contains("not in the zip")),
        "{report}"
    );

    // The target must be new (or empty).
    let err = export::import_qdpx(&file, &dir).unwrap_err().to_string();
    assert!(err.contains("not an empty folder"), "{err}");
}

#[test]
fn a_zip_bomb_qdpx_is_refused_whole_and_leaves_nothing() {
    use import_fixtures::{lie_about_sizes, zip_with_bomb};
    use tema::import::unzip::UnpackLimits;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ny");
    let limits = UnpackLimits {
        entry: 1024 * 1024,
        total: 2 * 1024 * 1024,
    };
    let qde = r#"<Project xmlns="urn:QDA-XML:project:1.0" name="x"><Sources>
        <TextSource guid="22222222-0000-4000-8000-000000000001" name="Stor" plainTextPath="internal://stor.txt"/>
        <TextSource guid="22222222-0000-4000-8000-000000000002" name="Her"><PlainTextContent>Her er tekst.</PlainTextContent></TextSource>
        </Sources></Project>"#;
    let import = |name: &str, bytes: Vec<u8>| -> String {
        let file = tmp.path().join(name);
        std::fs::write(&file, bytes).unwrap();
        let err = export::import_qdpx_with(&file, &dir, limits).unwrap_err();
        assert!(!dir.exists(), "a refused import left a project behind");
        format!("{err:#}")
    };
    // A source that would be skipped if it were merely unreadable refuses
    // the whole file when it is a bomb, honest or lying about its size.
    let honest = zip_with_bomb(&[("project.qde", qde)], "sources/stor.txt", 3 * 1024 * 1024);
    let msg = import("bombe.qdpx", honest.clone());
    assert!(
        msg.contains("bombe.qdpx") && msg.contains("sources/stor.txt unpacks to more than 1 MB"),
        "{msg}"
    );
    let msg = import("løgn.qdpx", lie_about_sizes(honest, 100));
    assert!(
        msg.contains("sources/stor.txt unpacks to more than 1 MB"),
        "{msg}"
    );
    // The project description itself.
    let msg = import(
        "qde.qdpx",
        lie_about_sizes(zip_with_bomb(&[], "project.qde", 3 * 1024 * 1024), 100),
    );
    assert!(
        msg.contains("project.qde unpacks to more than 1 MB"),
        "{msg}"
    );
    // A source outside the zip counts too.
    let qde_ext = qde.replace("internal://stor.txt", "relative://ekstern.txt");
    std::fs::write(tmp.path().join("ekstern.txt"), vec![b'a'; 3 * 1024 * 1024]).unwrap();
    let msg = import(
        "ekstern.qdpx",
        zip_bytes(&[("project.qde", qde_ext.as_bytes())]),
    );
    assert!(msg.contains("ekstern.txt' is more than 1 MB"), "{msg}");
}

#[test]
fn codebook_import_merges_into_an_existing_project() {
    let (tmp, source) = study();
    let qdc = tmp.path().join("kodebok.qdc");
    export::export_qdc(&source, &qdc).unwrap();

    let (_t, mut p) = common::new_project();
    let existing = create_code(&mut p, "Relasjoner", None, "#000000", "Min egen");
    let report = export::import_qdc(&mut p, &qdc).unwrap();
    assert_eq!(report.codes, 4, "{report}");
    assert!(
        report
            .skipped
            .iter()
            .any(|s| s.contains("kept as they are")),
        "{report}"
    );
    let codes = p.codes().unwrap();
    let paths: Vec<String> = codes.iter().map(|c| p.code_path(&codes, c)).collect();
    assert_eq!(
        paths,
        [
            "Relasjoner",
            "Relasjoner/Tillit",
            "Relasjoner/Tillit/Tillitsbrudd",
            "Taushetsplikt som skjold",
            "Følelser 😀"
        ]
    );
    assert_eq!(
        p.code(existing).unwrap().description,
        "Min egen",
        "existing code untouched"
    );
    let src_codes = source.codes().unwrap();
    let tillit = codes.iter().find(|c| c.name == "Tillit").unwrap();
    assert_eq!(
        tillit.uuid,
        src_codes.iter().find(|c| c.name == "Tillit").unwrap().uuid
    );

    // Again: nothing new. And one undo removes what the first import added.
    let again = export::import_qdc(&mut p, &qdc).unwrap();
    assert_eq!(again.codes, 0);
    assert_eq!(p.codes().unwrap().len(), 5);
    assert!(
        p.undo_label()
            .unwrap()
            .unwrap()
            .starts_with("import codebook")
    );
    p.undo().unwrap();
    assert_eq!(p.codes().unwrap().len(), 1);

    // Taguette writes an empty <Sets/>; a bad file names itself.
    let taguette = tmp.path().join("taguette.qdc");
    std::fs::write(
        &taguette,
        r#"<?xml version="1.0"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="Taguette 1.4.1"><Codes><Code guid="33333333-0000-4000-8000-000000000001" name="hilsen" isCodable="true"/></Codes><Sets/></CodeBook>"#,
    )
    .unwrap();
    assert_eq!(export::import_qdc(&mut p, &taguette).unwrap().codes, 1);
    let broken = tmp.path().join("brukket.qdc");
    std::fs::write(&broken, "<CodeBook><Codes>").unwrap();
    let err = format!("{:#}", export::import_qdc(&mut p, &broken).unwrap_err());
    assert!(
        err.contains("brukket.qdc") && err.contains("ends before"),
        "{err}"
    );
}

#[test]
fn cli_exports_and_imports() {
    let (tmp, p) = study();
    let dir = p.dir().to_path_buf();
    drop(p);
    let tema = |args: &[&str]| {
        let out = common::cli::tema(args);
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let d = dir.to_str().unwrap();
    let path = |n: &str| tmp.path().join(n).to_string_lossy().into_owned();
    for args in [
        vec!["export", "qdpx", "-p", d, "-o", &path("s.qdpx")],
        vec![
            "export",
            "codebook",
            "-p",
            d,
            "--format",
            "qdc",
            "-o",
            &path("s.qdc"),
        ],
        vec!["export", "codebook", "-p", d, "-o", &path("s.csv")],
        vec![
            "export",
            "codings",
            "-p",
            d,
            "--format",
            "xlsx",
            "-o",
            &path("c.xlsx"),
        ],
        vec!["export", "codings", "-p", d, "-o", &path("c.csv")],
    ] {
        let (ok, out, err) = tema(&args);
        assert!(ok, "{args:?}: {err}");
        assert!(out.starts_with("wrote "), "{out}");
    }
    let (ok, out, err) = tema(&["import-qdpx", &path("s.qdpx"), &path("kopi"), "--json"]);
    assert!(ok, "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["codings"], 7);
    let (ok, _, err) = tema(&["new", &path("tom")]);
    assert!(ok, "{err}");
    let (ok, out, err) = tema(&["import-qdc", "-p", &path("tom"), &path("s.qdc")]);
    assert!(ok, "{err}");
    assert!(out.contains("5 codes"), "{out}");
    let (ok, _, err) = tema(&["export", "codebook", "-p", d, "-o", &path("x.txt")]);
    assert!(!ok && err.contains("--format"), "{err}");
    let (ok, _, err) = tema(&["import-qdpx", &path("s.csv"), &path("ny")]);
    assert!(!ok && err.contains("s.csv") && err.contains("zip"), "{err}");
}

/// The full benchmark (200 × 55,000 chars, 20,000 codings); slow in a debug
/// build: `cargo test --test refi -- --ignored --nocapture`.
#[test]
#[ignore]
fn bench_refi_figures() {
    print!("{}", tema::bench::refi::run(200, 55_000, 20_000).unwrap());
}

#[test]
fn bench_refi_runs_small() {
    let out = tema::bench::refi::run(3, 2_000, 50).unwrap();
    assert!(
        out.contains("export .qdpx") && out.contains("import .qdpx"),
        "{out}"
    );
}

#[test]
fn journal_only_when_asked_for() {
    let (tmp, mut p) = study();
    p.execute(Command::Theme(ThemeCommand::AddJournal {
        date: Some("2024-03-01".into()),
        phase: Some(2),
        text: "Jeg merker at jeg heier på skolen.".into(),
        links: vec![],
    }))
    .unwrap();
    let uuid: String = common::raw_db(&p)
        .query_row("SELECT uuid FROM journal_entries", [], |r| r.get(0))
        .unwrap();
    let private = String::from_utf8(export::refi::project_xml(&p, false).unwrap()).unwrap();
    assert!(
        !private.contains("heier på skolen"),
        "the journal is private by default"
    );
    let bytes = export::qdpx_bytes(&p, true).unwrap();
    let files: HashMap<String, Vec<u8>> = unzip(&bytes).into_iter().collect();
    let root = parse(&files["project.qde"]);
    check_project_rules(&root, &files);
    let note = root
        .child("Notes")
        .unwrap()
        .all("Note")
        .find(|n| n.attrs["guid"] == uuid)
        .expect("journal entry as a note");
    assert_eq!(note.attrs["name"], "Reflexive journal – 2024-03-01");
    assert!(note.attrs.contains_key("creationDateTime"));
    assert!(
        root.all("NoteRef")
            .any(|r| r.attrs["targetGUID"] == note.attrs["guid"])
    );

    let file = tmp.path().join("med-dagbok.qdpx");
    std::fs::write(&file, &bytes).unwrap();
    let report = export::import_qdpx(&file, &tmp.path().join("kopi")).unwrap();
    assert!(
        report
            .skipped
            .iter()
            .any(|s| s.contains("journal entries became project notes")),
        "{report}"
    );
    let copy = Project::open(&tmp.path().join("kopi")).unwrap();
    assert!(
        copy.notes(Some(NoteKind::Project), None, None)
            .unwrap()
            .iter()
            .any(|n| n.text.contains("heier på skolen"))
    );
}
