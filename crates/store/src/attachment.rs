//! Files attached to a client's money records — the receipt of an in-kind purchase, the receipts of a hand-out:
//! PDF, JPEG or PNG, at most [`MAX_BYTES`], recognised by their first bytes (the type a browser claims is not
//! trusted), kept in the database with their SHA-256 so a download can be checked. Attaching is a change in
//! the audit trail; reading one is a read of the client's file (the web layer's trail records it).

use jiff::Timestamp;
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::access::{Access, Action};
use crate::audit::Event;
use crate::{Store, StoreError, ts};

/// The largest file accepted.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;

/// What a file is attached to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    /// An item of the in-kind ledger.
    InKindItem(i64),
    /// A hand-out request.
    Handout(i64),
}

impl Owner {
    fn parts(self) -> (&'static str, i64) {
        match self {
            Owner::InKindItem(id) => ("in_kind_item", id),
            Owner::Handout(id) => ("handout", id),
        }
    }
}

/// An attached file's description (without its bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentInfo {
    /// Id.
    pub id: i64,
    /// `in_kind_item` or `handout`.
    pub owner_kind: String,
    /// The item's or request's id.
    pub owner_id: i64,
    /// The file's name as uploaded (cleaned).
    pub filename: String,
    /// `application/pdf`, `image/jpeg` or `image/png`.
    pub content_type: String,
    /// Bytes.
    pub size: i64,
    /// SHA-256, hex.
    pub sha256: String,
}

/// The type of a receipt by its first bytes, if it is one we take.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some("image/png")
    } else {
        None
    }
}

/// A file name safe to show and to send back: its last path part, letters, digits and `.-_ ` only, at most
/// 100 characters; `receipt` when nothing is left.
pub fn clean_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = last
        .chars()
        .filter(|c| c.is_alphanumeric() || ".-_ ".contains(*c))
        .take(100)
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_owned();
    if cleaned.is_empty() {
        "receipt".into()
    } else {
        cleaned
    }
}

/// The name a file is stored and downloaded under: the cleaned name's stem with the extension of the type its
/// bytes were recognised as (`bon.bat` holding a PDF is `bon.pdf`), so a download never carries an extension
/// a system would run or open as something else.
pub fn name_for_type(name: &str, content_type: &str) -> String {
    let cleaned = clean_name(name);
    let ext = match content_type {
        "application/pdf" => "pdf",
        "image/jpeg" => "jpg",
        "image/png" => "png",
        _ => "bin",
    };
    let stem = match cleaned.rsplit_once('.') {
        Some((stem, _)) if !stem.trim().is_empty() => stem.trim(),
        _ => cleaned.as_str(),
    };
    format!("{stem}.{ext}")
}

const COLUMNS: &str = "id, owner_kind, owner_id, filename, content_type, size, sha256";

type InfoRow = (i64, String, i64, String, String, i64, String);

fn info((id, owner_kind, owner_id, filename, content_type, size, sha256): InfoRow) -> AttachmentInfo {
    AttachmentInfo {
        id,
        owner_kind,
        owner_id,
        filename,
        content_type,
        size,
        sha256,
    }
}

impl Store {
    /// Attaches `bytes` named `filename` to `owner` of the client (the NGO): refused when empty, too large,
    /// not a PDF, JPEG or PNG, or when the owner is not the client's.
    pub async fn attach(
        &self,
        a: &Access,
        client_id: i64,
        owner: Owner,
        filename: &str,
        bytes: &[u8],
        now: Timestamp,
    ) -> Result<AttachmentInfo, StoreError> {
        let client = self.may_see_and(a, client_id, Action::EditCase).await?;
        if bytes.is_empty() {
            return Err(StoreError::refuse("file", "problem-choose-file"));
        }
        if bytes.len() > MAX_BYTES {
            return Err(StoreError::refuse("file", "problem-larger-than-5mb"));
        }
        let content_type = sniff(bytes).ok_or_else(|| StoreError::refuse("file", "problem-pdf-jpeg-png"))?;
        let filename = name_for_type(filename, content_type);
        let sha = hex(&Sha256::digest(bytes));
        let (kind, owner_id) = owner.parts();
        let owner_sql = match owner {
            Owner::InKindItem(_) => "SELECT COUNT(*) FROM in_kind_item WHERE id = $1 AND client_id = $2",
            Owner::Handout(_) => "SELECT COUNT(*) FROM handout WHERE id = $1 AND client_id = $2",
        };
        let insert = "INSERT INTO attachment (organisation_id, client_id, owner_kind, owner_id, filename, content_type, \
                      size, sha256, data, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id";
        let size = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
        let id = on_pool!(self, p => {
            let mut tx = begin_write!(p);
            let n: i64 = sqlx::query_scalar(owner_sql).bind(owner_id).bind(client_id).fetch_one(&mut *tx).await?;
            if n == 0 {
                return Err(StoreError::NotFound);
            }
            let id: i64 = sqlx::query_scalar(insert).bind(client.organisation_id).bind(client_id).bind(kind)
                .bind(owner_id).bind(&filename).bind(content_type).bind(size).bind(&sha).bind(bytes)
                .bind(ts(now)).fetch_one(&mut *tx).await?;
            let ev = Event {
                organisation_id: client.organisation_id,
                action: "attach",
                entity: "attachment",
                entity_id: Some(id),
                client_id: Some(client_id),
                detail: json!({"to": kind, "id": owner_id, "filename": filename, "size": size, "sha256": sha}),
            };
            audit!(tx, Some(a), now, ev);
            tx.commit().await?;
            id
        });
        Ok(AttachmentInfo {
            id,
            owner_kind: kind.into(),
            owner_id,
            filename,
            content_type: content_type.into(),
            size,
            sha256: sha,
        })
    }

    /// The files attached to the client's records (without their bytes), oldest first.
    pub async fn attachments(&self, a: &Access, client_id: i64) -> Result<Vec<AttachmentInfo>, StoreError> {
        self.may_see_and(a, client_id, Action::ReadCase).await?;
        let sql = format!("SELECT {COLUMNS} FROM attachment WHERE client_id = $1 ORDER BY id");
        let rows: Vec<InfoRow> = on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(client_id).fetch_all(p).await?);
        Ok(rows.into_iter().map(info).collect())
    }

    /// One attached file with its bytes, if the caller may see the client.
    pub async fn attachment(
        &self,
        a: &Access,
        client_id: i64,
        id: i64,
    ) -> Result<(AttachmentInfo, Vec<u8>), StoreError> {
        self.may_see_and(a, client_id, Action::ReadCase).await?;
        let sql = format!("SELECT {COLUMNS}, data FROM attachment WHERE client_id = $1 AND id = $2");
        type Row = (i64, String, i64, String, String, i64, String, Vec<u8>);
        let row: Option<Row> = on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(client_id).bind(id).fetch_optional(p).await?);
        let (id, kind, owner, name, ct, size, sha, data) = row.ok_or(StoreError::NotFound)?;
        if hex(&Sha256::digest(&data)) != sha {
            return Err(StoreError::Corrupt(format!(
                "attachment {id}: its SHA-256 does not match"
            )));
        }
        Ok((info((id, kind, owner, name, ct, size, sha)), data))
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_known_by_their_first_bytes_and_names_cleaned() {
        assert_eq!(sniff(b"%PDF-1.4 ..."), Some("application/pdf"));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(sniff(b"<html><script>"), None);
        assert_eq!(sniff(b"MZ\x90\x00"), None);
        assert_eq!(clean_name("C:\\scans\\bon 17.pdf"), "bon 17.pdf");
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("\"><img src=x>.png"), "img srcx.png");
        assert_eq!(clean_name("..."), "receipt");
        assert_eq!(name_for_type("bon.bat", "application/pdf"), "bon.pdf");
        assert_eq!(name_for_type("scan.PDF", "application/pdf"), "scan.pdf");
        assert_eq!(name_for_type("foto", "image/jpeg"), "foto.jpg");
        assert_eq!(name_for_type("a.tar.exe", "image/png"), "a.tar.png");
        assert_eq!(name_for_type("...", "image/png"), "receipt.png");
    }
}
