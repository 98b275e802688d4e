//! Who the user is: their coder identity (name, initials, colour), kept per
//! user outside every project, in `coder.toml` in tema's configuration
//! directory (`TEMA_CONFIG_DIR` overrides it, for tests). Scripts name the
//! coder with `--coder NAME` or `TEMA_CODER` instead.

use crate::model::Coder;
use anyhow::{Context, Result, bail};
use std::path::PathBuf;

const FILE: &str = "coder.toml";

/// Colours for coders who did not choose one, picked by their name.
const PALETTE: &[&str] = &[
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2",
];

/// Where tema keeps per-user settings.
pub fn config_dir() -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os("TEMA_CONFIG_DIR").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    Ok(dirs::config_dir()
        .context("this system has no configuration directory; set TEMA_CONFIG_DIR")?
        .join("tema"))
}

/// The coder this user said they are, if they have.
pub fn saved() -> Result<Option<Coder>> {
    let path = config_dir()?.join(FILE);
    if !path.is_file() {
        return Ok(None);
    }
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let coder: Coder =
        toml::from_str(&text).with_context(|| format!("reading {}", path.display()))?;
    Ok(Some(coder))
}

/// Say who I am (or change it): the uuid stays, so a renamed coder is
/// still the same coder in every project.
pub fn set(name: &str, initials: Option<&str>, colour: Option<&str>) -> Result<Coder> {
    let name = name.trim();
    if name.is_empty() {
        bail!("a coder needs a name");
    }
    let before = saved()?;
    let coder = Coder {
        uuid: before
            .as_ref()
            .map_or_else(|| uuid::Uuid::new_v4().to_string(), |c| c.uuid.clone()),
        name: name.to_string(),
        initials: match initials {
            Some(i) => valid_initials(i)?,
            None => Coder::initials_of(name),
        },
        colour: match colour {
            Some(c) => valid_colour(c)?,
            None => before
                .filter(|b| b.name == name)
                .map_or_else(|| colour_of(name), |b| b.colour),
        },
    };
    let dir = config_dir()?;
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let path = dir.join(FILE);
    std::fs::write(&path, toml::to_string(&coder)?)
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(coder)
}

/// The coder of this session: the one named (`--coder`, `TEMA_CODER`) —
/// the saved identity when the names agree — or else the saved one.
pub fn for_session(named: Option<&str>) -> Result<Option<Coder>> {
    let saved = saved()?;
    let Some(name) = named.map(str::trim).filter(|n| !n.is_empty()) else {
        return Ok(saved);
    };
    if let Some(s) = saved.filter(|s| s.name.eq_ignore_ascii_case(name)) {
        return Ok(Some(s));
    }
    Ok(Some(Coder {
        uuid: uuid::Uuid::new_v4().to_string(),
        name: name.to_string(),
        initials: Coder::initials_of(name),
        colour: colour_of(name),
    }))
}

fn colour_of(name: &str) -> String {
    let sum: usize = name.bytes().map(usize::from).sum();
    PALETTE[sum % PALETTE.len()].to_string()
}

fn valid_initials(i: &str) -> Result<String> {
    let i = i.trim();
    if i.is_empty() || i.chars().count() > 4 {
        bail!("initials are one to four letters, not '{i}'");
    }
    Ok(i.to_string())
}

fn valid_colour(c: &str) -> Result<String> {
    let c = c.trim();
    let hex = c.strip_prefix('#').unwrap_or("");
    if hex.len() != 6 || !hex.chars().all(|h| h.is_ascii_hexdigit()) {
        bail!("a colour is #RRGGBB, not '{c}'");
    }
    Ok(c.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_come_from_the_name() {
        assert_eq!(Coder::initials_of("Anna Berg"), "AB");
        assert_eq!(Coder::initials_of("ole"), "OL");
        assert_eq!(Coder::initials_of("Kari Nordvik Hansen"), "KNH");
    }

    #[test]
    fn colours_are_checked() {
        assert_eq!(valid_colour("#AABBCC").unwrap(), "#aabbcc");
        assert!(valid_colour("red").is_err());
    }
}
