#!/usr/bin/env bash
# Seed every fuzz target's corpus with the repo's own sample articles and fixtures.
set -euo pipefail
cd "$(dirname "$0")"
for t in read_any read_text read_html read_feed read_jsonl pipeline; do
  mkdir -p "corpus/$t"
  cp ../examples/* ../crates/drumbeat/tests/fixtures/mixed/* ../bench/stories/articles/* ../bench/gold/articles/* "corpus/$t/" 2>/dev/null || true
done
echo "seeded fuzz/corpus/*"
