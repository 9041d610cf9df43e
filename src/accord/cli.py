"""The command line: thin wrappers over the library."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .errors import AccordError
from .knowledge.dates import valid_partial
from .options import Options


def _date(ctx, param, value):
    if value is not None and not valid_partial(value):
        raise click.BadParameter(f"{value!r} is not a date: use YYYY-MM-DD, YYYY-MM or YYYY")
    return value


def _progress(quiet: bool, desc: str):
    from tqdm import tqdm
    return tqdm(desc=desc, unit="doc", file=sys.stderr, disable=quiet or not sys.stderr.isatty(),
                dynamic_ncols=True)


@click.group()
@click.version_option(__version__, prog_name="accord")
def main():
    """accord: code news articles into political events (PLOVER and CAMEO)."""


ENGINE_OPTION = click.option("--engine", type=click.Choice(["local", "spark"]), default="local", show_default=True,
                             help="local: this machine's cores; spark: a Spark cluster (pip install 'accord[spark]', "
                                  "Java 17+).")
TIME_BUDGET_OPTION = click.option("--time-budget", type=float, default=120.0, show_default=True,
                                  help="Seconds one document may take before it is given up and reported "
                                       "(E017); 0: no limit.")
MASTER_OPTION = click.option("--master", default="local[*]", show_default=True,
                             help="Spark master URL for --engine spark (local[2], spark://host:7077, yarn).")


def _code_on_spark(paths, output, knowledge, options, encoding, master, all_status, quiet):
    from .engines import spark as sp
    if not output:
        raise click.BadParameter("--engine spark writes Parquet: give -o DIRECTORY", param_hint="-o")
    try:
        session = sp.session(master)
    except AccordError as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        events, rejections = sp.code(session, [str(p) for p in paths], knowledge, options, encoding)
        if not all_status:
            events = events.filter(events.status == "occurred")
        sp.write(events, output)
        n_events = session.read.parquet(str(output)).count()
        rejected = rejections.collect()
        if not quiet:
            for r in rejected:
                click.echo(f"accord: skipped {r.path}{':' + str(r.line) if r.line else ''}: [{r.code}] {r.reason}",
                           err=True)
            click.echo(f"accord: {n_events} event(s) written to {output} (Parquet, partitioned by year and month), "
                       f"{len(rejected)} input(s) skipped", err=True)
    finally:
        session.stop()


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Write events here instead of standard output (with --engine spark: a Parquet directory).")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "table"]), default="jsonl",
              show_default=True, help="Output format: JSON Lines as SCHEMA.md says, flat CSV, or a table.")
@click.option("--lang", help="Treat every document as this language (ISO 639-1); default: detect.")
@click.option("--doc-date", callback=_date, help="Document date (YYYY-MM-DD) for inputs that give none.")
@click.option("--workers", type=int, default=0, show_default=True,
              help="Processes to code with; 0 means one per core.")
@click.option("--encoding", help="Read text files in this encoding instead of UTF-8 (e.g. cp1251).")
@click.option("--max-chars", type=int, default=2_000_000, show_default=True,
              help="Reject documents longer than this many characters.")
@click.option("--all-status", is_flag=True, help="Also write negated and hypothetical events.")
@click.option("--actors", "actor_dirs", multiple=True, type=click.Path(file_okay=False, path_type=Path),
              help="Also read this actors folder (from `accord actors import`); repeatable.")
@ENGINE_OPTION
@MASTER_OPTION
@TIME_BUDGET_OPTION
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no per-file messages.")
def code(paths, output, fmt, lang, doc_date, workers, encoding, max_chars, all_status, actor_dirs, engine, master,
         time_budget, quiet):
    """Code the documents in PATHS (.txt, .html, .jsonl files or directories)."""
    from .engines.local import run
    from .knowledge import default_knowledge
    from .output import Writer
    from .read import read_documents
    from .knowledge import extra_actor_dirs
    try:
        knowledge = default_knowledge(actor_dirs=tuple(actor_dirs) + extra_actor_dirs())
        if lang and lang not in knowledge.languages:
            raise AccordError("E011", detail=lang, known=",".join(knowledge.languages))
    except AccordError as exc:
        raise click.ClickException(str(exc)) from exc
    options = Options(lang=lang, doc_date=doc_date, max_chars=max_chars, time_budget=time_budget or None)
    if engine == "spark":
        _code_on_spark(paths, output, knowledge, options, encoding, master, all_status, quiet)
        return
    fh = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    writer = Writer(fh, fmt)
    coded = rejected = n_events = 0
    try:
        with _progress(quiet, "coding") as bar:
            items = read_documents(paths, max_chars=max_chars, encoding=encoding)
            for result in run(items, knowledge, options, workers):
                bar.update(1)
                if result.rejection is not None:
                    rejected += 1
                    if not quiet:
                        bar.write(f"accord: skipped {result.rejection.message()}", file=sys.stderr)
                    continue
                coded += 1
                for e in result.events:
                    if all_status or e.status == "occurred":
                        writer.write(e)
                        n_events += 1
    finally:
        if output:
            fh.close()
    if not quiet:
        click.echo(f"accord: {coded} document(s) coded, {n_events} event(s), {rejected} skipped", err=True)
    if coded == 0:
        sys.exit(1)


@main.command()
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--pred", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Score these predicted events (JSONL) instead of coding the gold documents.")
@click.option("--by", default="lang,type,field", show_default=True,
              help="Which breakdowns to print, comma-separated: lang, type, field.")
@click.option("--json", "as_json", is_flag=True, help="Print the whole report as JSON.")
@click.option("--show", type=int, default=20, show_default=True, help="How many misses and false alarms to list.")
@click.option("--why", is_flag=True, help="Say why each listed miss was missed (no trigger of its type in the "
              "sentence, a trigger whose frame found no actors, other actors, a dropped draft) and count the causes.")
def evaluate(gold, pred, by, as_json, show, why):
    """Precision, recall and F1 of accord (or of --pred) against a GOLD file: lenient (type and
    actors) and strict (also the date), per language, per event type, and per field of the
    matched events."""
    import json

    from .evaluate import load_jsonl, score, why_missed
    gold_docs = load_jsonl(gold)
    if why and pred:
        raise click.BadParameter("--why codes the gold documents itself: leave out --pred", param_hint="--why")
    analysed = {}
    if pred:
        predicted = load_jsonl(pred)
    elif why:                          # the analysed articles say why, so code through them once
        analysed = {doc.id: doc for doc in _analyse_gold(gold, gold_docs)}
        predicted = [e.to_dict() for doc in analysed.values() for e in doc.events]
    else:
        predicted = [e.to_dict() for e in _code_gold(gold, gold_docs)]
    report = score(gold_docs, predicted)
    if as_json:
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
        return
    wanted = {w.strip() for w in by.split(",") if w.strip()}
    unknown = wanted - {"lang", "type", "field"}
    if unknown:
        raise click.BadParameter(f"unknown breakdown {', '.join(sorted(unknown))}: use lang, type, field",
                                 param_hint="--by")
    if "lang" in wanted:
        for lang, b in report["by_lang"].items():
            click.echo(f"{lang:>4}  lenient P/R/F1 {b['lenient']}  strict {b['strict']}  "
                       f"tp={b['tp']} fp={b['fp']} fn={b['fn']}")
    if "type" in wanted:
        for t, b in report["by_type"].items():
            click.echo(f"{t:>10}  P/R/F1 {b['p_r_f1']}  tp={b.get('tp', 0)} fp={b.get('fp', 0)} fn={b.get('fn', 0)}")
    if "field" in wanted:
        for name, f in report["by_field"].items():
            click.echo(f"{name:>15}  agrees on {f['agree']}/{f['of']} matched events"
                       + (f" ({f['share']})" if f["share"] is not None else ""))
    a = report["all"]
    click.echo(f" all  lenient P/R/F1 {a['lenient']}  strict {a['strict']}  (tp={a['tp']} fp={a['fp']} fn={a['fn']})")
    reasons = {i: why_missed(m, analysed[m["doc_id"]]) for i, m in enumerate(report["misses"])
               if m["doc_id"] in analysed}
    for title, rows in (("misses", report["misses"]), ("false alarms", report["false_alarms"])):
        if rows and show:
            click.echo(f"\n{title}:")
            for i, r in enumerate(rows[:show]):
                click.echo(f"  {r['doc_id']}: {r['type']} {r['cameo']} {r['source']}->{r['target']}  "
                           f"{(r.get('evidence') or '')[:100]}")
                if title == "misses" and i in reasons:
                    click.echo(f"      why: {reasons[i][1]}")
    if reasons:
        from collections import Counter

        from .evaluate import WHY
        click.echo(f"\ncauses of {len(reasons)} misses:")
        for cause, n in Counter(c for c, _ in reasons.values()).most_common():
            click.echo(f"  {n:>4}  {WHY[cause]}")


def _analyse_gold(gold_path: Path, gold_docs: list[dict]):
    """The gold articles read and analysed as `accord code` reads and codes them, every layer kept."""
    from .knowledge import default_knowledge
    from .model import Document
    from .pipeline import analyse
    from .read import read_documents
    kb = default_knowledge()
    for item in read_documents(_gold_paths(gold_path, gold_docs)):
        if not isinstance(item, Document):
            click.echo(f"accord: skipped {item.message()}", err=True)
            continue
        try:
            yield analyse(item, kb)
        except AccordError as exc:
            click.echo(f"accord: skipped {item.path}: {exc}", err=True)


def _gold_paths(gold_path: Path, gold_docs: list[dict]) -> list[Path]:
    paths = []
    for d in gold_docs:
        rel = d.get("file") or f"{d['id']}.txt"
        for base in (gold_path.parent, gold_path.parent.parent, Path.cwd()):
            if (base / rel).exists():
                paths.append(base / rel)
                break
        else:
            raise click.ClickException(f"{gold_path}: cannot find the document {rel!r} of {d['id']}")
    return paths


def _code_gold(gold_path: Path, gold_docs: list[dict]):
    from . import code_paths
    from .model import Rejection
    paths = _gold_paths(gold_path, gold_docs)
    for item in code_paths(paths):
        if isinstance(item, Rejection):
            click.echo(f"accord: skipped {item.message()}", err=True)
        else:
            yield item


def _actor_knowledge(actor_dirs):
    from .knowledge import default_knowledge, extra_actor_dirs
    try:
        return default_knowledge(actor_dirs=tuple(actor_dirs) + extra_actor_dirs())
    except AccordError as exc:
        raise click.ClickException(str(exc)) from exc


ACTORS_OPTION = click.option("--actors", "actor_dirs", multiple=True, type=click.Path(file_okay=False, path_type=Path),
                             help="Also read this actors folder (e.g. an import's); repeatable. "
                                  "ACCORD_ACTORS names more, separated like PATH.")


@main.group()
def actors():
    """The actor knowledge base: people, their names and their offices over time."""


@actors.command("show")
@click.argument("name")
@ACTORS_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the records as JSON.")
def actors_show(name, actor_dirs, as_json):
    """Offices over time, name variants and sources of the person called NAME (any spelling)."""
    import json

    from .actors_io import describe, find, search
    kb = _actor_knowledge(actor_dirs)
    ids = find(kb.actors, name) or search(kb.actors, name, limit=5)
    if not ids:
        raise click.ClickException(f"no actor called {name!r}; try `accord actors search`")
    for actor_id in ids:
        d = describe(kb.actors, actor_id)
        if as_json:
            click.echo(json.dumps(d, ensure_ascii=False))
            continue
        click.echo(f"{d['name']}  ({actor_id})")
        for o in d["offices"]:
            side = o["country"] or o["org"] or "?"
            span = f"{o['start'] or '…'} – {o['end'] or 'now'}"
            click.echo(f"  {span:<26} {side:<5} {o['sector']:<4} {o['role']}  [{o['source']}]"
                       + (f"  {o['note']}" if o["note"] else ""))
        spellings = sorted({v["name"] for v in d["variants"]} - {d["name"]})
        if spellings:
            click.echo("  also: " + ", ".join(spellings))


@actors.command("search")
@click.argument("text")
@ACTORS_OPTION
def actors_search(text, actor_dirs):
    """People any of whose spellings contains TEXT, with their latest office."""
    from .actors_io import describe, search
    kb = _actor_knowledge(actor_dirs)
    for actor_id in search(kb.actors, text):
        d = describe(kb.actors, actor_id)
        last = d["offices"][-1] if d["offices"] else None
        where = (f"{last['country'] or last['org']} {last['role']} {last['start'] or ''}–{last['end'] or ''}"
                 if last else "")
        click.echo(f"{actor_id:<36} {d['name']:<32} {where}")


@actors.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--into", type=click.Path(file_okay=False, path_type=Path), default=Path("accord-actors"),
              show_default=True, help="The actors folder to add the records to (created if needed).")
def actors_import(file, into):
    """Add the people and offices of FILE (CSV, JSONL, or a CAMEO/PETRARCH actor dictionary) to a folder
    that `accord code --actors` and ACCORD_ACTORS read."""
    from .actors_io import read_any, write_folder
    kb = _actor_knowledge(())
    try:
        recs = read_any(file, kb)
    except AccordError as exc:
        raise click.ClickException(str(exc)) from exc
    people, offices = write_folder(recs, into)
    click.echo(f"accord: {len(recs)} actor(s) read from {file}; {people} new, {offices} office(s) added to {into}",
               err=True)


@actors.command("export")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "petrarch", "tsv"]), default="jsonl", show_default=True,
              help="JSON Lines (one person a line), the CAMEO/PETRARCH dictionary text, or a TSV actors folder.")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="File to write (a folder for --format tsv); default standard output.")
@ACTORS_OPTION
def actors_export(fmt, output, actor_dirs):
    """Write the whole actor knowledge base (bundled plus any --actors folders)."""
    import json

    from .actors_io import describe, records, write_folder, write_petrarch
    kb = _actor_knowledge(actor_dirs)
    if fmt == "tsv":
        if not output:
            raise click.UsageError("--format tsv writes a folder: give -o FOLDER")
        write_folder(records(kb.actors), output)
        return
    fh = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        if fmt == "petrarch":
            write_petrarch(records(kb.actors), fh, kb)
        else:
            for actor_id in sorted(kb.actors.names):
                fh.write(json.dumps(describe(kb.actors, actor_id), ensure_ascii=False) + "\n")
    finally:
        if output:
            fh.close()


@actors.command("learn")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--into", type=click.Path(file_okay=False, path_type=Path), default=Path("accord-actors"),
              show_default=True, help="The actors folder to record the people in.")
@click.option("--doc-date", callback=_date, help="Document date (YYYY-MM-DD) for inputs that give none.")
@ACTORS_OPTION
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def actors_learn(paths, into, doc_date, actor_dirs, quiet):
    """Record people the articles in PATHS name with an office (from each article's date, with the
    article as evidence), so that later mentions in any document resolve to them; report
    one-holder offices that someone else holds on that date instead of merging them."""
    from .actors_io import learn, write_folder
    from .engines.local import run
    from .read import read_documents
    kb = _actor_knowledge(tuple(actor_dirs) + ((into,) if into.is_dir() else ()))
    found = []
    with _progress(quiet, "learning") as bar:
        for result in run(read_documents(paths), kb, Options(doc_date=doc_date), 1):
            bar.update(1)
            if result.doc is not None:
                found.extend(result.doc.learned)
    recs, conflicts = learn(found, kb)
    people, offices = write_folder(recs, into)
    for c in conflicts:
        click.echo(f"accord: conflict: {c}", err=True)
    click.echo(f"accord: {people} new people, {offices} office(s) recorded in {into}; {len(conflicts)} conflict(s)",
               err=True)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--documents", "doc_paths", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Also check evidence offsets against these documents (files or folders, as for `accord code`).")
@click.option("--show", type=int, default=20, show_default=True, help="How many problems to print.")
def validate(files, doc_paths, show):
    """Check event files (JSON Lines) against accord's JSON Schema for the event record
    (src/accord/schema/event.schema.json); exit status 1 when any record is invalid."""
    from .model import Document
    from .read import read_documents
    from .validate import validate_lines
    texts = None
    if doc_paths:
        texts = {d.id: d.text for d in read_documents(doc_paths) if isinstance(d, Document)}
    bad = 0
    for f in files:
        with f.open(encoding="utf-8") as fh:
            for n, problem in validate_lines(fh, texts):
                bad += 1
                if bad <= show:
                    click.echo(f"{f}:{n}: {problem}")
    click.echo(f"accord: {bad} problem(s) in {len(files)} file(s)", err=True)
    if bad:
        sys.exit(1)


from . import cli_store  # noqa: E402,F401 - registers the database commands on `main`
