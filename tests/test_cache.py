"""The SPARQL result cache: same question, same answer, until the next build."""

from citygraph.web.cache import ResultCache, normalise_query
from citygraph.web.workers import Answer, Job


class Counting:
    """A query runner that answers with how often it has been asked."""

    def __init__(self):
        self.calls = 0

    def __call__(self, job: Job) -> Answer:
        self.calls += 1
        return Answer(f"{job.query} #{self.calls}".encode(), "text/plain")


def test_a_repeated_query_is_answered_from_the_cache(tmp_path):
    cache, run = ResultCache(tmp_path), Counting()
    first = cache.answer(Job("SELECT * { ?s ?p ?o }"), run)
    again = cache.answer(Job("SELECT *\n  { ?s ?p ?o }  # same"), run)
    assert again == first and run.calls == 1 and cache.hits == 1


def test_format_and_dataset_are_part_of_the_key(tmp_path):
    cache, run = ResultCache(tmp_path), Counting()
    cache.answer(Job("ASK {}", accept="text/csv"), run)
    cache.answer(Job("ASK {}", accept="application/json"), run)
    cache.answer(Job("ASK {}", accept="text/csv", default_graphs=("http://x/g",)), run)
    assert run.calls == 3


def test_whitespace_inside_literals_still_counts():
    assert normalise_query('ASK { ?s ?p "a  b" }') != normalise_query('ASK { ?s ?p "a b" }')


def test_a_new_build_empties_the_cache(tmp_path):
    store = tmp_path / "store"
    store.mkdir()
    cache, run = ResultCache(store), Counting()
    cache.answer(Job("ASK {}"), run)
    store.rename(tmp_path / "old")
    store.mkdir()  # a new build swaps in a new directory
    cache.answer(Job("ASK {}"), run)
    assert run.calls == 2


def test_a_cache_of_zero_bytes_is_off(tmp_path):
    cache, run = ResultCache(tmp_path, max_bytes=0), Counting()
    cache.answer(Job("ASK {}"), run)
    cache.answer(Job("ASK {}"), run)
    assert run.calls == 2


def test_the_cache_stays_within_its_bytes(tmp_path):
    cache, run = ResultCache(tmp_path, max_bytes=800), Counting()
    for i in range(50):
        cache.answer(Job(f"ASK {{ }} # {i}" + " " * i + f"LIMIT {i}"), run)
    assert 0 < cache.size <= 800
