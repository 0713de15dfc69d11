//! Reading an input file with a hard bound: only regular files (or stdin,
//! `-`) are opened, the type is checked with `stat` before anything that
//! could block, and at most one byte over the limit is ever read, whatever
//! size the file system reports.

use std::fs::{File, FileType, Metadata};
use std::io::Read;
use std::path::Path;

use crate::error::{InputError, Origin};

/// Largest input file accepted, in bytes. Real profiles, networks and tier
/// files are a few kilobytes; anything near this is a mistake or an attack.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// How stdin is named in messages.
pub const STDIN_NAME: &str = "<stdin>";

/// What a path names, as reading and writing care about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// A regular file.
    Regular,
    /// A directory.
    Directory,
    /// A named pipe.
    Fifo,
    /// A Unix domain socket.
    Socket,
    /// A character device (a terminal, `/dev/null`, `/dev/zero`).
    CharDevice,
    /// A block device (a disk).
    BlockDevice,
    /// Anything else.
    Other,
}

impl FileKind {
    /// The kind of a file type (symbolic links already followed).
    pub fn of(ft: FileType) -> FileKind {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if ft.is_fifo() {
                return FileKind::Fifo;
            }
            if ft.is_socket() {
                return FileKind::Socket;
            }
            if ft.is_char_device() {
                return FileKind::CharDevice;
            }
            if ft.is_block_device() {
                return FileKind::BlockDevice;
            }
        }
        if ft.is_file() {
            FileKind::Regular
        } else if ft.is_dir() {
            FileKind::Directory
        } else {
            FileKind::Other
        }
    }

    /// The kind of what `meta` describes.
    pub fn of_meta(meta: &Metadata) -> FileKind {
        FileKind::of(meta.file_type())
    }

    /// The kind, phrased to follow "it is".
    pub fn describe(self) -> &'static str {
        match self {
            FileKind::Regular => "a regular file",
            FileKind::Directory => "a directory",
            FileKind::Fifo => "a named pipe (FIFO)",
            FileKind::Socket => "a socket",
            FileKind::CharDevice => "a character device",
            FileKind::BlockDevice => "a block device",
            FileKind::Other => "not a regular file",
        }
    }
}

/// Whether `path` means stdin (`-`).
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// The name of `path` in messages: as given, or `<stdin>` for `-`.
pub fn shown(path: &Path) -> String {
    if is_stdin(path) {
        STDIN_NAME.to_string()
    } else {
        path.display().to_string()
    }
}

/// Reads `path` (`-`: stdin) as UTF-8 text of at most [`MAX_FILE_BYTES`]
/// bytes. `what` names the expected content in errors ("a YAML file").
pub fn read_text(path: &Path, what: &str) -> Result<String, InputError> {
    let file = shown(path);
    let bytes = read_bounded(path, what)?;
    String::from_utf8(bytes).map_err(|e| InputError::Syntax {
        origin: Origin::file(file),
        message: format!(
            "not UTF-8 text (invalid byte at offset {}); expected {what}",
            e.utf8_error().valid_up_to()
        ),
    })
}

/// Reads at most [`MAX_FILE_BYTES`] bytes of `path` (`-`: stdin), refusing
/// anything that is not a regular file before opening it.
pub fn read_bounded(path: &Path, what: &str) -> Result<Vec<u8>, InputError> {
    let file = shown(path);
    let err = |reason: String| InputError::Read {
        file: file.clone(),
        reason,
    };
    if is_stdin(path) {
        return take_at_most(std::io::stdin().lock(), 0)
            .map_err(|e| err(e.to_string()))?
            .ok_or_else(|| err(too_big(None)));
    }
    if path.as_os_str().is_empty() {
        return Err(err(format!("the file name is empty; expected {what}")));
    }
    // `stat` follows symbolic links and never blocks, whatever the file is.
    let meta = std::fs::metadata(path).map_err(|e| err(e.to_string()))?;
    let kind = FileKind::of_meta(&meta);
    if kind != FileKind::Regular {
        return Err(err(not_regular(kind, what)));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(err(too_big(Some(meta.len()))));
    }
    let handle = open_nonblocking(path).map_err(|e| err(e.to_string()))?;
    // The path may have been swapped since the `stat`: check what was opened.
    let opened = handle.metadata().map_err(|e| err(e.to_string()))?;
    let kind = FileKind::of_meta(&opened);
    if kind != FileKind::Regular {
        return Err(err(not_regular(kind, what)));
    }
    take_at_most(handle, opened.len())
        .map_err(|e| err(e.to_string()))?
        .ok_or_else(|| err(too_big(None)))
}

/// The refusal of a file that is not regular.
fn not_regular(kind: FileKind, what: &str) -> String {
    let hint = if kind != FileKind::Directory && what.contains("YAML") {
        " (to read a stream, give - and redirect it to stdin)"
    } else {
        ""
    };
    format!(
        "it is {}, not a regular file; expected {what}{hint}",
        kind.describe()
    )
}

fn too_big(len: Option<u64>) -> String {
    match len {
        Some(n) => format!("the file is {n} bytes; at most {MAX_FILE_BYTES} bytes are accepted"),
        None => format!(
            "the file is over {MAX_FILE_BYTES} bytes; at most {MAX_FILE_BYTES} bytes are accepted"
        ),
    }
}

/// Reads at most `MAX_FILE_BYTES + 1` bytes; `None` when there were more
/// than `MAX_FILE_BYTES`.
fn take_at_most(r: impl Read, hint: u64) -> std::io::Result<Option<Vec<u8>>> {
    let mut buf = Vec::with_capacity(hint.min(MAX_FILE_BYTES) as usize + 1);
    r.take(MAX_FILE_BYTES + 1).read_to_end(&mut buf)?;
    Ok((buf.len() as u64 <= MAX_FILE_BYTES).then_some(buf))
}

/// Opens for reading without blocking on a FIFO swapped in after the `stat`
/// (regular files ignore the flag).
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    let mut o = std::fs::OpenOptions::new();
    o.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags(libc::O_NONBLOCK);
    }
    o.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_and_directories_are_refused_unread() {
        let e = read_bounded(Path::new("/dev/zero"), "a YAML file").unwrap_err();
        assert!(e.to_string().contains("a character device"), "{e}");
        let e = read_bounded(Path::new("/"), "a YAML file").unwrap_err();
        assert!(e.to_string().contains("it is a directory"), "{e}");
    }

    #[test]
    fn at_most_one_byte_over_the_limit_is_read() {
        let big = vec![b'#'; MAX_FILE_BYTES as usize + 10];
        assert_eq!(take_at_most(&big[..], u64::MAX).unwrap(), None);
        let ok = vec![b'#'; MAX_FILE_BYTES as usize];
        assert_eq!(
            take_at_most(&ok[..], 0).unwrap().map(|b| b.len()),
            Some(ok.len())
        );
    }
}
