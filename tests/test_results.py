"""Result writers: pyoxigraph's whole-answer serialisation and our row-by-row writer agree,
and the caps are judged by rows, not by lines or bytes that merely look like rows."""

import csv
import io

import pyoxigraph as ox
import pytest

from citygraph.web.results import RESULT_FORMATS, write_solutions, write_whole

EX = "http://example.org/"
# Literals that look like row ends in every format: newlines, quotes, commas, tabs, braces.
TRICKY = ["two\r\nlines", 'a "quoted", comma', "tab\there", '},{"x":1}', "</result>"]
QUERY = f"SELECT * WHERE {{ ?s <{EX}label> ?label OPTIONAL {{ ?s <{EX}n> ?n }} }}"


@pytest.fixture(scope="module")
def store() -> ox.Store:
    store = ox.Store()
    for i, text in enumerate(TRICKY):
        s = ox.NamedNode(f"{EX}s{i}")
        store.add(ox.Quad(s, ox.NamedNode(EX + "label"), ox.Literal(text, language="en")))
        if i % 2:
            store.add(
                ox.Quad(
                    s,
                    ox.NamedNode(EX + "n"),
                    ox.Literal(
                        str(i), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
                    ),
                )
            )
    return store


def _rows(body: bytes, fmt: str) -> list:
    if fmt == "csv":
        return sorted(tuple(r) for r in csv.reader(io.StringIO(body.decode(), newline="")))
    solutions = ox.parse_query_results(body, format=RESULT_FORMATS[fmt])
    return sorted(tuple(str(v) for v in row) for row in solutions)


@pytest.mark.parametrize("fmt", RESULT_FORMATS)
def test_whole_and_row_by_row_answers_hold_the_same_rows(store, fmt):
    whole = write_whole(store.query(QUERY), fmt, max_rows=len(TRICKY), max_bytes=10_000)
    by_row, cut = write_solutions(store.query(QUERY), fmt, len(TRICKY), 10_000)
    assert whole is not None and cut is None
    assert _rows(whole, fmt) == _rows(by_row, fmt)
    assert len(_rows(whole, fmt)) == len(TRICKY) + (fmt == "csv")  # CSV's header is a row


@pytest.mark.parametrize("fmt", RESULT_FORMATS)
def test_one_row_over_the_cap_is_refused_whole(store, fmt):
    assert write_whole(store.query(QUERY), fmt, max_rows=len(TRICKY) - 1, max_bytes=10_000) is None
    body, cut = write_solutions(store.query(QUERY), fmt, len(TRICKY) - 1, 10_000)
    assert cut == "rows" and len(_rows(body, fmt)) == len(TRICKY) - 1 + (fmt == "csv")


@pytest.mark.parametrize("fmt", RESULT_FORMATS)
def test_an_answer_over_the_byte_cap_is_refused_whole(store, fmt):
    size = len(write_whole(store.query(QUERY), fmt, 100, 10_000))
    assert write_whole(store.query(QUERY), fmt, 100, size) is not None
    assert write_whole(store.query(QUERY), fmt, 100, size - 1) is None
