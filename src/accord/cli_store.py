"""The database commands: ingest, events, timeline, dyads, documents, search, export, recode."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .cli import ENGINE_OPTION, MASTER_OPTION, TIME_BUDGET_OPTION, _date, _progress, main
from .errors import AccordError
from .options import Options

DB_OPTION = click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
                         help="The database file (default: $ACCORD_DB, else ./accord.duckdb).")
FORMAT_OPTION = click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table",
                             show_default=True, help="How to print the rows.")


def _open(db_path, read_only=True):
    """The database for a command; a read-only command run while `accord ingest` writes it
    reads the snapshot the ingest last published."""
    from .store import Store
    try:
        return Store.open_for_reading(db_path) if read_only else Store(db_path)
    except AccordError as exc:
        raise click.ClickException(str(exc)) from exc


def _knowledge(actor_dirs):
    from .knowledge import default_knowledge, extra_actor_dirs
    try:
        return default_knowledge(actor_dirs=tuple(actor_dirs) + extra_actor_dirs())
    except AccordError as exc:
        raise click.ClickException(str(exc)) from exc


def _print_frame(df, fmt: str, max_width: int = 40) -> None:
    if fmt == "jsonl":
        for row in df.to_dict(orient="records"):
            click.echo(json.dumps(row, ensure_ascii=False, default=str))
    elif fmt == "csv":
        click.echo(df.to_csv(index=False), nl=False)
    elif len(df) == 0:
        click.echo("(nothing found)")
    else:
        shown = df.copy()
        for col in shown.columns:
            if shown[col].dtype == object:
                shown[col] = shown[col].map(lambda v: "" if v is None else (str(v) if len(str(v)) <= max_width
                                                                            else str(v)[:max_width - 1] + "…"))
        click.echo(shown.to_string(index=False, na_rep=""))


def filter_options(f):
    for opt in reversed([
        click.option("--dyad", help="Two country or organisation codes, either direction: AZE-BLR."),
        click.option("--actor", help="A person's name (or part of it) or actor id."),
        click.option("--country", help="Events with this country or organisation on either side."),
        click.option("--type", "etype", help="PLOVER type (CONSULT) or CAMEO code prefix (04)."),
        click.option("--since", callback=_date, help="Events on or after this date (YYYY[-MM[-DD]])."),
        click.option("--until", callback=_date, help="Events on or before this date."),
        click.option("--lang", help="Events reported in this language (ISO 639-1)."),
        click.option("--all-status", is_flag=True, help="Also negated and hypothetical events."),
    ]):
        f = opt(f)
    return f


def _filters(dyad, actor, country, etype, since, until, lang, all_status):
    from .store import Filters
    f = Filters(dyad=dyad, actor=actor, country=country, type=etype, since=since, until=until, lang=lang,
                status=None if all_status else "occurred")
    try:
        f.where()
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc
    return f


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@DB_OPTION
@click.option("--lang", help="Treat every document as this language (ISO 639-1); default: detect.")
@click.option("--doc-date", callback=_date, help="Document date (YYYY-MM-DD) for inputs that give none.")
@click.option("--workers", type=int, default=0, show_default=True, help="Processes to code with; 0: one per core.")
@click.option("--encoding", help="Read text files in this encoding instead of UTF-8.")
@click.option("--max-chars", type=int, default=2_000_000, show_default=True,
              help="Reject documents longer than this many characters.")
@click.option("--batch", type=int, default=200, show_default=True, help="Documents per transaction.")
@click.option("--actors", "actor_dirs", multiple=True, type=click.Path(file_okay=False, path_type=Path),
              help="Also read this actors folder; repeatable.")
@ENGINE_OPTION
@MASTER_OPTION
@TIME_BUDGET_OPTION
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no per-file messages.")
def ingest(paths, db_path, lang, doc_date, workers, encoding, max_chars, batch, actor_dirs, engine, master,
           time_budget, quiet):
    """Code the documents in PATHS and store them, their events and the merged events in the database.
    Documents already stored (same text) are skipped; a run that was stopped can simply be started again."""
    from .store import ingest as run_ingest
    knowledge = _knowledge(actor_dirs)
    if lang and lang not in knowledge.languages:
        raise click.ClickException(str(AccordError("E011", detail=lang, known=",".join(knowledge.languages))))
    options = Options(lang=lang, doc_date=doc_date, max_chars=max_chars, time_budget=time_budget or None)
    with _open(db_path, read_only=False) as store, _progress(quiet, "ingesting") as bar:
        def said(rej):
            if not quiet:
                bar.write(f"accord: skipped {rej.message()}", file=sys.stderr)
        try:
            if engine == "spark":
                from .engines import spark as sp
                from .store.ingest import ingest_results
                session = sp.session(master)
                try:
                    stats = ingest_results(store, sp.results(session, [str(p) for p in paths], knowledge, options,
                                                             encoding), knowledge, progress=bar.update,
                                           on_rejection=said, batch_size=batch, inputs=[str(p) for p in paths])
                finally:
                    session.stop()
            else:
                stats = run_ingest(store, paths, knowledge, options, workers=workers, progress=bar.update,
                                   on_rejection=said, batch_size=batch, encoding=encoding)
        except AccordError as exc:
            raise click.ClickException(str(exc)) from exc
        counts = store.counts()
    if not quiet:
        click.echo(f"accord: run {stats['run_id']} into {store.path}: {stats['new']} new document(s), "
                   f"{stats['skipped']} already stored, {stats['rejected']} rejected; {stats['reports']} report(s), "
                   f"{stats['events_new']} new event(s). The database holds {counts['documents']} document(s), "
                   f"{counts['events']} event(s) from {counts['reports']} report(s).", err=True)
    if stats["read"] == 0 and stats["rejected"] > 0:
        sys.exit(1)


@main.group(invoke_without_command=True)
@filter_options
@click.option("--limit", type=int, default=100, show_default=True, help="At most this many rows (0: all).")
@click.option("--offset", type=int, default=0, help="Skip this many rows first.")
@click.option("--order", type=click.Choice(["date", "-date", "reports", "seq"]), default="date", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table", show_default=True,
              help="table and csv: one row per event; jsonl: SCHEMA records with every source.")
@DB_OPTION
@click.pass_context
def events(ctx, dyad, actor, country, etype, since, until, lang, all_status, limit, offset, order, fmt, db_path):
    """The merged events, filtered: one row per real-world event, however many documents report it.
    `accord events show ID` shows one event with all its reports."""
    if ctx.invoked_subcommand is not None:
        ctx.obj = {"db_path": db_path}
        return
    from .store import events as query, records
    f = _filters(dyad, actor, country, etype, since, until, lang, all_status)
    with _open(db_path) as store:
        if fmt == "jsonl":
            for rec in records(store, f, order=order, limit=limit or None, offset=offset):
                click.echo(json.dumps(rec, ensure_ascii=False))
            return
        df = query(store, f, order=order, limit=limit or None, offset=offset)
        if fmt == "table":
            df = df.rename(columns={"src_key": "src", "tgt_key": "tgt", "n_reports": "reports", "quad_class": "quad",
                                    "loc_name": "place"}).drop(columns=["n_docs", "src_sector", "tgt_sector"])
        _print_frame(df, fmt, max_width=28)


@events.command("show")
@click.argument("event_id")
@click.option("--json", "as_json", is_flag=True, help="Print the event and its reports as JSON.")
@DB_OPTION
@click.pass_context
def events_show(ctx, event_id, as_json, db_path):
    """One event: its record, every report of it (document, language, evidence) and why each was merged."""
    from .store import show
    db_path = db_path or (ctx.obj or {}).get("db_path")
    with _open(db_path) as store:
        try:
            d = show(store, event_id)
        except AccordError as exc:
            raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(d, ensure_ascii=False, default=str, indent=2))
        return
    e = d["event"]

    def who(a):
        if not a:
            return "-"
        return " ".join(str(x) for x in (a.get("name") or a.get("text"), f"({a.get('country') or a.get('org')}"
                                          f" {a.get('sector') or ''})".replace(" )", ")"), a.get("role") or "") if x)

    click.echo(f"{e['event_id']}  {e['date'] or 'undated'}  {e['type']} {e['mode'] or ''} CAMEO {e['cameo']}  "
               f"Goldstein {e['goldstein']}  {e['status']}")
    click.echo(f"  source: {who(e['source'])}")
    click.echo(f"  target: {who(e['target'])}")
    if e["location"]:
        click.echo(f"  place:  {e['location']['name']} ({e['location']['country']})")
    click.echo(f"  {e['reports']} report(s) in {len(e['sources'])} document(s):")
    for r in d["reports"]:
        click.echo(f"  - {r['doc_id']} [{r['lang']}] {r['date'] or 'undated'} CAMEO {r['cameo']} "
                   f"chars {r['ev_start']}-{r['ev_end']}")
        click.echo(f"      \"{r['evidence']}\"")
        trig = (r["explain"] or {}).get("trigger")
        lex = (r["explain"] or {}).get("lexicon")
        if trig:
            click.echo(f"      trigger {trig!r} from {lex}")
        click.echo(f"      {'merged: ' + r['merge_note'] if r['merge_note'] else 'first report of this event'}")


@main.command()
@click.argument("a")
@click.argument("b")
@click.option("--by", type=click.Choice(["year", "month"]), default="year", show_default=True)
@click.option("--type", "etype", help="Only this PLOVER type or CAMEO prefix.")
@FORMAT_OPTION
@DB_OPTION
def timeline(a, b, by, etype, fmt, db_path):
    """Events between A and B (country or organisation codes, either direction) per year or month:
    counts by QuadClass and type, mean Goldstein."""
    from .store import Filters, timeline as query
    with _open(db_path) as store:
        try:
            df = query(store, a, b, by=by, f=Filters(type=etype))
        except ValueError as exc:
            raise click.BadParameter(str(exc)) from exc
    _print_frame(df, fmt, max_width=80)


@main.command()
@click.option("--limit", type=int, default=20, show_default=True)
@click.option("--country", help="Only pairs with this country or organisation.")
@click.option("--type", "etype", help="Only this PLOVER type or CAMEO prefix.")
@FORMAT_OPTION
@DB_OPTION
def dyads(limit, country, etype, fmt, db_path):
    """The most active pairs of countries and organisations."""
    from .store import Filters, dyads as query
    with _open(db_path) as store:
        df = query(store, Filters(country=country, type=etype), limit=limit)
    _print_frame(df, fmt)


@main.command()
@click.option("--lang", help="Only documents in this language.")
@click.option("--limit", type=int, default=50, show_default=True)
@click.option("--offset", type=int, default=0)
@FORMAT_OPTION
@DB_OPTION
def documents(lang, limit, offset, fmt, db_path):
    """The stored documents, in the order they were ingested."""
    from .store import documents as query
    with _open(db_path) as store:
        df = query(store, lang=lang, limit=limit, offset=offset)
    _print_frame(df.drop(columns=["doc_key"]) if fmt == "table" else df, fmt)


@main.command()
@click.argument("query")
@click.option("--limit", type=int, default=20, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
@DB_OPTION
def search(query, limit, fmt, db_path):
    """Stored articles containing the words of QUERY, in any language and script, best first.
    Words match whole (case and accents ignored); end a word with * for any ending (Лукашенк*);
    "quoted words" match as a phrase; OR and NOT combine."""
    from .store import search as run
    with _open(db_path) as store:
        hits = run(store, query, limit=limit)
    if fmt == "jsonl":
        for h in hits:
            click.echo(json.dumps(h, ensure_ascii=False))
        return
    if not hits:
        click.echo("(nothing found)")
    for h in hits:
        click.echo(f"{h['doc_id']}  [{h['lang']}] {h['doc_date'] or ''}  {h['title'] or h['path'] or ''}")
        click.echo(f"    {h['snippet']}")


@main.command("export")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet", "plover", "gdelt", "icews"]),
              default="jsonl", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write here (required for parquet); default: standard output.")
@filter_options
@DB_OPTION
def export_cmd(fmt, output, dyad, actor, country, etype, since, until, lang, all_status, db_path):
    """The merged events as JSON Lines, CSV, Parquet, PLOVER/POLECAT, GDELT 2.0 or ICEWS records
    (see docs/export.md for the columns)."""
    from .store import export
    f = _filters(dyad, actor, country, etype, since, until, lang, all_status)
    if fmt == "parquet" and not output:
        raise click.BadParameter("parquet needs -o FILE", param_hint="--format")
    with _open(db_path) as store:
        if fmt == "parquet":
            n = export(store, fmt, str(output), f)
        elif output:
            tmp = output.with_name(output.name + ".part")
            with tmp.open("w", encoding="utf-8", newline="") as fh:
                n = export(store, fmt, fh, f)
            tmp.replace(output)
        else:
            n = export(store, fmt, sys.stdout, f)
    click.echo(f"accord: {n} event(s) exported as {fmt}" + (f" to {output}" if output else ""), err=True)


@main.command()
@DB_OPTION
@click.option("--workers", type=int, default=0, show_default=True, help="Processes to code with; 0: one per core.")
@click.option("--actors", "actor_dirs", multiple=True, type=click.Path(file_okay=False, path_type=Path),
              help="Also read this actors folder; repeatable.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary of changes as JSON.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def recode(db_path, workers, actor_dirs, as_json, quiet):
    """Code every stored document again with this accord and its knowledge, rebuild the merged
    events, and say what changed."""
    from .store import recode as run
    knowledge = _knowledge(actor_dirs)
    with _open(db_path, read_only=False) as store, _progress(quiet, "recoding") as bar:
        summary = run(store, knowledge, workers=workers, progress=bar.update)
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    click.echo(f"recoded {summary['documents']} document(s): {summary.get('added', 0)} report(s) added, "
               f"{summary.get('removed', 0)} removed, {summary.get('unchanged', 0)} unchanged; events "
               f"{summary.get('events_before', 0)} -> {summary.get('events_after', 0)}")
    for d in summary["changed_documents"][:20]:
        click.echo(f"  {d['doc_id']}: +{d['added']} -{d['removed']}")
    if len(summary["changed_documents"]) > 20:
        click.echo(f"  … and {len(summary['changed_documents']) - 20} more document(s)")


@main.command()
@DB_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=int, default=8000, show_default=True)
@click.option("--token", envvar="ACCORD_TOKEN", default=None,
              help="Allow POST /api/documents with this bearer token (also $ACCORD_TOKEN); "
                   "without it the server is read-only.")
@click.option("--cors", "cors_origins", multiple=True, help="Allow browser calls from this origin; repeatable.")
@click.option("--workers", type=int, default=1, show_default=True,
              help="Server processes (read-only databases only: DuckDB lets many processes read one file).")
def serve(db_path, host, port, token, cors_origins, workers):
    """The REST API (OpenAPI docs at /docs) and the dashboard (at /) over the database."""
    import os

    import uvicorn

    from .api import create_app
    try:
        app = create_app(db_path, token=token or None, cors_origins=list(cors_origins) or None)
    except AccordError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"accord: serving {app.state.store.path} on http://{host}:{port}/ "
               f"({'uploads need the token' if token else 'read-only'}); API docs at /docs", err=True)
    if workers > 1 and not token:
        app.state.store.close()
        os.environ["ACCORD_SERVE_DB"] = str(app.state.store.path)
        os.environ["ACCORD_SERVE_CORS"] = ",".join(cors_origins)
        uvicorn.run("accord.api:from_environment", factory=True, host=host, port=port, workers=workers,
                    log_level="warning")
        return
    uvicorn.run(app, host=host, port=port, log_level="warning")


@main.group()
def db():
    """The database itself: integrity checks."""


@db.command("check")
@DB_OPTION
@click.option("--all", "everything", is_flag=True, help="Recompute the hash of every document, not a sample.")
def db_check(db_path, everything):
    """Verify the database: every report has its document and event, every event its reports,
    counts agree, no event joins two countries, document keys match their text; upgrades an
    older schema first. Exit status 1 when anything is wrong."""
    with _open(db_path, read_only=False) as store:
        problems = store.check(sample=0 if everything else 1000)
        counts = store.counts()
        version = store.scalar("SELECT value FROM meta WHERE key = 'schema_version'")
        runs = store.rows("SELECT run_id, command, status FROM runs WHERE status <> 'done' ORDER BY run_id")
    click.echo(f"{store.path}: schema {version}; {counts['documents']} document(s), {counts['reports']} report(s), "
               f"{counts['events']} event(s), {counts['rejections']} rejection(s), {counts['runs']} run(s)")
    for r in runs:
        click.echo(f"  note: run {r['run_id']} ({r['command']}) ended {r['status']}; its finished batches are "
                   f"stored, rerun the same command to finish it")
    for what, n in problems:
        click.echo(f"  PROBLEM: {n} {what}")
    click.echo("  OK: consistent" if not problems else f"  {len(problems)} kind(s) of problem")
    if problems:
        sys.exit(1)
