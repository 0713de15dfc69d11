//! Writing output files: atomically (temporary file, then rename), and never
//! over an input file.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// Writes `text` to `path` through a temporary file in the same directory,
/// renamed into place. Refuses to overwrite any of `inputs`.
pub fn write_file_atomically(path: &Path, text: &str, inputs: &[PathBuf]) -> Result<(), Error> {
    let target = path.display().to_string();
    let canonical = |p: &Path| std::fs::canonicalize(p).ok();
    if let Some(out) = canonical(path)
        && inputs.iter().any(|i| canonical(i).as_ref() == Some(&out))
    {
        return Err(Error::Usage(format!(
            "--output {target} names an input file; refusing to overwrite it"
        )));
    }
    let fail = |e: std::io::Error| Error::Output {
        target: target.clone(),
        reason: e.to_string(),
    };
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(fail)
}
