"""The HTTP cache under concurrent use: graphx fetches in threads, each source's session has its own cache
object on the one file, and two builds may share that file. None of this may end a build with a false
"cache … is damaged": the file is called damaged only when SQLite says its pages are (in the error, or in a
``PRAGMA quick_check``). Any other SQLite error is passing: a read that meets it is tried again, then is a
miss (the source is asked); a write is tried again, then left undone with the one "cannot be written"
warning."""
from __future__ import annotations

import logging
import sqlite3
import threading
import time
from pathlib import Path

import pytest
import requests

from graphx.errors import CacheError
from graphx.sources.http import CACHE_FILE, GraphxCache, make_session
from tests.support.server import Answer, StandIn

RECORDED = sorted((Path(__file__).parent / "data" / "api").rglob("*.json"))


@pytest.fixture(scope="module")
def recorded_answers() -> list[requests.Response]:
    """Every recorded JSON answer (OpenAlex works and searches, Semantic Scholar papers, arXiv), served from a
    loopback stand-in at four addresses each (as four builds' calls) and fetched once, so each is a real
    `requests.Response` with its request."""
    bodies = {f"/{copy}/{n}": path.read_bytes() for copy in range(4) for n, path in enumerate(RECORDED)}
    with StandIn(lambda request: Answer(200, bodies[request.path], {"Content-Type": "application/json"})) as server:
        return [requests.get(server.url + path, timeout=10) for path in bodies]


def caches_on_one_file(settings, count: int) -> list[GraphxCache]:
    """`count` cache objects on one file, as `count` sources' sessions of one build have."""
    return [make_session(settings).cache for _ in range(count)]


def test_recorded_answers_are_at_hand(recorded_answers):
    assert len(recorded_answers) >= 40 and all(r.status_code == 200 and r.content for r in recorded_answers)


def test_threads_reading_and_writing_through_three_cache_objects_never_see_false_damage(recorded_answers, settings, caplog):
    # 16 threads on three cache objects (three sources' sessions), each its own connection to the one file:
    # writes of one wait on SQLite's file lock while the others' threads read and write. requests-cache shares
    # a connection among threads and locks only its writes, and this load made SQLite report another call's
    # result ("no more rows available", "another row available") as a damaged cache, or roll a write back
    # unseen (in 2 of 5 runs at load 9; the test below catches the cause every time).
    caches = caches_on_one_file(settings, 3)
    threads, rounds = 16, 100
    failures: list[str] = []
    start = threading.Barrier(threads)

    def hammer(thread: int) -> None:
        cache = caches[thread % len(caches)]
        start.wait()
        for i in range(rounds):
            answer = recorded_answers[(7 * i + thread) % len(recorded_answers)]
            key = cache.create_key(answer.request)
            try:
                if i % 3 == 0:
                    cache.save_response(answer, key)
                else:
                    got = cache.get_response(key)
                    assert got is None or got.content == answer.content
                    cache.contains(key=key)
            except (CacheError, sqlite3.Error, AssertionError) as error:
                failures.append(f"{type(error).__name__}: {error}")

    with caplog.at_level(logging.WARNING, logger="graphx"):
        workers = [threading.Thread(target=hammer, args=(n,)) for n in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
    assert failures == []
    assert [r.getMessage() for r in caplog.records] == [], "no write was rolled back, no read failed"
    for answer in recorded_answers:  # every answer written is there, whole, for the next run
        assert caches[1].get_response(caches[1].create_key(answer.request)).content == answer.content
    with sqlite3.connect(settings.cache_dir / CACHE_FILE) as connection:
        assert connection.execute("PRAGMA quick_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)


class Watched:
    """A cache's SQLite connection that notes when two threads are inside it at once (each call lingers a
    little, so that an unserialised pair would meet)."""

    def __init__(self, connection: sqlite3.Connection):
        self.connection, self.inside, self.most = connection, 0, 0
        self.count = threading.Lock()

    def execute(self, sql: str, *args):
        with self.count:
            self.inside += 1
            self.most = max(self.most, self.inside)
        try:
            time.sleep(0.0005)
            return self.connection.execute(sql, *args)
        finally:
            with self.count:
                self.inside -= 1

    def __getattr__(self, name: str):
        return getattr(self.connection, name)


def test_a_cache_objects_connection_is_used_by_one_thread_at_a_time(recorded_answers, settings):
    # Python's sqlite3 documents that a connection shared among threads needs its users serialised.
    cache = make_session(settings).cache
    watched = []
    for table in (cache.responses, cache.redirects):
        with table.connection():
            pass
        table._connection = Watched(table._connection)
        watched.append(table._connection)
    threads, rounds = 8, 30
    start = threading.Barrier(threads)

    def work(thread: int) -> None:
        start.wait()
        for i in range(rounds):
            answer = recorded_answers[(5 * i + thread) % len(recorded_answers)]
            if i % 3 == 0:
                cache.save_response(answer)
            else:
                cache.get_response(cache.create_key(answer.request))

    workers = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert [w.most for w in watched] == [1, 1]


class Faulty:
    """A cache's SQLite connection that raises `fault` on the statements `when` picks, `times` times (or
    every time), and otherwise does what the real connection does."""

    def __init__(self, connection: sqlite3.Connection, fault: Exception, when: str, times: int | None = None):
        self.connection, self.fault, self.when, self.times = connection, fault, when, times
        self.raised = 0

    def execute(self, sql: str, *args):
        if sql.lstrip().upper().startswith(self.when) and (self.times is None or self.raised < self.times):
            self.raised += 1
            raise self.fault
        return self.connection.execute(sql, *args)

    def __getattr__(self, name: str):
        return getattr(self.connection, name)


def inject(cache: GraphxCache, fault: Exception, when: str, times: int | None = None) -> Faulty:
    with cache.responses.connection():  # opened, so there is a connection to wrap
        pass
    faulty = Faulty(cache.responses._connection, fault, when, times)
    cache.responses._connection = faulty
    return faulty


PASSING = {
    "another row available": sqlite3.DatabaseError("another row available"),
    "no more rows available": sqlite3.DatabaseError("no more rows available"),
    "not an error": sqlite3.DatabaseError("not an error"),
    "bad parameter or other API misuse": sqlite3.InterfaceError("bad parameter or other API misuse"),
    "database is locked": sqlite3.OperationalError("database is locked"),
    "disk I/O error": sqlite3.OperationalError("disk I/O error"),
}


@pytest.fixture
def stored(recorded_answers, settings):
    """A cache holding one recorded answer, and that answer's key."""
    cache = make_session(settings).cache
    answer = recorded_answers[0]
    key = cache.create_key(answer.request)
    cache.save_response(answer, key)
    yield cache, key, answer
    cache.close()


@pytest.mark.parametrize("error", PASSING.values(), ids=PASSING.keys())
def test_a_passing_error_on_a_read_is_tried_again_and_the_answer_read(error, stored, caplog):
    cache, key, answer = stored
    faulty = inject(cache, error, "SELECT", times=1)
    assert cache.get_response(key).content == answer.content
    assert faulty.raised == 1 and caplog.records == []


@pytest.mark.parametrize("error", PASSING.values(), ids=PASSING.keys())
def test_a_passing_error_that_persists_on_reads_is_a_miss_with_one_warning(error, stored, caplog):
    cache, key, _ = stored
    inject(cache, error, "SELECT")
    assert cache.get_response(key) is None and cache.get_response(key, "default") == "default"
    assert cache.contains(key=key) is False
    [warning] = [r.getMessage() for r in caplog.records]
    assert f"the cache at {cache.path} could not be read ({error})" in warning and "damaged" not in warning


def graphx_said(caplog) -> list[str]:
    """What graphx itself logged (not its libraries)."""
    return [r.getMessage() for r in caplog.records if r.name.startswith("graphx")]


@pytest.mark.parametrize("error", PASSING.values(), ids=PASSING.keys())
def test_a_passing_error_on_a_write_is_tried_again_and_the_answer_kept(error, stored, recorded_answers, caplog):
    cache, _, _ = stored
    answer = recorded_answers[1]
    inject(cache, error, "INSERT", times=1)
    cache.save_response(answer)
    assert cache.get_response(cache.create_key(answer.request)).content == answer.content
    assert graphx_said(caplog) == []  # (requests-cache < 1.3 logs its own retries of a locked write too)


@pytest.mark.parametrize("error", PASSING.values(), ids=PASSING.keys())
def test_a_passing_error_that_persists_on_writes_is_the_cannot_be_written_warning(error, stored, recorded_answers, caplog):
    cache, _, _ = stored
    inject(cache, error, "INSERT")
    for answer in recorded_answers[1:4]:
        cache.save_response(answer)  # no exception: the build goes on uncached
    [warning] = graphx_said(caplog)
    assert f"the cache at {cache.path} cannot be written" in warning and "answers are not kept for the next run" in warning


DAMAGE = {
    "malformed": sqlite3.DatabaseError("database disk image is malformed"),
    "not a database": sqlite3.DatabaseError("file is not a database"),
    "encrypted": sqlite3.DatabaseError("file is encrypted or is not a database"),
}


@pytest.mark.parametrize("error", DAMAGE.values(), ids=DAMAGE.keys())
@pytest.mark.parametrize("statement", ["SELECT", "INSERT"])
def test_an_error_saying_the_file_is_damaged_is_a_cache_error_on_reads_and_writes(error, statement, stored, recorded_answers):
    cache, key, _ = stored
    inject(cache, error, statement)
    with pytest.raises(CacheError, match=rf"the cache at .* is damaged \({error}\): move it away or run with --cache-dir"):
        cache.get_response(key) if statement == "SELECT" else cache.save_response(recorded_answers[1])


def damage_the_redirects_index(path: Path) -> None:
    """Overwrite the page of the redirects' key index with noise: the file opens and answers are read by
    their keys, yet it is damaged, as a ``PRAGMA quick_check`` finds."""
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        [root] = connection.execute("SELECT rootpage FROM sqlite_master WHERE type='index' AND tbl_name='redirects'").fetchone()
    connection.close()
    with path.open("r+b") as file:
        file.seek((root - 1) * page_size)
        file.write(bytes(range(256)) * (page_size // 256))


def test_an_error_of_no_clear_meaning_on_a_damaged_file_is_a_cache_error(recorded_answers, settings):
    first = make_session(settings).cache
    for answer in recorded_answers:
        first.save_response(answer)
    key = first.create_key(recorded_answers[0].request)
    first.close()
    damage_the_redirects_index(settings.cache_dir / CACHE_FILE)
    cache = make_session(settings).cache
    assert cache.get_response(key).content == recorded_answers[0].content, "a lookup by key still works"
    inject(cache, sqlite3.DatabaseError("another row available"), "SELECT", times=1)
    with pytest.raises(CacheError, match="is damaged"):
        cache.get_response(key)


def test_an_error_of_no_clear_meaning_on_a_sound_file_is_checked_once_and_passes(stored, caplog):
    cache, key, answer = stored
    faulty = inject(cache, sqlite3.DatabaseError("another row available"), "SELECT", times=4)
    checks = []
    real = faulty.execute
    faulty.execute = lambda sql, *args: (checks.append(sql) if "quick_check" in sql else None) or real(sql, *args)
    assert cache.get_response(key) is None  # two reads failed: a miss, and the source is asked
    assert cache.get_response(key) is None
    assert cache.get_response(key).content == answer.content
    assert len(checks) == 1, "the file was checked once, and found sound"
    assert not any("damaged" in r.getMessage() for r in caplog.records)
