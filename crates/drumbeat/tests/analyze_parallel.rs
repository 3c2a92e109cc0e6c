//! `analyze_inputs` runs documents in parallel but hands them out in input order, the same
//! on any number of threads, and counts what it skipped.

use drumbeat_ingest::{discover, ReadOptions};

#[test]
fn order_and_counts_hold_across_threads() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..40 {
        std::fs::write(
            dir.path().join(format!("{i:03}.txt")),
            format!(
                "date 2024-03-{:02}\n\nChile accused Peru of shelling border post {i} on Monday.\n",
                i % 28 + 1
            ),
        )
        .unwrap();
    }
    // Binary (a PNG header): skipped. (0xff 0xfe would be a UTF-16 byte-order mark, text.)
    std::fs::write(dir.path().join("zz.txt"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    let (inputs, _) = discover(&[dir.path().to_path_buf()]);
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            let mut ids = Vec::new();
            let mut notices = 0;
            let counts = drumbeat_pipeline::analyze_inputs(
                &drumbeat_pipeline::Knowledge::shipped(),
                &inputs,
                &ReadOptions::default(),
                |_| notices += 1,
                |c| -> Result<(), ()> {
                    ids.push((c.annotated.doc.document.origin.path.clone(), c.events.len()));
                    Ok(())
                },
            )
            .unwrap();
            (ids, counts, notices)
        })
    };
    let (one, c1, n1) = run(1);
    let (two, c2, n2) = run(2);
    assert_eq!(one, two);
    assert_eq!(c1, c2);
    assert_eq!((c1.documents, c1.skipped, n1, n2), (40, 1, 1, 1));
    let paths: Vec<_> = one.iter().map(|(p, _)| p.clone()).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "input order");
    assert!(one.iter().all(|(_, n)| *n >= 1));
}
