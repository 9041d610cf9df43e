"""The command line: formats, options, documented commands."""
import csv
import io
import json

from click.testing import CliRunner

from accord.cli import main
from accord.model import EVENT_FIELDS

from .conftest import ROOT

TEXT = "Azerbaijani Defence Minister Zakir Hasanov met his Belarusian counterpart Andrei Ravkov in Baku."


def _file(tmp_path):
    p = tmp_path / "art.txt"
    p.write_text(TEXT, encoding="utf-8")
    return p


def test_cli_jsonl_has_every_schema_field(tmp_path):
    res = CliRunner().invoke(main, ["code", str(_file(tmp_path)), "--doc-date", "2019-10-29", "-q"])
    assert res.exit_code == 0, res.output
    [event] = [json.loads(line) for line in res.output.splitlines() if line.startswith("{")]
    assert set(EVENT_FIELDS) <= set(event)
    assert event["doc_id"] == "art" and event["date"] == "2019-10-29"
    assert TEXT[event["evidence"]["start"]:event["evidence"]["end"]] == event["evidence"]["text"]


def test_cli_csv_and_table(tmp_path):
    f = _file(tmp_path)
    res = CliRunner().invoke(main, ["code", str(f), "--format", "csv", "-q"])
    rows = list(csv.DictReader(io.StringIO(res.output)))
    assert rows and rows[0]["source_country"] == "AZE" and rows[0]["target_country"] == "BLR"
    res = CliRunner().invoke(main, ["code", str(f), "--format", "table", "-q"])
    assert "CONSULT" in res.output and "Zakir Hasanov" in res.output


def test_cli_rejects_bad_options(tmp_path):
    f = _file(tmp_path)
    res = CliRunner().invoke(main, ["code", str(f), "--doc-date", "March 3"])
    assert res.exit_code != 0 and "YYYY-MM-DD" in res.output
    res = CliRunner().invoke(main, ["code", str(f), "--lang", "xx"])
    assert res.exit_code != 0 and "E011" in res.output


def test_cli_every_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in main.commands:
        assert f"accord {name}" in readme, name


def test_cli_evaluate_reports_per_language(tmp_path):
    gold = tmp_path / "gold.jsonl"
    _file(tmp_path)
    gold.write_text(json.dumps({"id": "art", "lang": "en", "doc_date": "2019-10-29", "file": "art.txt",
                                "events": [{"type": "CONSULT", "cameo": "040", "date": "2019-10-29",
                                            "source": {"country": "AZE"}, "target": {"country": "BLR"}}]}) + "\n")
    res = CliRunner().invoke(main, ["evaluate", str(gold), "--json"])
    report = json.loads(res.output[res.output.index("{"):])
    assert report["by_lang"]["en"]["lenient"][2] == 1.0
    assert report["by_field"]["source_country"] == {"agree": 1, "of": 1, "share": 1.0}
    res = CliRunner().invoke(main, ["evaluate", str(gold), "--by", "field"])
    assert "target_country  agrees on 1/1" in res.output
    res = CliRunner().invoke(main, ["evaluate", str(gold), "--by", "colour"])
    assert res.exit_code != 0 and "unknown breakdown" in res.output


def test_cli_evaluate_says_why_an_event_was_missed(tmp_path):
    gold = tmp_path / "gold.jsonl"
    _file(tmp_path)
    meeting = {"type": "CONSULT", "cameo": "040", "date": "2019-10-29", "source": {"country": "AZE"},
               "target": {"country": "BLR"}}
    wrong_pair = dict(meeting, source={"country": "AZE"}, target={"country": "RUS"})
    no_word = dict(meeting, type="SANCTION", cameo="160")
    for e in (wrong_pair, no_word):
        e["evidence"] = "Zakir Hasanov met"
    gold.write_text(json.dumps({"id": "art", "lang": "en", "doc_date": "2019-10-29", "file": "art.txt",
                                "events": [meeting, wrong_pair, no_word]}) + "\n")
    res = CliRunner().invoke(main, ["evaluate", str(gold), "--why", "--by", "lang"])
    assert res.exit_code == 0, res.output
    assert "why: no trigger of this type in the sentence (triggers there: CONSULT)" in res.output
    assert "coded with other actors: AZE->BLR" in res.output
    assert "causes of 2 misses:" in res.output
    res = CliRunner().invoke(main, ["evaluate", str(gold), "--why", "--pred", str(gold)])
    assert res.exit_code != 0 and "--why" in res.output
