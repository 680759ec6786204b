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
    func = click.option(
        "--out",
        "build_dir",
        type=click.Path(path_type=Path),
        default=None,
        help="Build directory (default: build).",
    )(func)
    func = click.option(
        "--data",
        "data_dir",
        type=click.Path(path_type=Path, exists=True),
        default=None,
        help="Data directory (default: data).",
    )(func)
    return func


def format_option(*choices: str):
    """--format with the given choices, the first the default."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=choices[0],
        show_default=True,
        help="Output format.",
    )


def out_option(help_text: str):
    """--out: the file to write."""
    return click.option(
        "--out", type=click.Path(path_type=Path, dir_okay=False), default=None, help=help_text
    )


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
@format_option("json", "text")
@settings_options
def parse(file, fmt, **options):
    """Parse one profile or approach page (told apart by its headings) and print what it says.

    \b
    Example:
      citygraph parse data/profiles/potsdam.de.txt --format json
      citygraph parse data/approaches/potsdam.community-reception.en.txt
    """
    from citygraph.approach_pages import parse_document
    from citygraph.curated import build_lexicon, load_curated
    from citygraph.iris import IriScheme

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
            click.echo(
                f"  - {approach['title']}: {', '.join(t['label'] for t in approach['topics'])}"
            )


@cli.command()
@settings_options
@click.option(
    "--store",
    default=None,
    help="Push to a SPARQL 1.1 server (its query URL) instead of the embedded store.",
)
@click.option(
    "--graph-store",
    default=None,
    help="Its Graph Store Protocol URL (default: /store beside the query URL).",
)
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
@click.argument(
    "file", required=False, type=click.Path(path_type=Path, exists=True, dir_okay=False)
)
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
@format_option("table", "csv", "json")
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


def limit_options(func):
    """The query endpoint's limits; each defaults to the settings (file, environment)."""
    for name, kind, text in reversed(
        (
            ("--timeout", float, "Seconds of wall-clock time per query (default 10)."),
            ("--max-rows", int, "Rows or triples per answer before it is cut (default 10000)."),
            ("--max-bytes", int, "Bytes per answer before it is cut (default 10000000)."),
            ("--max-body", int, "Bytes per request body, else 413 (default 1000000)."),
            ("--workers", int, "Query worker processes (default 4)."),
        )
    ):
        func = click.option(name, type=kind, default=None, help=text)(func)
    return func


@cli.command()
@click.option("--host", default=None, help="Interface to listen on (default 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port to listen on (default 5000).")
@click.option(
    "--dataset",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    default=None,
    help="Serve this TriG or N-Quads file instead of the build.",
)
@click.option("--store", default=None, help="Serve a SPARQL 1.1 server's data (query URL).")
@click.option(
    "--out",
    "build_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Build directory whose store is served (default: build).",
)
@limit_options
def serve(dataset, timeout, **options):
    """Serve the graph: pages, linked data and the SPARQL endpoint at /sparql.

    \b
    Example:
      citygraph serve --port 8000 --timeout 5
      citygraph serve --dataset other.trig
    """
    from citygraph.web.server import serve as run_server

    try:
        run_server(_settings(query_timeout=timeout, **options), dataset, echo=click.echo)
    except CitygraphError as err:
        fail(str(err))


def network_options(func):
    """--network, --city and --store, shared by the `network` commands."""
    func = click.option("--store", default=None, help="Read a SPARQL endpoint URL instead.")(func)
    func = click.option(
        "--city", default=None, help="Only this city, its networks and their members (slug)."
    )(func)
    return click.option(
        "--network", default=None, help="Only this network and its members (slug)."
    )(func)


def _network_store(store):
    from citygraph.store import open_store

    settings = _settings(store=store)
    return settings, open_store(settings.store or settings.store_dir)


@cli.group("network")
def network_group():
    """Network analysis of the city networks: tables, exports and pictures.

    \b
    Example:
      citygraph network stats centrality --network staedte-sicherer-haefen
    """


@network_group.command("stats")
@click.argument("table", default="summary")
@network_options
@format_option("table", "csv", "json")
@out_option("Write the table to this file (CSV, or JSON with --format json).")
def network_stats(table, network, city, store, fmt, out):
    """Print a table: summary, centrality, bridging, communities, overlap, timeline or topics.

    \b
    Example:
      citygraph network stats timeline --network staedte-sicherer-haefen --format csv
    """
    from citygraph.export import rows_text, write_rows
    from citygraph.metrics import tables

    try:
        rows = tables(_network_store(store)[1], network, city, only=table)[table]()
    except CitygraphError as err:
        fail(str(err))
    if out:
        click.echo(f"wrote {write_rows(rows, out, 'json' if fmt == 'json' else 'csv')}")
    elif fmt == "table":
        _print_rows(rows, fmt)
    else:
        click.echo(rows_text(rows, fmt), nl=False)


@network_group.command("export")
@network_options
@click.option(
    "--graph",
    "kind",
    type=click.Choice(["memberships", "cities", "overlap", "topics"]),
    default="memberships",
    show_default=True,
    help="Which graph to write.",
)
@format_option("gexf", "graphml", "cytoscape", "csv")
@out_option("File to write (default: build/network/<network|city|all>-<graph>.<suffix>).")
def network_export(network, city, store, kind, fmt, out):
    """Write a graph for Gephi (GEXF), yEd (GraphML), Cytoscape (JSON) or as CSV lists.

    \b
    Example:
      citygraph network export --network staedte-sicherer-haefen --format gexf
    """
    from citygraph.export import FORMATS, write_graph
    from citygraph.network import graph_of

    settings, source = _network_store(store)
    try:
        graph = graph_of(source, kind, network, city)
    except CitygraphError as err:
        fail(str(err))
    name = f"{network or city or 'all'}-{kind}{FORMATS[fmt]}"
    path = out or settings.build_dir / "network" / name
    for written in write_graph(graph, path, fmt):
        click.echo(f"wrote {written}: {len(graph)} nodes, {graph.size()} edges")


@network_group.command("plot")
@network_options
@click.option(
    "--chart",
    type=click.Choice(["members", "overlap", "timeline"]),
    default="members",
    show_default=True,
    help="members needs --network.",
)
@format_option("png", "svg")
@out_option("File to write (default: build/network/<network|city|all>-<chart>.<format>).")
def network_plot(network, city, store, chart, fmt, out):
    """Draw an alliance's members, the network overlap or the membership timeline.

    \b
    Example:
      citygraph network plot --network staedte-sicherer-haefen --chart members --format svg
    """
    from citygraph.network import membership_graph
    from citygraph.plot import draw

    settings, source = _network_store(store)
    path = out or settings.build_dir / "network" / f"{network or city or 'all'}-{chart}.{fmt}"
    try:
        click.echo(f"wrote {draw(membership_graph(source), chart, path, network, city)}")
    except CitygraphError as err:
        fail(str(err))


def _print_rows(rows, fmt: str) -> None:
    columns = list(dict.fromkeys(k for row in rows for k in row))
    if fmt == "json":
        click.echo(
            json.dumps(
                [{k: str(v) for k, v in r.items()} for r in rows], ensure_ascii=False, indent=2
            )
        )
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
