//! Golden snapshots of the pipeline's output on the seed articles (read from
//! `../shared/seeds`, never copied into the repo). The snapshot keeps spans, boilerplate
//! and the first words of each sentence, not the articles' full text.

mod common;

use drumbeat_ingest::{discover, read_input, ReadOptions};
use serde_json::json;

fn first_words(s: &str, n: usize) -> String {
    s.split_whitespace().take(n).collect::<Vec<_>>().join(" ")
}

#[test]
fn seed_documents() {
    let Some(seeds) = common::seeds_dir() else {
        return;
    };
    let (inputs, notices) = discover(&[seeds]);
    assert!(notices.is_empty());
    let mut out = Vec::new();
    for input in &inputs {
        let r = read_input(input, &ReadOptions::default());
        assert!(r.notices.is_empty(), "{:?}", r.notices);
        for d in r.documents {
            let name = std::path::Path::new(&d.origin.path)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let c = drumbeat_pipeline::process(d);
            let text = &c.document.text;
            for b in &c.boilerplate {
                assert!(b.span.is_valid_in(text));
                assert_eq!(b.span.text(text), b.text);
            }
            out.push(json!({
                "file": name,
                "id": c.document.id,
                "published": c.document.published,
                "header": c.document.header,
                "outlet": c.outlet,
                "outlet_basis": c.outlet_basis,
                "bytes": text.len(),
                "boilerplate": c.boilerplate,
                "sentences": c.sentences.iter().map(|s| json!({
                    "span": [s.span.start, s.span.end],
                    "paragraph": s.paragraph,
                    "headline": s.headline,
                    "starts": first_words(s.span.text(text), 5),
                })).collect::<Vec<_>>(),
            }));
        }
    }
    insta::assert_json_snapshot!("seed_documents", out);
}
