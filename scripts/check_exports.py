"""Read drumbeat's exports back the way their users do (pandas, pyarrow) and check the
columns and types: the GDELT 2.0 event and Mentions tables as headerless TSV, the CSV with
its header, the Parquet file with typed columns. Run by .ci/run on the store of the README's
main command:

    python3 scripts/check_exports.py DRUMBEAT_BINARY STORE
"""

import io
import subprocess
import sys
import tempfile

import pandas as pd
import pyarrow.parquet as pq


def export(binary, store, *args):
    out = subprocess.run(
        [binary, "--store", store, "export", *args],
        check=True,
        capture_output=True,
    )
    return out.stdout.decode("utf-8")


def main(binary, store):
    events = pd.read_csv(
        io.StringIO(export(binary, store, "--format", "gdelt")),
        sep="\t",
        header=None,
        dtype=str,
        keep_default_na=False,
    )
    assert events.shape[1] == 61, events.shape
    assert len(events) > 0
    assert events[0].str.fullmatch(r"\d+").all(), "GlobalEventID is an integer"
    assert events[1].str.fullmatch(r"\d{8}").all(), "Day is YYYYMMDD on every row"
    assert events[26].str.fullmatch(r"\d{2,4}").all(), "EventCode is a CAMEO code"
    assert events[30].astype(float).between(-10, 10).all(), "GoldsteinScale"

    mentions = pd.read_csv(
        io.StringIO(export(binary, store, "--format", "gdelt", "--what", "mentions")),
        sep="\t",
        header=None,
        dtype=str,
        keep_default_na=False,
    )
    assert mentions.shape[1] == 16, mentions.shape
    assert set(mentions[0]) <= set(events[0]), "every mention is of an event"
    assert len(mentions) == events[31].astype(int).sum(), "NumMentions adds up"
    assert mentions[3].isin(["1", "2"]).all(), "MentionType web or citation"

    csv = pd.read_csv(io.StringIO(export(binary, store, "--format", "csv")))
    assert list(csv.columns[:6]) == ["id", "doc", "sentence", "date", "date_basis", "type"]
    assert csv["goldstein"].dtype == "float64"

    with tempfile.TemporaryDirectory() as d:
        path = f"{d}/events.parquet"
        export(binary, store, "--format", "parquet", "--out", path)
        schema = pq.read_schema(path)
        assert str(schema.field("date").type) == "date32[day]", schema.field("date")
        assert str(schema.field("type").type).startswith("dictionary"), schema.field("type")
        assert str(schema.field("goldstein").type) == "double"
        assert pq.ParquetFile(path).metadata.row_group(0).column(0).compression == "SNAPPY"
        frame = pd.read_parquet(path)
        assert str(frame["type"].dtype) == "category"
        assert len(frame) == len(csv)
    print(
        f"exports read back: {len(events)} GDELT events, {len(mentions)} mentions, "
        f"{len(csv)} CSV/Parquet rows with their types"
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
