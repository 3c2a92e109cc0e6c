//! Events as a Parquet file: the columns of [`crate::EVENT_COLUMNS`], typed — dates as
//! `date32`, the closed vocabularies (type, mode, context, modality, date basis, roles,
//! countries) dictionary-encoded (pandas reads them as categoricals), counts as 64-bit
//! integers, scores as doubles, the rest as text — Snappy-compressed, in row groups of
//! 8,192 events.

use std::io::Write;
use std::sync::Arc;

use arrow_array::types::Int32Type;
use arrow_array::{
    ArrayRef, Date32Array, DictionaryArray, Float64Array, Int64Array, RecordBatch, StringArray,
};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use drumbeat_store::{Browse, SqliteStore};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use crate::{event_row, Cell, ExportError, EVENT_COLUMNS};

const BATCH: usize = 8192;

/// Columns holding a day (`YYYY-MM-DD`).
const DATE_COLUMNS: &[&str] = &["date"];

/// Columns of a small closed vocabulary, stored as dictionaries.
const CATEGORY_COLUMNS: &[&str] = &[
    "date_basis",
    "type",
    "mode",
    "context",
    "modality",
    "source_country",
    "source_role",
    "target_country",
    "target_role",
    "place_country",
];

fn dictionary() -> DataType {
    DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8))
}

fn schema() -> SchemaRef {
    // The kind of each column, read off a row of the same shape.
    let kinds = event_row(&sample());
    Arc::new(Schema::new(
        EVENT_COLUMNS
            .iter()
            .zip(kinds)
            .map(|(name, c)| {
                let t = match c {
                    Cell::Text(_) if DATE_COLUMNS.contains(name) => DataType::Date32,
                    Cell::Text(_) if CATEGORY_COLUMNS.contains(name) => dictionary(),
                    Cell::Text(_) => DataType::Utf8,
                    Cell::Int(_) => DataType::Int64,
                    Cell::Float(_) => DataType::Float64,
                };
                Field::new(*name, t, true)
            })
            .collect::<Vec<_>>(),
    ))
}

fn sample() -> drumbeat_store::ExportedEvent {
    drumbeat_store::ExportedEvent {
        event: drumbeat_model::Event {
            id: String::new(),
            doc: String::new(),
            sentence: 0,
            source: None,
            target: None,
            event_type: drumbeat_model::EventType::Agree,
            mode: None,
            context: None,
            cameo: String::new(),
            goldstein: 0.0,
            quad_class: 0,
            modality: drumbeat_model::Modality::Asserted,
            date: None,
            date_end: None,
            granularity: None,
            date_basis: drumbeat_model::DateBasis::None,
            place: None,
            trigger: drumbeat_model::Span::new(0, 0),
            trigger_text: String::new(),
            evidence: drumbeat_model::Span::new(0, 0),
            evidence_text: String::new(),
            outlet: None,
            reported_by: None,
            count: None,
            confidence: 0.0,
        },
        merged: None,
        story: None,
        ingested_at: 0,
        url: None,
    }
}

fn flush(
    w: &mut ArrowWriter<Box<dyn Write + Send>>,
    schema: &SchemaRef,
    rows: &mut Vec<Vec<Cell>>,
) -> Result<(), ExportError> {
    if rows.is_empty() {
        return Ok(());
    }
    let cols: Vec<ArrayRef> = (0..EVENT_COLUMNS.len())
        .map(|c| -> ArrayRef {
            match schema.field(c).data_type() {
                DataType::Int64 => {
                    Arc::new(Int64Array::from_iter(rows.iter().map(|r| match &r[c] {
                        Cell::Int(v) => *v,
                        _ => None,
                    })))
                }
                DataType::Float64 => {
                    Arc::new(Float64Array::from_iter(rows.iter().map(|r| match &r[c] {
                        Cell::Float(v) => *v,
                        _ => None,
                    })))
                }
                DataType::Date32 => {
                    Arc::new(Date32Array::from_iter(rows.iter().map(|r| match &r[c] {
                        Cell::Text(Some(v)) => {
                            drumbeat_model::civil::parse(v).and_then(|d| i32::try_from(d).ok())
                        }
                        _ => None,
                    })))
                }
                DataType::Dictionary(_, _) => Arc::new(
                    rows.iter()
                        .map(|r| match &r[c] {
                            Cell::Text(v) => v.as_deref(),
                            _ => None,
                        })
                        .collect::<DictionaryArray<Int32Type>>(),
                ),
                _ => Arc::new(StringArray::from_iter(rows.iter().map(|r| match &r[c] {
                    Cell::Text(v) => v.as_deref(),
                    _ => None,
                }))),
            }
        })
        .collect();
    let batch = RecordBatch::try_new(schema.clone(), cols)
        .map_err(|e| ExportError::Parquet(e.to_string()))?;
    w.write(&batch)
        .map_err(|e| ExportError::Parquet(e.to_string()))?;
    rows.clear();
    Ok(())
}

/// Write every event as Parquet. Returns the number of rows.
pub fn events(
    store: &SqliteStore,
    all_modalities: bool,
    min_confidence: f64,
    out: Box<dyn Write + Send>,
) -> Result<u64, ExportError> {
    let schema = schema();
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .build();
    let mut w = ArrowWriter::try_new(out, schema.clone(), Some(props))
        .map_err(|e| ExportError::Parquet(e.to_string()))?;
    let mut rows: Vec<Vec<Cell>> = Vec::with_capacity(BATCH);
    let mut n = 0u64;
    let mut failure: Option<ExportError> = None;
    store
        .each_event(all_modalities, min_confidence, &mut |x| {
            rows.push(event_row(&x));
            n += 1;
            if rows.len() >= BATCH {
                if let Err(e) = flush(&mut w, &schema, &mut rows) {
                    failure = Some(e);
                    return Err(drumbeat_store::StoreError::Corrupt {
                        id: "export".into(),
                        message: "parquet write failed".into(),
                    });
                }
            }
            Ok(())
        })
        .map_err(|e| failure.take().unwrap_or(ExportError::Store(e)))?;
    flush(&mut w, &schema, &mut rows)?;
    w.close().map_err(|e| ExportError::Parquet(e.to_string()))?;
    Ok(n)
}
