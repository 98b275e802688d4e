//! Word lists: the national-scale lexicon in `assets/lexicon/` (given
//! names, surnames, places, bokmål word forms; [`super::lexicon`]) and
//! tema's own short lists in `assets/` (built by
//! `scripts/build_name_lists.py`, see `assets/ATTRIBUTION.md`), which win
//! where they are more specific. Every lookup is a hash probe on the
//! lowercase form.
//!
//! A lexicon name that is also an ordinary Norwegian word (`Kuba`, `Hope`
//! in a US list) counts as a name only when a Norwegian source has it:
//! whether a word is ordinary is decided by the word list.

use std::collections::{HashMap, HashSet};

use super::lexicon::{self, COMMON_NAME, Lexicon, NORWEGIAN, WORD};

const GIVEN: &str = include_str!("../../assets/no_given_names.txt");
const SURNAMES: &str = include_str!("../../assets/no_surnames.txt");
const PLACES: &str = include_str!("../../assets/no_places.txt");
const COMMON: &str = include_str!("../../assets/no_common_words.txt");

/// Words that follow a proper name and make it a workplace or an institution
/// (`Vestvik ungdomsskole`, `Bakketun sykehjem`). Lowercase.
const INSTITUTION_WORDS: &[&str] = &[
    "skole",
    "skule",
    "ungdomsskole",
    "ungdomsskule",
    "barneskole",
    "barneskule",
    "oppvekstsenter",
    "gymnas",
    "folkehøgskole",
    "barnehage",
    "barnehagen",
    "sykehjem",
    "sjukeheim",
    "omsorgssenter",
    "legekontor",
    "legesenter",
    "helsestasjon",
    "helsesenter",
    "sykehus",
    "sjukehus",
    "sykehuset",
    "sjukehuset",
    "tannklinikk",
    "bibliotek",
    "menighet",
    "idrettslag",
    "fotballklubb",
    "kirke",
    "videregående",
    "rådhus",
    "fritidsklubb",
    "ungdomsklubb",
    "ungdomshus",
    "kommunehus",
    "kulturhus",
    "kommune",
    "fylkeskommune",
];

/// Endings that make one capitalised compound word a workplace
/// (`Helgelandssykehuset`, `Bjørkelibarnehagen`).
const INSTITUTION_ENDINGS: &[&str] = &[
    "sykehuset",
    "sjukehuset",
    "sykehus",
    "sjukehus",
    "skole",
    "skolen",
    "skule",
    "skulen",
    "barnehage",
    "barnehagen",
    "sykehjem",
    "sykehjemmet",
    "legesenter",
    "legesenteret",
    "legekontor",
    "legekontoret",
];

/// Company-form suffixes written in capitals after the name (`Molde Rør AS`).
const COMPANY_SUFFIXES: &[&str] = &["AS", "ASA", "SA", "ANS", "DA", "BA", "ENK", "KF", "IKS"];

/// Public bodies that may be followed by a local unit name, which makes the
/// unit a workplace (`NAV Sentrum`, `BUP Molde`).
const UNIT_PREFIXES: &[&str] = &[
    "nav",
    "bup",
    "ppt",
    "dps",
    "abup",
    "barnevernet",
    "ntnu",
    "uio",
    "uib",
    "uit",
    "oslomet",
    "usn",
    "hvl",
    "nmbu",
    "ous",
    "unn",
    "sus",
    "ahus",
    "nord",
];

/// Well-known characters of fairy tales, books, films and comics, the
/// standard placeholder people, and national public figures: names that
/// identify nobody in a transcript and must stay (lowercase, one space).
const KEEP_PHRASES: &[&str] = &[
    // Placeholder people.
    "ola nordmann",
    "kari nordmann",
    "ola og kari nordmann",
    "kari og ola nordmann",
    "ola og kari",
    "kari og ola",
    "nordmann",
    "ola dunk",
    "mannen i gata",
    // Fairy tales and children's books.
    "askeladden",
    "espen askeladd",
    "espen askeladden",
    "per og pål og espen askeladd",
    "bukkene bruse",
    "de tre bukkene bruse",
    "kari trestakk",
    "tyrihans",
    "veslefrikk",
    "smørbukk",
    "soria moria",
    "gudbrand i lia",
    "mestermø",
    "rødhette",
    "askepott",
    "tornerose",
    "snøhvit",
    "hans og grete",
    "tommeliten",
    "pinocchio",
    "rapunsel",
    "aladdin",
    "ali baba",
    "sinbad",
    "pippi",
    "pippi langstrømpe",
    "emil i lønneberget",
    "ronja røverdatter",
    "karlsson på taket",
    "brødrene løvehjerte",
    "madicken",
    "karius og baktus",
    "karius",
    "baktus",
    "kaptein sabeltann",
    "langemann",
    "reodor felgen",
    "solan gundersen",
    "flåklypa",
    "klatremus",
    "mikkel rev",
    "bamse brakar",
    "morten skogmus",
    "hakkebakkeskogen",
    "kardemomme by",
    "jesper og jonatan",
    "kasper og jesper og jonatan",
    "politimester bastian",
    "tante sofie",
    "tobias i tårnet",
    "pelle politibil",
    "ole brumm",
    "nasse nøff",
    "tigergutt",
    "kristoffer robin",
    "mummitrollet",
    "lille my",
    "snusmumrikken",
    "peter pan",
    "tingeling",
    "kaptein krok",
    "alice i eventyrland",
    "mowgli",
    "donald duck",
    "onkel skrue",
    "mikke mus",
    "langbein",
    "fantomet",
    "tintin",
    "kaptein haddock",
    "asterix",
    "obelix",
    "garfield",
    "postmann pat",
    "peppa gris",
    "brannmann sam",
    "bob the builder",
    "harry potter",
    "hermine grang",
    "ronny wiltersen",
    "humlesnurr",
    "voldemort",
    "frodo",
    "gandalf",
    "gollum",
    "bilbo",
    "sherlock holmes",
    "dr. watson",
    "hercule poirot",
    "miss marple",
    "dracula",
    "frankenstein",
    "tarzan",
    "supermann",
    "superman",
    "spiderman",
    "batman",
    "robin hood",
    "don quijote",
    "robinson crusoe",
    "oliver twist",
    "gulliver",
    "romeo og julie",
    "hamlet",
    "peer gynt",
    "hedda gabler",
    "nora helmer",
    "et dukkehjem",
    "vildanden",
    "julenissen",
    "grinchen",
    "olsenbanden",
    "egon olsen",
    "elsa og anna",
    "mulan",
    "simba",
    "nemo",
    "shrek",
    "pusur",
    "tommy og tigern",
    "knerten",
    "skomaker andersen",
    "snekker andersen",
    "jul i blåfjell",
    "blåfjell",
    // National public figures (royal family, prime ministers, ministers,
    // party leaders) and a few internationally known names.
    "kong harald",
    "dronning sonja",
    "kronprins haakon",
    "kronprinsesse mette-marit",
    "prinsesse ingrid alexandra",
    "prinsesse märtha louise",
    "prins sverre magnus",
    "jonas gahr støre",
    "gahr støre",
    "erna solberg",
    "jens stoltenberg",
    "gro harlem brundtland",
    "kjell magne bondevik",
    "kåre willoch",
    "thorbjørn jagland",
    "einar gerhardsen",
    "siv jensen",
    "sylvi listhaug",
    "trygve slagsvold vedum",
    "audun lysbakken",
    "kirsti bergstø",
    "bjørnar moxnes",
    "marie sneve martinussen",
    "guri melby",
    "trine skei grande",
    "abid raja",
    "hadia tajik",
    "espen barth eide",
    "anniken huitfeldt",
    "marit arnstad",
    "ingvild kjerkol",
    "jan christian vestre",
    "tonje brenna",
    "kari nessa nordtun",
    "anette trettebergstuen",
    "emilie enger mehl",
    "marte mjøs persen",
    "bent høie",
    "guri melby",
    "jan tore sanner",
    "torbjørn røe isaksen",
    "monica mæland",
    "ine eriksen søreide",
    "per-willy amundsen",
    "per sandberg",
    "carl i. hagen",
    "anders anundsen",
    "knut arild hareide",
    "kjell ingolf ropstad",
    "olaug bollestad",
    "linda hofstad helleland",
    "henrik asheim",
    "iselin nybø",
    "nikolai astrup",
    "bård vegar solhjell",
    "kristin halvorsen",
    "karita bekkemellem",
    "hanne bjurstrøm",
    "grete faremo",
    "knut storberget",
    "anne-grete strøm-erichsen",
    "sigbjørn johnsen",
    "trond giske",
    "kjersti toppe",
    "sigrun aasland",
    "lubna jaffery",
    "jan christian vestre",
    "tore o. sandvik",
    "bjørn arild gram",
    "cecilie myrseth",
    "terje aasland",
    "andreas bjelland eriksen",
    "karianne tung",
    "maria varteressian",
    "tonje brenna",
    "erling sande",
    "astri aas-hansen",
    "emilie mehl",
    "sandra borch",
    "odd roger enoksen",
    "geir pollestad",
    "ola borten moe",
    "hadia tajik",
    "marte gerhardsen",
    "fridtjof nansen",
    "roald amundsen",
    "thor heyerdahl",
    "henrik ibsen",
    "edvard munch",
    "edvard grieg",
    "knut hamsun",
    "sigrid undset",
    "bjørnstjerne bjørnson",
    "jon fosse",
    "karl ove knausgård",
    "jo nesbø",
    "erling braut haaland",
    "erling haaland",
    "martin ødegaard",
    "karsten warholm",
    "therese johaug",
    "petter northug",
    "marit bjørgen",
    "magnus carlsen",
    "aksel lund svindal",
    "jakob ingebrigtsen",
    "johannes høsflot klæbo",
    "sissel kyrkjebø",
    "kygo",
    "alan walker",
    "ole gunnar solskjær",
    "greta thunberg",
    "donald trump",
    "joe biden",
    "barack obama",
    "vladimir putin",
    "volodymyr zelenskyj",
    "angela merkel",
    "elon musk",
    "taylor swift",
];

/// Titles before a name that make it a public figure (`kong Harald`,
/// `helseminister Ingvild Kjerkol`); any word ending in `minister` too.
const PUBLIC_TITLES: &[&str] = &[
    "kong",
    "kongen",
    "dronning",
    "dronningen",
    "kronprins",
    "kronprinsesse",
    "prins",
    "prinsesse",
    "statsminister",
    "statsministeren",
    "statsråd",
    "statsråden",
    "president",
    "presidenten",
    "stortingspresident",
    "pave",
    "paven",
    "biskop",
];

/// National public bodies: never a workplace of a participant on their
/// own, also with a region after them (`Statsforvalteren i Rogaland`).
const NATIONAL_BODIES: &[&str] = &[
    "statsforvalteren",
    "statsforvaltaren",
    "fylkesmannen",
    "kripos",
    "økokrim",
    "imdi",
    "udi",
    "une",
    "bufdir",
    "bufetat",
    "helsedirektoratet",
    "helsetilsynet",
    "udir",
    "utdanningsdirektoratet",
    "skatteetaten",
    "lånekassen",
    "husbanken",
    "politidirektoratet",
    "arbeidstilsynet",
    "mattilsynet",
    "folkehelseinstituttet",
    "fhi",
    "stortinget",
    "regjeringen",
    "barneombudet",
    "sivilombudet",
    "datatilsynet",
    "oppfølgingstjenesten",
    "statens vegvesen",
    "vegvesenet",
    "kriminalomsorgen",
    "høyesterett",
    "trygderetten",
    "utlendingsnemnda",
    "nasjonalbiblioteket",
    "nrk",
    "helse- og omsorgsdepartementet",
    "kunnskapsdepartementet",
    "forsvaret",
];

/// Generic endings of an institution's name; alone (`Oppfølgingstjenesten`)
/// they name no one.
const INSTITUTION_GENERIC_ENDINGS: &[&str] = &[
    "tjenesten",
    "tenesta",
    "etaten",
    "direktoratet",
    "tilsynet",
    "ombudet",
    "nemnda",
    "departementet",
    "instituttet",
    "forvalteren",
    "forvaltaren",
];

/// Endings of a lowercase word after a name that make it a workplace
/// (`Manglerud politistasjon`, `Oslo krisesenter`, `Sandnes voksenopplæring`).
const INSTITUTION_HEADS: &[&str] = &[
    "stasjon",
    "senter",
    "senteret",
    "opplæring",
    "opplæringa",
    "opplæringen",
    "sjukehus",
    "sykehus",
    "legevakt",
    "legevakta",
    "hospital",
    "klinikk",
    "klinikken",
    "kontor",
    "kontoret",
    "heim",
    "hjem",
    "skole",
    "skule",
    "skolen",
    "skulen",
    "hage",
    "hagen",
    "tjeneste",
    "tjenesten",
    "teneste",
    "tenesta",
    "bibliotek",
    "apotek",
    "senter",
];

/// A capitalised institution word before a name or `i` + place
/// (`Sykehuset Levanger`, `Universitetet i Sørøst-Norge`).
const INSTITUTION_PREFIXES: &[&str] = &[
    "sykehuset",
    "sjukehuset",
    "universitetssykehuset",
    "universitetssjukehuset",
    "universitetet",
    "høgskolen",
    "høyskolen",
    "høgskulen",
    "kunsthøgskolen",
    "politihøgskolen",
    "folkehøgskolen",
    "diakonhjemmet",
    "kommunen",
    "bydel",
];

/// Shop and restaurant chains: with a place after them they name a
/// workplace (`Rema 1000 Lura`, `kiwi bøler`, `ikea furuset`).
const CHAINS: &[&str] = &[
    "rema",
    "kiwi",
    "coop",
    "meny",
    "spar",
    "joker",
    "bunnpris",
    "extra",
    "obs",
    "ikea",
    "elkjøp",
    "xxl",
    "europris",
    "biltema",
    "jula",
    "narvesen",
    "vinmonopolet",
    "posten",
    "burger",
    "mcdonald's",
    "peppes",
    "lidl",
    "netto",
    "power",
    "clas",
    "normal",
];

/// Frequent nynorsk forms that the bokmål word list lacks (the full
/// nynorsk list is GPL and not shipped): pronouns, function words and
/// common verbs, so `Ho har vore` or `No er vi` is no name.
const NYNORSK: &[&str] = &[
    "eg",
    "ho",
    "dei",
    "deira",
    "dykk",
    "dykkar",
    "honom",
    "henne",
    "ikkje",
    "kva",
    "kven",
    "korleis",
    "kvifor",
    "kvar",
    "kvarandre",
    "kor",
    "no",
    "frå",
    "ein",
    "eit",
    "ei",
    "eitt",
    "heile",
    "heilt",
    "vore",
    "vera",
    "vere",
    "seier",
    "sa",
    "skreiv",
    "skriv",
    "song",
    "songen",
    "roar",
    "kjem",
    "kom",
    "fekk",
    "får",
    "gjekk",
    "gjer",
    "gjorde",
    "veit",
    "visste",
    "meiner",
    "tykkjer",
    "trur",
    "trudde",
    "fortel",
    "fortalde",
    "spurde",
    "svarte",
    "budde",
    "bur",
    "heime",
    "heimen",
    "berre",
    "mykje",
    "litt",
    "lite",
    "nokon",
    "noko",
    "nokre",
    "ingen",
    "inkje",
    "sjølv",
    "sjølve",
    "saman",
    "mellom",
    "etter",
    "medan",
    "sidan",
    "fordi",
    "dersom",
    "viss",
    "om",
    "og",
    "men",
    "då",
    "der",
    "her",
    "dit",
    "hit",
    "opp",
    "ned",
    "inn",
    "ut",
    "fram",
    "attende",
    "igjen",
    "enno",
    "alltid",
    "aldri",
    "ofte",
    "gong",
    "gongen",
    "gonger",
    "dag",
    "dagen",
    "natt",
    "natta",
    "kveld",
    "kvelden",
    "morgon",
    "morgonen",
    "veke",
    "veka",
    "veker",
    "år",
    "åra",
    "tid",
    "tida",
    "sjukepleiar",
    "sjukepleiaren",
    "bebuar",
    "bebuaren",
    "bebuarar",
    "bebuarane",
    "pårørande",
    "tilsett",
    "tilsette",
    "leiar",
    "leiaren",
    "kollega",
    "kollegaer",
    "spelar",
    "speler",
    "les",
    "las",
    "lese",
    "skal",
    "skulle",
    "vil",
    "ville",
    "kan",
    "kunne",
    "må",
    "måtte",
    "bli",
    "blir",
    "vart",
    "vorte",
    "hadde",
    "har",
    "hatt",
    "sjå",
    "ser",
    "såg",
    "sett",
    "høyre",
    "høyrer",
    "høyrde",
    "snakke",
    "snakkar",
    "snakka",
    "arbeide",
    "arbeider",
    "arbeidde",
    "jobbar",
    "jobba",
    "hjelpe",
    "hjelper",
    "hjelpte",
    "treng",
    "trong",
    "eigen",
    "eiga",
    "eige",
    "andre",
    "annan",
    "anna",
    "fleire",
    "fleste",
    "mange",
    "kvar",
    "einskild",
    "einskilde",
    "slik",
    "sånn",
    "dette",
    "desse",
    "denne",
    "venleg",
    "fint",
    "godt",
    "vondt",
    "dårleg",
    "dårlege",
    "greitt",
    "lettare",
    "vanskeleg",
    "gamal",
    "gamle",
    "ung",
    "unge",
    "stor",
    "store",
    "liten",
    "lita",
    "vesle",
    "nye",
    "ny",
];

/// English function words (quotes, titles, app names in transcripts):
/// `The` is in a list of US given names, but no name here.
const ENGLISH: &[&str] = &[
    "the", "and", "of", "to", "in", "for", "on", "with", "at", "by", "from", "is", "are", "was",
    "were", "be", "this", "that", "it", "you", "we", "they", "he", "she", "my", "your", "our",
    "not", "no", "yes", "all", "but", "or", "if", "so", "what", "who", "how", "when", "why",
    "where", "one", "new", "good", "best", "love", "will", "can", "may", "do", "does",
];

/// Words before a place name that belong to it (`Nordre Vollen`).
const PLACE_PREFIXES: &[&str] = &[
    "nordre", "søndre", "østre", "vestre", "øvre", "nedre", "store", "lille", "gamle", "nye",
    "indre", "ytre",
];

/// Lowercase particles inside a person's name (`Maria Cristina dela Cruz`).
const NAME_PARTICLES: &[&str] = &[
    "de", "dela", "del", "della", "van", "von", "der", "den", "al", "el", "bin", "ibn", "da", "di",
    "du", "dos", "das", "le", "la", "ter", "ten",
];

/// Words before a lower-case name in a greeting or a signature (`hei
/// rune`, `mvh eivind g`, `gratulerer mai`).
const GREETINGS: &[&str] = &[
    "hei",
    "hallo",
    "heisann",
    "hilsen",
    "mvh",
    "takk",
    "gratulerer",
    "kjære",
    "halla",
    "hey",
];

/// Words before a lower-case name that is no ordinary word (`av
/// hussein`, `se på åse`).
const NAME_PREPOSITIONS: &[&str] = &["til", "fra", "av", "med", "på", "hos", "og", "spør"];

/// Short words after a place in a file name that make it a workplace
/// (`kongsvinger_vgs`, `drammen_vo`, `baerum-legevakt`).
const FILE_INSTITUTIONS: &[&str] = &[
    "vgs",
    "vo",
    "legevakt",
    "legevakta",
    "skole",
    "skule",
    "us",
    "sykehus",
    "sjukehus",
    "bhg",
    "barnehage",
    "kommune",
    "nav",
    "ungdomsskole",
    "barneskole",
    "helsestasjon",
];

/// Prepositions that, before an unknown capitalised word, suggest a place.
const PLACE_PREPOSITIONS: &[&str] = &[
    "i", "på", "fra", "til", "ved", "mot", "nær", "utenfor", "rundt", "gjennom", "over", "forbi",
];

/// Verbs (and a few auxiliaries) which, right after a sentence-initial word
/// that is both a name and an ordinary word, show that it is a name:
/// "Tone er flink", "Per har også", "Liv flyttet".
const PERSON_CUES: &[&str] = &[
    "sa",
    "sier",
    "mener",
    "mente",
    "synes",
    "syntes",
    "tror",
    "trodde",
    "fortalte",
    "forteller",
    "ringte",
    "ringer",
    "spurte",
    "spør",
    "svarte",
    "svarer",
    "jobber",
    "jobbet",
    "jobba",
    "kom",
    "gikk",
    "flyttet",
    "flytta",
    "bor",
    "bodde",
    "er",
    "var",
    "har",
    "hadde",
    "skal",
    "skulle",
    "vil",
    "ville",
    "kan",
    "kunne",
    "må",
    "måtte",
    "fikk",
    "får",
    "ble",
    "blir",
    "sendte",
    "skrev",
    "hjalp",
    "hjelper",
    "likte",
    "liker",
    "heter",
    "het",
    "ønsket",
    "vet",
    "visste",
    "tok",
    "gjorde",
    "gjør",
    "kjenner",
    "kjente",
    "snakket",
    "snakker",
    "ba",
    "hilser",
    "sluttet",
    "begynte",
    "døde",
    "fylte",
    "trives",
    "savner",
];

/// Role labels that open a speaker turn ("Intervjuer:", "Informant 2:").
const SPEAKER_LABELS: &[&str] = &[
    "i",
    "int",
    "intervjuer",
    "intervjuar",
    "informant",
    "inf",
    "ip",
    "deltaker",
    "deltakar",
    "moderator",
    "mod",
    "leder",
    "svar",
    "respondent",
    "forsker",
    "fasilitator",
    "kvinne",
    "mann",
    "elev",
    "lærer",
    "forelder",
    "mor",
    "far",
    "person",
    "r",
    "p",
    "d",
];

pub(crate) struct Gazetteer {
    given: HashSet<String>,
    surnames: HashSet<String>,
    /// Single-word places, lowercase.
    places: HashSet<String>,
    /// Multi-word places, lowercase, words joined by one space.
    multi_places: HashSet<String>,
    /// Longest multi-word place, in words.
    pub max_place_words: usize,
    common: HashSet<String>,
    institutions: HashSet<&'static str>,
    unit_prefixes: HashSet<&'static str>,
    place_preps: HashSet<&'static str>,
    person_cues: HashSet<&'static str>,
    speaker_labels: HashSet<&'static str>,
    lex: &'static Lexicon,
    /// Phrases to keep, by their first word.
    keep: HashMap<String, Vec<Vec<String>>>,
}

fn lines(src: &str) -> impl Iterator<Item = &str> {
    src.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

impl Gazetteer {
    pub fn load() -> Self {
        let given = lines(GIVEN).map(str::to_lowercase).collect();
        let surnames = lines(SURNAMES).map(str::to_lowercase).collect();
        let mut places = HashSet::new();
        let mut multi_places = HashSet::new();
        let mut max_place_words = 1;
        for p in lines(PLACES) {
            let lower = p.to_lowercase();
            let words = lower.split(' ').count();
            if words > 1 {
                max_place_words = max_place_words.max(words);
                multi_places.insert(lower);
            } else {
                places.insert(lower);
            }
        }
        Gazetteer {
            given,
            surnames,
            places,
            multi_places,
            max_place_words: max_place_words.max(lexicon::MAX_PLACE_WORDS),
            common: lines(COMMON).map(str::to_lowercase).collect(),
            institutions: INSTITUTION_WORDS.iter().copied().collect(),
            unit_prefixes: UNIT_PREFIXES.iter().copied().collect(),
            place_preps: PLACE_PREPOSITIONS.iter().copied().collect(),
            person_cues: PERSON_CUES.iter().copied().collect(),
            speaker_labels: SPEAKER_LABELS.iter().copied().collect(),
            lex: lexicon::lexicon(),
            keep: keep_phrases(),
        }
    }

    /// A given name, also each part of a hyphenated one (`per-arne`).
    pub fn is_given(&self, lower: &str) -> bool {
        self.given_one(lower) || all_parts(lower, |p| self.given_one(p))
    }

    fn given_one(&self, lower: &str) -> bool {
        self.given.contains(lower) || lex_name(self.lex.given.get(lower))
    }

    /// A given name from a Norwegian source (SSB, tema's list): strong
    /// enough to be read as a name at a sentence start when it is also a
    /// word (`Liv sa`), unlike a name only a foreign list has.
    pub fn is_norwegian_given(&self, lower: &str) -> bool {
        self.given.contains(lower)
            || self
                .lex
                .given
                .get(lower)
                .is_some_and(|f| f & NORWEGIAN != 0)
    }

    /// A given name common in Norway (`marius`, `rune`): a name even in
    /// lower case, where context says a person is meant.
    pub fn is_common_given(&self, lower: &str) -> bool {
        self.given.contains(lower)
            || self
                .lex
                .given
                .get(lower)
                .is_some_and(|f| f & COMMON_NAME != 0)
    }

    /// Any given name the lexicon has, also one that is a word (`mai`).
    pub fn is_any_given(&self, lower: &str) -> bool {
        self.given.contains(lower) || self.lex.given.contains_key(lower)
    }

    /// On tema's own hand-made name lists (the names most used in Norway).
    pub fn is_hand_name(&self, lower: &str) -> bool {
        self.given.contains(lower) || self.surnames.contains(lower)
    }

    pub fn is_norwegian_surname(&self, lower: &str) -> bool {
        self.surnames.contains(lower)
            || self
                .lex
                .surnames
                .get(lower)
                .is_some_and(|f| f & NORWEGIAN != 0)
    }

    pub fn is_surname(&self, lower: &str) -> bool {
        self.surname_one(lower) || all_parts(lower, |p| self.surname_one(p) || self.given_one(p))
    }

    fn surname_one(&self, lower: &str) -> bool {
        self.surnames.contains(lower) || lex_name(self.lex.surnames.get(lower))
    }

    pub fn is_name(&self, lower: &str) -> bool {
        self.is_given(lower) || self.is_surname(lower)
    }

    /// The name an ASCII-folded form stands for (`haakon` → `håkon`), or
    /// the form itself when it is a name already.
    pub fn unfold_name(&self, lower: &str) -> Option<String> {
        if self.is_name(lower) {
            return Some(lower.to_string());
        }
        self.lex
            .folded
            .get(lower)
            .filter(|n| self.is_name(n))
            .cloned()
    }

    pub fn is_place(&self, lower: &str) -> bool {
        self.places.contains(lower) || lex_name(self.lex.places.get(lower))
    }

    /// A multi-word place on tema's own (Norwegian) list.
    pub fn is_own_multi_place(&self, lower_joined: &str) -> bool {
        self.multi_places.contains(lower_joined)
    }

    pub fn is_norwegian_place(&self, lower: &str) -> bool {
        self.places.contains(lower)
            || self
                .lex
                .places
                .get(lower)
                .is_some_and(|f| f & NORWEGIAN != 0)
    }

    pub fn is_multi_place(&self, lower_joined: &str) -> bool {
        self.multi_places.contains(lower_joined) || self.lex.multi_places.contains(lower_joined)
    }

    /// An ordinary word: on tema's common-word list or a bokmål word form.
    pub fn is_common(&self, lower: &str) -> bool {
        self.common.contains(lower)
            || self.lex.is_word(lower)
            || NYNORSK.contains(&lower)
            || ENGLISH.contains(&lower)
    }

    pub fn is_institution(&self, lower: &str) -> bool {
        self.institutions.contains(lower)
    }

    /// A compound ending in an institution word, with at least three
    /// letters before it (`helgelandssykehuset`).
    pub fn is_institution_compound(&self, lower: &str) -> bool {
        INSTITUTION_ENDINGS.iter().any(|e| {
            lower
                .strip_suffix(e)
                .is_some_and(|head| head.chars().filter(|c| c.is_alphabetic()).count() >= 3)
        })
    }

    pub fn is_company_suffix(&self, word: &str) -> bool {
        COMPANY_SUFFIXES.contains(&word)
    }

    pub fn is_unit_prefix(&self, lower: &str) -> bool {
        self.unit_prefixes.contains(lower)
    }

    pub fn is_place_prep(&self, lower: &str) -> bool {
        self.place_preps.contains(lower)
    }

    pub fn is_person_cue(&self, lower: &str) -> bool {
        self.person_cues.contains(lower)
    }

    /// Phrases to keep that start with `lower`, longest first.
    pub fn keep_phrases(&self, lower: &str) -> &[Vec<String>] {
        self.keep.get(lower).map_or(&[], Vec::as_slice)
    }

    pub fn is_public_title(&self, lower: &str) -> bool {
        PUBLIC_TITLES.contains(&lower) || lower.len() > 9 && lower.ends_with("minister")
    }

    pub fn is_national_body(&self, lower: &str) -> bool {
        NATIONAL_BODIES.contains(&lower)
    }

    /// `Oppfølgingstjenesten`: an institution word that names no one alone.
    pub fn is_generic_institution(&self, lower: &str) -> bool {
        INSTITUTION_GENERIC_ENDINGS
            .iter()
            .any(|e| lower.ends_with(e))
    }

    /// A lowercase word after a name that makes it a workplace: on the
    /// list, or a compound ending in an institution head
    /// (`politistasjon`), at least three letters before the head.
    pub fn is_institution_head(&self, lower: &str) -> bool {
        self.is_institution(lower)
            || INSTITUTION_HEADS.iter().any(|h| {
                lower
                    .strip_suffix(h)
                    .is_some_and(|head| head.chars().count() >= 3)
            })
            || matches!(lower, "legevakt" | "legevakta" | "hospital" | "klinikk")
    }

    pub fn is_institution_prefix(&self, lower: &str) -> bool {
        INSTITUTION_PREFIXES.contains(&lower)
            || !self.is_national_body(lower)
                && ["tjenesten", "tenesta", "skolen", "sykehuset", "sjukehuset"]
                    .iter()
                    .any(|e| {
                        lower
                            .strip_suffix(e)
                            .is_some_and(|h| h.chars().count() >= 3)
                    })
    }

    pub fn is_chain(&self, lower: &str) -> bool {
        CHAINS.contains(&lower)
    }

    pub fn is_place_prefix(&self, lower: &str) -> bool {
        PLACE_PREFIXES.contains(&lower)
    }

    pub fn is_name_particle(&self, lower: &str) -> bool {
        NAME_PARTICLES.contains(&lower)
    }

    pub fn is_greeting(&self, lower: &str) -> bool {
        GREETINGS.contains(&lower)
    }

    pub fn is_name_preposition(&self, lower: &str) -> bool {
        NAME_PREPOSITIONS.contains(&lower)
    }

    pub fn is_file_institution(&self, lower: &str) -> bool {
        FILE_INSTITUTIONS.contains(&lower)
    }

    /// The place an ASCII-folded form stands for (`baerum` → `bærum`).
    pub fn unfold_place(&self, lower: &str) -> Option<String> {
        if self.is_place(lower) {
            return Some(lower.to_string());
        }
        self.lex.folded_places.get(lower).cloned()
    }

    pub fn is_speaker_label(&self, lower: &str) -> bool {
        self.speaker_labels.contains(lower)
    }
}

fn keep_phrases() -> HashMap<String, Vec<Vec<String>>> {
    let mut keep: HashMap<String, Vec<Vec<String>>> = HashMap::new();
    for p in KEEP_PHRASES.iter().chain(NATIONAL_BODIES) {
        let words: Vec<String> = p.split(' ').map(str::to_string).collect();
        keep.entry(words[0].clone()).or_default().push(words);
    }
    for list in keep.values_mut() {
        list.sort_by_key(|w| std::cmp::Reverse(w.len()));
    }
    keep
}

/// A lexicon entry that counts as a name or place: from a Norwegian source,
/// or not also an ordinary word.
fn lex_name(flags: Option<&u8>) -> bool {
    flags.is_some_and(|f| f & NORWEGIAN != 0 || f & WORD == 0)
}

/// True when `word` is hyphenated and every part satisfies `f`.
fn all_parts(word: &str, f: impl Fn(&str) -> bool) -> bool {
    word.contains('-') && word.split('-').all(|p| !p.is_empty() && f(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_load_and_answer() {
        let g = Gazetteer::load();
        assert!(g.is_given("kari"));
        assert!(g.is_given("per-arne"));
        assert!(g.is_surname("solheim"));
        assert!(g.is_surname("lunde-hansen"));
        assert!(g.is_place("ålesund"));
        assert!(g.is_place("kristiansund"));
        assert!(g.is_multi_place("mo i rana"));
        assert!(g.is_common("livet"));
        assert!(!g.is_common("kari"));
        assert!(g.max_place_words >= 3);
        assert!(g.is_institution_compound("helgelandssykehuset"));
        assert!(!g.is_institution_compound("skolen"));
    }
}
