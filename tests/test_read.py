"""Bad input gets a clear message naming the file (and line); the rest is read."""
import json

from click.testing import CliRunner

from accord.cli import main
from accord.model import Document, Rejection
from accord.read import read_documents

GOOD = "Russian Foreign Minister Sergei Lavrov met Turkish Foreign Minister Mevlut Cavusoglu in Ankara."


def _batch(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    (tmp_path / "latin1.txt").write_bytes("Gespräch in Baku über Zusammenarbeit".encode("latin-1"))
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    lines = [json.dumps({"id": "a1", "text": GOOD}), "{not json", json.dumps({"id": "a3"}),
             json.dumps([1, 2]), json.dumps({"id": "a5", "text": GOOD, "date": "2022-03-01"})]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path


def test_read_bad_inputs_become_rejections(tmp_path):
    items = list(read_documents([_batch(tmp_path)]))
    docs = [i for i in items if isinstance(i, Document)]
    rej = {(r.path.split("/")[-1], r.line): r.code for r in items if isinstance(r, Rejection)}
    assert sorted(d.id for d in docs) == ["a1", "a5", "good"]
    assert rej[("empty.txt", None)] == "E002"
    assert rej[("binary.txt", None)] == "E003"
    assert rej[("latin1.txt", None)] == "E004"
    assert rej[("feed.jsonl", 2)] == "E005"
    assert rej[("feed.jsonl", 3)] == "E007"
    assert rej[("feed.jsonl", 4)] == "E005"


def test_read_encoding_option_reads_legacy_files(tmp_path):
    p = tmp_path / "latin1.txt"
    p.write_bytes("Gespräch in Baku".encode("latin-1"))
    [doc] = list(read_documents([p], encoding="latin-1"))
    assert doc.text == "Gespräch in Baku"


def test_read_oversized_file_is_rejected_without_loading(tmp_path):
    p = tmp_path / "huge.txt"
    with p.open("w") as fh:
        fh.write(("word " * 1000 + "\n") * 10_500)          # ~52 MB
    [rej] = list(read_documents([p]))
    assert isinstance(rej, Rejection) and rej.code == "E006" and "huge.txt" in rej.message()


def test_read_jsonl_metadata(tmp_path):
    p = tmp_path / "f.jsonl"
    p.write_text(json.dumps({"id": "x", "title": "Head", "text": "Body.", "date": "2020-01-02",
                             "url": "http://e", "lang": "en"}) + "\n")
    [doc] = list(read_documents([p]))
    assert (doc.id, doc.date, doc.lang, doc.url) == ("x", "2020-01-02", "en", "http://e")
    assert doc.text.startswith("Head\n\nBody.")


def test_read_html_main_text_and_date(tmp_path):
    p = tmp_path / "page.html"
    p.write_text("<html><head><title>Talks</title><meta name='date' content='2021-05-18'></head><body>"
                 "<nav>Home | World | Sports</nav><article><h1>Talks in Baku</h1><p>" + GOOD * 2 +
                 "</p></article><footer>Share Print</footer></body></html>", encoding="utf-8")
    [doc] = list(read_documents([p]))
    assert "Lavrov" in doc.text and "Home | World" not in doc.text
    assert doc.date == "2021-05-18" and doc.id == "page"


def test_cli_reports_each_bad_file_and_codes_the_rest(tmp_path):
    _batch(tmp_path)
    out = tmp_path / "out.jsonl"
    res = CliRunner().invoke(main, ["code", str(tmp_path), "-o", str(out)])
    assert res.exit_code == 0, res.output
    for name in ("empty.txt", "binary.txt", "latin1.txt", "feed.jsonl:2", "feed.jsonl:3"):
        assert name in res.output
    events = [json.loads(line) for line in out.read_text().splitlines()]
    assert {e["doc_id"] for e in events} >= {"good", "a1", "a5"}


def test_cli_exit_status_when_nothing_readable(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    res = CliRunner().invoke(main, ["code", str(tmp_path / "empty.txt")])
    assert res.exit_code == 1
    assert "E002" in res.output
