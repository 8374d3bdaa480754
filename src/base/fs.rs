//! Reading and writing files safely. Every file factlint reads is a regular
//! file read up to a limit, so a device, a pipe or a huge file named anywhere
//! (an input, `--config`, `--baseline`, `extract`) cannot hang the run or fill
//! memory. Every file factlint writes (`--output-file`, a baseline) is written
//! to a temporary file beside it and renamed into place, so a reader never
//! sees half a file and an interrupted run leaves the old one intact. Nothing
//! else is ever touched.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Why a file could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// It is a directory.
    Directory,
    /// It is a device, pipe or socket.
    NotRegular,
    /// It is larger than the limit (in bytes).
    TooLarge(u64),
    /// The operating system said no.
    Io(std::io::Error),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Directory => f.write_str("is a directory, not a file"),
            ReadError::NotRegular => f.write_str("not a regular file (a device, pipe or socket)"),
            ReadError::TooLarge(limit) => write!(f, "larger than the limit of {limit} bytes"),
            ReadError::Io(e) => write!(f, "{e}"),
        }
    }
}

/// Reads a regular file of at most `limit` bytes (checked before and while
/// reading, so a file that grows is caught too).
pub fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    use std::io::Read as _;
    let meta = std::fs::metadata(path).map_err(ReadError::Io)?;
    if meta.is_dir() {
        return Err(ReadError::Directory);
    }
    if !meta.is_file() {
        return Err(ReadError::NotRegular);
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge(limit));
    }
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge(limit));
    }
    Ok(bytes)
}

/// [`read_bounded`], as UTF-8 text; the error says why in words.
pub fn read_text(path: &Path, limit: u64) -> Result<String, String> {
    let bytes = read_bounded(path, limit).map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "not valid UTF-8 (first invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Why an input file could not be read as text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputError {
    /// It could not be read (the message says why and what to do).
    Io(String),
    /// It is not UTF-8.
    InvalidUtf8 {
        /// Byte offset of the first invalid byte (a byte order mark counted).
        offset: usize,
    },
}

/// Reads a regular file of at most `limit` bytes as UTF-8, without a byte
/// order mark. Devices, pipes and sockets are refused before they are opened
/// (reading one could block or never end), and the size is checked again
/// while reading, in case the file grows.
pub fn read_input(path: &Path, limit: u64) -> Result<Arc<str>, InputError> {
    let mut bytes = read_bounded(path, limit).map_err(|e| {
        InputError::Io(match e {
            ReadError::TooLarge(_) => {
                format!("{e}; raise `[limits] max-file-size` in factlint.toml to read it")
            }
            e => e.to_string(),
        })
    })?;
    // A byte order mark is not part of the text (offsets below count it).
    let bom = if bytes.starts_with("\u{feff}".as_bytes()) {
        3
    } else {
        0
    };
    bytes.drain(..bom);
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text.into()),
        Err(e) => Err(InputError::InvalidUtf8 {
            offset: bom + e.utf8_error().valid_up_to(),
        }),
    }
}

/// Writes `contents` to `path` atomically: a temporary file in the same
/// directory, flushed to disk, then renamed over `path`.
///
/// A target that exists and is not a regular file is not replaced:
/// `--output-file /dev/null` (or `/dev/stdout`, or a named pipe) is written
/// in place, since renaming over it would replace the device, as root, with a
/// plain file; a directory is an error.
pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    // `symlink_metadata`: a link (to a device or anywhere) is replaced by the
    // rename like a file, never written through.
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => {
            return Err(std::io::Error::other("it is a directory"));
        }
        Ok(meta) if !meta.is_file() && !meta.file_type().is_symlink() => {
            let mut file = std::fs::OpenOptions::new().write(true).open(path)?;
            return file.write_all(contents);
        }
        _ => {}
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::other("the path names no file"))?
        .to_string_lossy()
        .into_owned();
    let temp = dir.join(format!(".{name}.factlint-{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        file.write_all(contents)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_replace_and_leave_nothing_behind() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("out.json");
        write_atomic(&path, b"first").expect("write");
        write_atomic(&path, b"second").expect("write");
        assert_eq!(std::fs::read(&path).expect("read"), b"second");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("out.json")]);
    }

    #[test]
    fn a_failed_write_leaves_the_old_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("out.json");
        write_atomic(&path, b"old").expect("write");
        // A directory in the way of the rename.
        let blocked = dir.path().join("blocked");
        std::fs::create_dir(&blocked).expect("mkdir");
        std::fs::write(blocked.join("x"), b"x").expect("write");
        assert!(write_atomic(&blocked, b"new").is_err());
        assert_eq!(std::fs::read(&path).expect("read"), b"old");
        assert!(std::fs::read_dir(dir.path()).expect("list").all(|e| {
            !e.expect("entry")
                .file_name()
                .to_string_lossy()
                .ends_with(".tmp")
        }));
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_written_in_place_not_replaced() {
        use std::os::unix::fs::FileTypeExt as _;
        write_atomic(Path::new("/dev/null"), b"discarded").expect("write /dev/null");
        let meta = std::fs::metadata("/dev/null").expect("/dev/null");
        assert!(meta.file_type().is_char_device(), "/dev/null was replaced");
        let dir = tempfile::tempdir().expect("temp dir");
        assert!(write_atomic(dir.path(), b"x").is_err());
    }
}
