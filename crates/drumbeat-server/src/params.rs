//! Query parameters: one table per endpoint says which parameters it takes and of what
//! kind; requests are checked against it (unknown parameters, bad values and values
//! over their limits are refused with the parameter's name), and the OpenAPI document is
//! generated from it, so the two cannot drift apart.

use std::collections::HashMap;

use crate::ApiError;

/// What a parameter holds, and so how it is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Free text, at most 200 characters.
    Text,
    /// `YYYY-MM-DD`.
    Date,
    /// A country or organisation code: 2 to 12 letters or digits (`RUS`, `NATO`).
    Code,
    /// Two codes joined by `-` (`RUS-UKR`).
    Dyad,
    /// One of the 16 PLOVER types.
    EventType,
    /// `true` or `false`.
    Bool,
    /// A whole number between the bounds.
    Int { min: i64, max: i64, default: i64 },
    /// A hexadecimal id or prefix of one.
    Id,
    /// A number from 0 to 1 (a confidence).
    Fraction,
}

/// One query parameter of an endpoint.
#[derive(Debug, Clone, Copy)]
pub struct Param {
    pub name: &'static str,
    pub kind: Kind,
    pub doc: &'static str,
}

/// One API endpoint: its path (with `{id}`-style segments), what it does, its query
/// parameters.
#[derive(Debug, Clone, Copy)]
pub struct Endpoint {
    pub path: &'static str,
    pub summary: &'static str,
    pub params: &'static [Param],
    /// Name and description of the path segment, where the path has one.
    pub path_param: Option<(&'static str, Kind, &'static str)>,
}

pub use drumbeat_model::PLOVER_TYPES;

pub const LIMIT: Param = Param {
    name: "limit",
    kind: Kind::Int {
        min: 1,
        max: 500,
        default: 50,
    },
    doc: "How many items at most (1-500, default 50).",
};
pub const OFFSET: Param = Param {
    name: "offset",
    kind: Kind::Int {
        min: 0,
        max: 1_000_000,
        default: 0,
    },
    doc: "How many items to skip (0-1000000); `next_offset` of a page gives the next one.",
};

/// Checked parameters of one request.
pub struct Params {
    raw: HashMap<String, String>,
}

/// The error for a parameter an endpoint or page (`what`) does not take, listing those it does.
pub fn unknown_parameter(k: &str, names: &[&str], what: &str) -> ApiError {
    ApiError::bad(
        k,
        format!(
            "unknown parameter `{}`; this {what} takes: {}",
            k.chars().take(40).collect::<String>(),
            if names.is_empty() {
                "none".to_string()
            } else {
                names.join(", ")
            }
        ),
    )
}

pub fn check_value(name: &str, kind: Kind, v: &str) -> Result<(), ApiError> {
    let bad = |m: String| Err(ApiError::bad(name, m));
    match kind {
        Kind::Text => {
            if v.chars().count() > 200 {
                return bad(format!("`{name}` is longer than 200 characters"));
            }
        }
        Kind::Date => {
            let ok = v.len() == 10
                && drumbeat_model::civil::parse(v).is_some()
                && v.as_bytes()[4] == b'-'
                && v.as_bytes()[7] == b'-';
            if !ok {
                return bad(format!("`{name}` must be a date YYYY-MM-DD, not {v:?}"));
            }
        }
        Kind::Code => {
            if !(2..=12).contains(&v.len()) || !v.chars().all(|c| c.is_ascii_alphanumeric()) {
                return bad(format!(
                    "`{name}` must be a country or organisation code such as RUS or NATO, not {v:?}"
                ));
            }
        }
        Kind::Dyad => {
            if drumbeat_model::Dyad::parse(v).is_err() {
                return bad(format!(
                    "`{name}` must be two codes joined by '-', such as RUS-UKR, not {v:?}"
                ));
            }
        }
        Kind::EventType => {
            if !PLOVER_TYPES.contains(&v.to_ascii_uppercase().as_str()) {
                return bad(format!(
                    "`{name}` must be a PLOVER type ({}), not {v:?}",
                    PLOVER_TYPES.join(", ")
                ));
            }
        }
        Kind::Bool => {
            if !matches!(v, "true" | "false" | "1" | "0") {
                return bad(format!("`{name}` must be true or false, not {v:?}"));
            }
        }
        Kind::Int { min, max, .. } => match v.parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => {}
            _ => {
                return bad(format!(
                    "`{name}` must be a whole number from {min} to {max}, not {v:?}"
                ))
            }
        },
        Kind::Id => {
            if v.is_empty() || v.len() > 64 || !v.chars().all(|c| c.is_ascii_hexdigit()) {
                return bad(format!("`{name}` must be a hexadecimal id, not {v:?}"));
            }
        }
        Kind::Fraction => match v.parse::<f64>() {
            Ok(x) if (0.0..=1.0).contains(&x) => {}
            _ => return bad(format!("`{name}` must be a number from 0 to 1, not {v:?}")),
        },
    }
    Ok(())
}

impl Params {
    /// Check a request's parameters against an endpoint's table.
    pub fn check(raw: HashMap<String, String>, allowed: &[Param]) -> Result<Params, ApiError> {
        for (k, v) in &raw {
            let Some(p) = allowed.iter().find(|p| p.name == k) else {
                let names: Vec<&str> = allowed.iter().map(|p| p.name).collect();
                return Err(unknown_parameter(k, &names, "endpoint"));
            };
            check_value(p.name, p.kind, v)?;
        }
        Ok(Params { raw })
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.raw
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }
    pub fn text(&self, name: &str) -> Option<String> {
        self.get(name).map(str::to_string)
    }
    pub fn code(&self, name: &str) -> Option<String> {
        self.get(name).map(str::to_ascii_uppercase)
    }
    pub fn dyad(&self, name: &str) -> Option<drumbeat_model::Dyad> {
        self.get(name)
            .and_then(|v| drumbeat_model::Dyad::parse(v).ok())
    }
    pub fn flag(&self, name: &str) -> bool {
        matches!(self.get(name), Some("true" | "1"))
    }
    pub fn int(&self, p: &Param) -> i64 {
        let default = match p.kind {
            Kind::Int { default, .. } => default,
            _ => 0,
        };
        self.get(p.name)
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    }
    pub fn fraction(&self, name: &str) -> Option<f64> {
        self.get(name).and_then(|v| v.parse().ok())
    }
    pub fn limit(&self) -> u64 {
        self.int(&LIMIT) as u64
    }
    pub fn offset(&self) -> u64 {
        self.int(&OFFSET) as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_checked_by_kind() {
        assert!(check_value("since", Kind::Date, "2022-01-13").is_ok());
        for bad in ["2022-13-01", "2022-1-3", "yesterday", "2022-01-13x"] {
            assert!(check_value("since", Kind::Date, bad).is_err(), "{bad}");
        }
        assert!(check_value("dyad", Kind::Dyad, "RUS-UKR").is_ok());
        assert!(check_value("dyad", Kind::Dyad, "RUS").is_err());
        assert!(check_value("type", Kind::EventType, "threaten").is_ok());
        assert!(check_value("type", Kind::EventType, "WAR").is_err());
        assert!(check_value("limit", LIMIT.kind, "501").is_err());
        assert!(check_value("limit", LIMIT.kind, "-1").is_err());
        assert!(check_value("id", Kind::Id, "abc123").is_ok());
        assert!(check_value("id", Kind::Id, "../etc").is_err());
        assert!(check_value("min_confidence", Kind::Fraction, "0.6").is_ok());
        for bad in ["1.5", "-0.1", "high", "NaN"] {
            assert!(
                check_value("min_confidence", Kind::Fraction, bad).is_err(),
                "{bad}"
            );
        }
        let e = check_value("q", Kind::Text, &"x".repeat(201)).unwrap_err();
        assert_eq!(e.parameter.as_deref(), Some("q"));
    }
}
