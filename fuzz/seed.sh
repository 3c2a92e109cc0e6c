#!/usr/bin/env bash
# Seed every fuzz target's corpus with the repo's own sample articles and fixtures.
set -euo pipefail
cd "$(dirname "$0")"
for t in read_any read_text read_html read_feed read_jsonl pipeline; do
  mkdir -p "corpus/$t"
  cp ../examples/* ../crates/drumbeat/tests/fixtures/mixed/* ../bench/stories/articles/* ../bench/gold/articles/* "corpus/$t/" 2>/dev/null || true
done
# The dictionary readers start from small samples in the PETRARCH/Phoenix formats.
mkdir -p corpus/read_dictionary
printf -- '&WEAPONRY\n+ROCKETS\n\n---  LOB   [---]  ---\nLOB {LOBBED LOBBING}\n- * &WEAPONRY (AT)  [195]\n- * COMPLIMENTS [---]\n' > corpus/read_dictionary/verbs.txt
printf 'JONAS_MIRAN_\n+PRESIDENT_MIRAN_\n\t[FRAOPP 050101-091231]\n\t[FRAGOV >20100101]\nISLAND_LEAGUE_ [FRAREB]\n' > corpus/read_dictionary/actors.txt
printf '!PERSON! = MAN, WOMAN\nRIOT_POLICE [~COP]\nFISHER!PERSON! [~AGR]\n' > corpus/read_dictionary/agents.txt
echo "seeded fuzz/corpus/*"
