//! Unpacking zip archives that tema did not write (.docx, .odt, .xlsx,
//! .qdpx) under a cap on what they unpack to. A zip bomb — kilobytes on
//! disk that inflate to gigabytes — is refused with a reason before it
//! fills memory. Every format goes through this one guard, so the limits
//! and the messages are the same everywhere.
//!
//! Both sizes are checked: the size an entry declares (cheap, refuses most
//! bombs before any work) and the bytes it really inflates to (an archive
//! can lie in its headers; the zip reader does not stop at the declared
//! size, so we stop reading one byte past the limit).

use std::io::{Read, Seek};
use zip::ZipArchive;
use zip::read::ZipFile;

const MB: u64 = 1024 * 1024;

/// How much one archive may unpack to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnpackLimits {
    /// One entry, unpacked.
    pub entry: u64,
    /// Everything read from one archive (and the files it refers to).
    pub total: u64,
}

impl Default for UnpackLimits {
    /// Far above any real transcript or project (XML compresses about
    /// 10:1, so a 100 MB part is a ~10 MB document), far below what would
    /// hurt a laptop.
    fn default() -> Self {
        UnpackLimits {
            entry: 100 * MB,
            total: 200 * MB,
        }
    }
}

/// Reads the entries of one archive, counting what has been unpacked.
#[derive(Debug)]
pub struct Unpacker {
    limits: UnpackLimits,
    used: u64,
    refused: Option<String>,
}

impl Unpacker {
    pub fn new(limits: UnpackLimits) -> Self {
        Unpacker {
            limits,
            used: 0,
            refused: None,
        }
    }

    /// Why the archive passed a limit, if it did. A reader that turns a
    /// failed entry into a warning (a .qdpx source it skips) asks at the
    /// end, so a zip bomb refuses the whole file all the same.
    pub fn refused(&self) -> Option<&str> {
        self.refused.as_deref()
    }

    /// The bytes of entry `index`.
    pub fn read<R: Read + Seek>(
        &mut self,
        zip: &mut ZipArchive<R>,
        index: usize,
    ) -> Result<Vec<u8>, String> {
        let entry = zip
            .by_index(index)
            .map_err(|e| format!("cannot read entry {index} of the archive ({e})"))?;
        let mut bytes = Vec::new();
        self.unpack(entry, Some(&mut bytes))?;
        Ok(bytes)
    }

    /// The bytes of the entry called `name`; `Ok(None)` when there is none.
    pub fn read_by_name<R: Read + Seek>(
        &mut self,
        zip: &mut ZipArchive<R>,
        name: &str,
    ) -> Result<Option<Vec<u8>>, String> {
        let entry = match zip.by_name(name) {
            Ok(entry) => entry,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) => return Err(format!("cannot read {name} inside the file: {e}")),
        };
        let mut bytes = Vec::new();
        self.unpack(entry, Some(&mut bytes))?;
        Ok(Some(bytes))
    }

    /// Inflate every entry without keeping it: for an archive handed to a
    /// reader we do not control (calamine reads .xlsx itself), so it gets
    /// only archives proven to stay under the limits.
    pub fn check_all<R: Read + Seek>(&mut self, zip: &mut ZipArchive<R>) -> Result<(), String> {
        for index in 0..zip.len() {
            let entry = zip
                .by_index(index)
                .map_err(|e| format!("cannot read entry {index} of the archive ({e})"))?;
            if entry.is_dir() || entry.encrypted() {
                continue;
            }
            self.unpack(entry, None)?;
        }
        Ok(())
    }

    /// Count `size` bytes read from outside the archive (a source file a
    /// project refers to) against the same limits.
    pub fn charge(&mut self, what: &str, size: u64) -> Result<(), String> {
        self.admit(what, size, "is")?;
        self.used += size;
        Ok(())
    }

    /// Refuse `size` bytes of `what` when they pass a limit, and remember it.
    fn admit(&mut self, what: &str, size: u64, verb: &str) -> Result<(), String> {
        let reason = self.breach(what, size, verb);
        if let Some(r) = &reason {
            self.refused.get_or_insert_with(|| r.clone());
        }
        reason.map_or(Ok(()), Err)
    }

    fn breach(&self, what: &str, size: u64, verb: &str) -> Option<String> {
        if size > self.limits.entry {
            return Some(format!(
                "{what} {verb} more than {}; refusing the file (a zip bomb or a damaged archive)",
                human(self.limits.entry)
            ));
        }
        if self.used.saturating_add(size) > self.limits.total {
            return Some(format!(
                "the archive unpacks to more than {} in all (at {what}); refusing the file (a zip bomb or a damaged archive)",
                human(self.limits.total)
            ));
        }
        None
    }

    /// Inflate one entry into `out` (or nowhere), never past the limits.
    fn unpack<R: Read>(
        &mut self,
        mut entry: ZipFile<'_, R>,
        out: Option<&mut Vec<u8>>,
    ) -> Result<(), String> {
        let name = entry.name().to_string();
        if entry.encrypted() {
            return Err(format!(
                "{name} is encrypted: the file is password protected"
            ));
        }
        let declared = entry.size();
        self.admit(&name, declared, "unpacks to")?;
        let room = self
            .limits
            .entry
            .min(self.limits.total.saturating_sub(self.used));
        let mut limited = (&mut entry).take(room + 1);
        let read = match out {
            Some(buf) => {
                buf.reserve(declared.min(room) as usize);
                limited.read_to_end(buf).map(|n| n as u64)
            }
            None => std::io::copy(&mut limited, &mut std::io::sink()),
        }
        .map_err(|e| format!("cannot unpack {name}: {e}"))?;
        self.admit(&name, read, "unpacks to")?;
        self.used += read;
        Ok(())
    }
}

/// Sizes as people read them.
fn human(bytes: u64) -> String {
    if bytes >= MB {
        format!("{} MB", bytes / MB)
    } else {
        format!("{bytes} bytes")
    }
}
