//! Files that templates name by path (`get_hash`), found as Zola finds them: the path from the
//! project root, then under static/ and content/ (`@/x` meaning `content/x`), and never a file
//! outside the project.

use base64::Engine as _;
use sha2::{Digest, Sha256, Sha384, Sha512};
use std::path::{Path, PathBuf};
use tera::{Error, Kwargs, TeraResult};

/// The file `path` names, searched from `root` as Zola does; `Ok(None)` when there is none.
pub(super) fn search(root: &Path, path: &str) -> TeraResult<Option<PathBuf>> {
    let wanted = match path.strip_prefix("@/") {
        Some(rest) => format!("content/{rest}"),
        None => path.trim_start_matches('/').to_string(),
    };
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    for dir in [
        root.to_path_buf(),
        root.join("static"),
        root.join("content"),
    ] {
        let candidate = dir.join(&wanted);
        if !candidate.is_file() {
            continue;
        }
        let inside = candidate
            .canonicalize()
            .is_ok_and(|c| c.starts_with(&canonical_root));
        if !inside {
            return Err(Error::message(format!(
                "`{path}` is outside the project; templates read only files inside it"
            )));
        }
        return Ok(Some(candidate));
    }
    Ok(None)
}

/// `get_hash(path=… | literal=…, sha_type=384, base64=true)`: the SHA-2 digest of a file or
/// a string, in base64 (for `integrity` attributes) or hex.
pub(super) fn get_hash(root: &Path, kwargs: &Kwargs) -> TeraResult<String> {
    let path: Option<String> = kwargs.get("path")?;
    let literal: Option<String> = kwargs.get("literal")?;
    let bytes = match (path, literal) {
        (Some(path), None) => {
            let file = search(root, &path)?.ok_or_else(|| {
                Error::message(format!(
                    "`get_hash`: there is no file `{path}` in the project, static/ or content/"
                ))
            })?;
            std::fs::read(&file)
                .map_err(|e| Error::message(format!("`get_hash`: could not read `{path}`: {e}")))?
        }
        (None, Some(literal)) => literal.into_bytes(),
        _ => {
            return Err(Error::message(
                "`get_hash` takes either `path` (a file) or `literal` (a string), not both",
            ))
        }
    };
    let digest: Vec<u8> = match kwargs.get::<u16>("sha_type")?.unwrap_or(384) {
        256 => Sha256::digest(&bytes).to_vec(),
        384 => Sha384::digest(&bytes).to_vec(),
        512 => Sha512::digest(&bytes).to_vec(),
        other => {
            return Err(Error::message(format!(
                "`get_hash`: sha_type {other} is not one of 256, 384 or 512"
            )))
        }
    };
    Ok(match kwargs.get::<bool>("base64")?.unwrap_or(true) {
        true => base64::engine::general_purpose::STANDARD.encode(digest),
        false => digest.iter().map(|b| format!("{b:02x}")).collect(),
    })
}
