//! SQL built from the filters a query has, and only those: a condition like
//! `(?1 IS NULL OR col = ?1)` keeps SQLite from using an index on `col`, so optional
//! filters are left out of the statement instead.

use rusqlite::types::Value;

#[derive(Default)]
pub(crate) struct Filter {
    conds: Vec<String>,
    pub(crate) params: Vec<Value>,
}

impl Filter {
    /// A condition with its `?` parameters, in order.
    pub(crate) fn add(&mut self, cond: &str, values: impl IntoIterator<Item = Value>) {
        self.conds.push(cond.to_string());
        self.params.extend(values);
    }
    /// `col = value` when the value is there.
    pub(crate) fn eq(&mut self, col: &str, v: &Option<String>) {
        if let Some(v) = v {
            self.add(&format!("{col} = ?"), [Value::Text(v.clone())]);
        }
    }
    /// `col >= lo` and `col <= hi` for the bounds that are there.
    pub(crate) fn range(&mut self, col: &str, lo: &Option<String>, hi: &Option<String>) {
        if let Some(v) = lo {
            self.add(&format!("{col} >= ?"), [Value::Text(v.clone())]);
        }
        if let Some(v) = hi {
            self.add(&format!("{col} <= ?"), [Value::Text(v.clone())]);
        }
    }
    /// `col` starts with a hexadecimal prefix (ids), as a range the index can use.
    pub(crate) fn prefix(&mut self, col: &str, p: &Option<String>) {
        if let Some(p) = p {
            self.add(
                &format!("{col} >= ? AND {col} < ?"),
                [Value::Text(p.clone()), Value::Text(format!("{p}g"))],
            );
        }
    }
    pub(crate) fn where_clause(&self) -> String {
        if self.conds.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", self.conds.join(" AND "))
        }
    }
    /// `SELECT {columns} FROM {from} WHERE … ORDER BY {order} LIMIT ? OFFSET ?`, the
    /// page's bounds added to the parameters.
    pub(crate) fn select(
        &mut self,
        columns: &str,
        from: &str,
        order: &str,
        limit: Option<u64>,
        offset: u64,
    ) -> String {
        self.params
            .push(Value::Integer(limit.map(|l| l as i64).unwrap_or(-1)));
        self.params.push(Value::Integer(offset as i64));
        format!(
            "SELECT {columns} FROM {from} {} ORDER BY {order} LIMIT ? OFFSET ?",
            self.where_clause()
        )
    }
}
