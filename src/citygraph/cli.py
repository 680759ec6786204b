"""The `citygraph` command: one thin subcommand per stage."""

import csv
import json
import sys
from pathlib import Path

import click

from citygraph.errors import CitygraphError

__all__ = ["main", "cli"]


def settings_options(func):
    """--data, --out and --base, shared by the commands that read a data directory."""
    func = click.option("--base", "base_iri", default=None, help="Base IRI of minted IRIs.")(func)
    func = click.option("--out", "build_dir", type=click.Path(path_type=Path), default=None,
                        help="Build directory (default: build).")(func)
    func = click.option("--data", "data_dir", type=click.Path(path_type=Path, exists=True),
                        default=None, help="Data directory (default: data).")(func)
    return func


def _settings(**overrides):
    from citygraph.settings import load_settings
    return load_settings(**overrides)


def fail(message: str, code: int = 1):
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="citygraph")
def cli():
    """citygraph: a knowledge graph of European cities, their networks and approaches.

    \b
    Example:
      citygraph build && citygraph serve
    """


@cli.command()
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="json",
              show_default=True, help="Output format.")
@settings_options
def parse(file, fmt, **options):
    """Parse one profile or approach page (told apart by its headings) and print what it says.

    \b
    Example:
      citygraph parse data/profiles/potsdam.de.txt --format json
      citygraph parse data/approaches/potsdam.community-reception.en.txt
    """
    from citygraph.curated import build_lexicon, load_curated
    from citygraph.iris import IriScheme
    from citygraph.pages import parse_document

    settings = _settings(**options)
    iris = IriScheme(settings.base_iri)
    lexicon = build_lexicon(load_curated(settings.data_dir, iris), iris)
    try:
        doc = parse_document(file, lexicon, iris)
    except CitygraphError as err:
        fail(str(err))
    if fmt == "json":
        click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
    elif doc["kind"] == "approach":
        click.echo(f"{doc['city']} ({doc['lang']}): {doc['title']} <{doc['approach_iri']}>")
        for section in doc["sections"]:
            click.echo(f"  - {section['slot'] or '(other)'}: {section['heading']}")
    else:
        click.echo(f"{doc['city']} ({doc['lang']}): {len(doc['approaches'])} approaches")
        for approach in doc["approaches"]:
            click.echo(f"  - {approach['title']}: {', '.join(t['label'] for t in approach['topics'])}")


@cli.command()
@settings_options
@click.option("--store", default=None, help="Push to a SPARQL 1.1 server (its query URL) instead of the embedded store.")
@click.option("--graph-store", default=None,
              help="Its Graph Store Protocol URL (default: /store beside the query URL).")
def build(store, graph_store, **options):
    """Parse, build, validate and write the graph (dumps and store in --out).

    \b
    Example:
      citygraph build --data data --out build
    """
    from citygraph.pipeline import run_build

    settings = _settings(store=store, graph_store=graph_store, **options)
    sys.exit(run_build(settings, echo=click.echo))


@cli.command()
@click.argument("file", required=False, type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--lang", default="en", type=click.Choice(["en", "de"]), help="Language of messages.")
def validate(file, lang):
    """Validate a built graph (default: build/citygraph.trig) against the SHACL shapes.

    \b
    Example:
      citygraph validate build/citygraph.trig --lang de
    """
    from citygraph.pipeline import read_rdf
    from citygraph.validate import validate as run_validate

    path = file or _settings().build_dir / "citygraph.trig"
    if not path.exists():
        fail(f"{path} does not exist: run `citygraph build` first")
    report = run_validate(read_rdf(path), lang=lang)
    click.echo(report.text)
    sys.exit(0 if report.conforms else 1)


@cli.command()
@click.argument("query")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True)
@click.option("--store", default=None, help="Query a SPARQL endpoint URL instead of the build.")
def query(query, fmt, store):
    """Run a bundled query by name (see `citygraph query --list`), a .rq file or a query text.

    \b
    Example:
      citygraph query cities-in-both-safe-harbour-alliances --format csv
    """
    from citygraph.query import run
    from citygraph.store import open_store

    settings = _settings(store=store)
    text = Path(query).read_text() if query.endswith(".rq") and Path(query).exists() else query
    try:
        rows = run(open_store(settings.store or settings.store_dir), text)
    except CitygraphError as err:
        fail(str(err))
    _print_rows(rows, fmt)


@cli.command("queries")
def list_queries():
    """List the bundled example queries.

    \b
    Example:
      citygraph queries
    """
    from citygraph.query import bundled

    for q in bundled().values():
        click.echo(f"{q.name}\n    {q.title}: {q.description}")


def _print_rows(rows, fmt: str) -> None:
    columns = list(dict.fromkeys(k for row in rows for k in row))
    if fmt == "json":
        click.echo(json.dumps([{k: str(v) for k, v in r.items()} for r in rows], ensure_ascii=False, indent=2))
        return
    if fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows([[str(r.get(c, "")) for c in columns] for r in rows])
        return
    widths = {c: max([len(c), *(len(str(r.get(c, ""))) for r in rows)]) for c in columns}
    click.echo("  ".join(c.ljust(widths[c]) for c in columns))
    for r in rows:
        click.echo("  ".join(str(r.get(c, "")).ljust(widths[c]) for c in columns))
    click.echo(f"({len(rows)} rows)")


def main():
    cli()
