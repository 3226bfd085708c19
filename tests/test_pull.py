"""``summitcast pull`` against a local HTTP server (pytest-httpserver): never the network.

Metaculus: the real post JSONs of ../shared/data/metaculus, replayed (skipped without that folder). Manifold and
Polymarket: fixtures written from the documented response shapes (tests/fixtures/pull/README.md).
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from summitcast.cli import cli
from summitcast.evaluation.comparison import community_path
from summitcast.sources import SourceError, base_urls, points
from summitcast.sources import manifold as manifold_mod
from summitcast.sources import polymarket as polymarket_mod
from summitcast.sources.http import Client
from summitcast.store.workspace import Workspace

FIXTURES = Path(__file__).parent / "fixtures" / "pull"
TOKEN = "test-token-123"
QUESTION = """\
title = "Will Mike Johnson cease to be Speaker before 1 April 2025?"
resolution_criteria = "As on Metaculus."
opens = 2025-01-31
deadline = 2025-03-31

[prior]
probability = 0.2
"""
EARLIER_CSV = b"timestamp,probability\r\n2024-01-01T00:00:00Z,0.5\r\n"
EARLIER_JSON = b'{"source": "manifold", "ref": "old", "url": "x", "fetched_at": "2024-01-01T00:00:00Z", "points": 1}'


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def dead_url() -> str:
    """An address on this machine where nothing listens (connections are refused at once)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch) -> str:
    """Every base URL points at a dead local port unless a test says otherwise; no retry waits."""
    dead = dead_url()
    for var in (
        "SUMMITCAST_METACULUS_URL",
        "SUMMITCAST_MANIFOLD_URL",
        "SUMMITCAST_POLYMARKET_GAMMA_URL",
        "SUMMITCAST_POLYMARKET_CLOB_URL",
    ):
        monkeypatch.setenv(var, dead)
    monkeypatch.delenv("METACULUS_TOKEN", raising=False)
    monkeypatch.setattr("summitcast.sources.http.BACKOFF_S", 0.0)
    return dead


@pytest.fixture
def qdir(tmp_path: Path) -> Path:
    d = tmp_path / "forecasts"
    d.mkdir()
    (d / "q.toml").write_text(QUESTION, encoding="utf-8")
    return d


@pytest.fixture
def server(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> HTTPServer:
    base = httpserver.url_for("/").rstrip("/")
    for var in (
        "SUMMITCAST_METACULUS_URL",
        "SUMMITCAST_MANIFOLD_URL",
        "SUMMITCAST_POLYMARKET_GAMMA_URL",
        "SUMMITCAST_POLYMARKET_CLOB_URL",
    ):
        monkeypatch.setenv(var, base)
    return httpserver


def run(qdir: Path, *args: str, env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(cli, ["--dir", str(qdir), *args], env=env)


def saved(qdir: Path) -> tuple[bytes, bytes]:
    return (qdir / "q.community.csv").read_bytes(), (qdir / "q.community.json").read_bytes()


def seed_earlier(qdir: Path) -> None:
    (qdir / "q.community.csv").write_bytes(EARLIER_CSV)
    (qdir / "q.community.json").write_bytes(EARLIER_JSON)


def assert_fails(result: Any, qdir: Path, message: str) -> None:
    """Exit 1, exactly one line ``Error: <message>``, and the earlier series untouched."""
    assert result.exit_code == 1, result.output
    assert result.stderr == f"Error: {message}\n"
    assert saved(qdir) == (EARLIER_CSV, EARLIER_JSON)
    assert sorted(p.name for p in qdir.iterdir() if p.name.startswith("q.")) == [
        "q.community.csv",
        "q.community.json",
        "q.toml",
    ]


# ------------------------------------------------------------------------------------------ Metaculus


def metaculus_post(shared_data: Path, post_id: int) -> dict[str, Any]:
    path = shared_data / "metaculus" / f"post_{post_id}.json"
    if not path.is_file():
        pytest.skip(f"{path} not found")
    return json.loads(path.read_text(encoding="utf-8"))


def expected_metaculus_csv(post: dict[str, Any]) -> str:
    """Written independently of the code: one row per history step, its start and centers[0]."""
    rows = ["timestamp,probability"]
    for e in post["question"]["aggregations"]["recency_weighted"]["history"]:
        t = dt.datetime.fromtimestamp(e["start_time"], tz=dt.UTC)
        rows.append(t.strftime("%Y-%m-%dT%H:%M:%S.%fZ") + f",{e['centers'][0]!r}")
    return "\n".join(rows) + "\n"


def serve_post(server: HTTPServer, post: dict[str, Any], post_id: int) -> None:
    server.expect_request(
        f"/api/posts/{post_id}/", method="GET", headers={"Authorization": f"Token {TOKEN}"}
    ).respond_with_json(post)


def test_metaculus_real_post_is_saved_with_its_sidecar(
    server: HTTPServer, qdir: Path, shared_data: Path
) -> None:
    post = metaculus_post(shared_data, 34277)
    serve_post(server, post, 34277)
    result = run(
        qdir, "pull", "q", "--metaculus", "34277", "--json", env={"METACULUS_TOKEN": TOKEN}
    )
    assert result.exit_code == 0, result.output
    csv_text = (qdir / "q.community.csv").read_text(encoding="utf-8")
    assert csv_text == expected_metaculus_csv(post)
    lines = csv_text.splitlines()
    assert len(lines) == 1 + 74
    assert lines[1] == "2025-01-31T01:00:21.415274Z,0.22"  # the first step of the real post
    doc = json.loads(result.stdout)
    url = server.url_for("/api/posts/34277/")
    assert doc["id"] == "q" and doc["source"] == "metaculus" and doc["ref"] == "34277"
    assert doc["url"] == url and doc["points"] == 74
    assert doc["path"] == str(qdir / "q.community.csv")
    fetched = dt.datetime.fromisoformat(doc["fetched_at"])
    assert doc["fetched_at"].endswith("Z")
    assert abs((dt.datetime.now(dt.UTC) - fetched).total_seconds()) < 60
    sidecar = json.loads((qdir / "q.community.json").read_text(encoding="utf-8"))
    assert sidecar == {k: doc[k] for k in ("source", "ref", "url", "fetched_at", "points")}
    assert len(server.log) == 1  # one request, with the token (the handler matched the header)


def test_metaculus_pull_then_compare_reads_the_saved_series(
    server: HTTPServer, qdir: Path, shared_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    post = metaculus_post(shared_data, 34277)
    serve_post(server, post, 34277)
    monkeypatch.setenv("SUMMITCAST_TODAY", "2025-01-31")
    (qdir / "q.toml").unlink()
    made = run(
        qdir, "new", "q", "--title", "Speaker?", "--opens", "2025-01-31", "--deadline", "2025-03-31",
        "--prior", "0.3",
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    assert run(qdir, "compare", "q", "--outcome", "no").exit_code == 1  # nothing recorded yet
    pulled = run(qdir, "pull", "q", "--metaculus", "34277", env={"METACULUS_TOKEN": TOKEN})
    assert pulled.exit_code == 0, pulled.output
    assert "pulled 74 points from metaculus 34277" in pulled.stdout
    from_pull = run(qdir, "compare", "q", "--outcome", "no", "--json")
    post_file = shared_data / "metaculus" / "post_34277.json"
    from_post = run(
        qdir, "compare", "q", "--community", str(post_file), "--outcome", "no", "--json"
    )
    assert from_pull.exit_code == 0 and from_post.exit_code == 0, from_pull.output
    a, b = json.loads(from_pull.stdout), json.loads(from_post.stdout)
    assert a["community"]["baseline"] is not None and a["peer"] is not None
    assert a["community"] == pytest.approx(b["community"], abs=1e-9)
    assert a["peer"] == pytest.approx(b["peer"], abs=1e-9)


def test_metaculus_missing_token_asks_nothing_of_the_server(server: HTTPServer, qdir: Path) -> None:
    seed_earlier(qdir)
    result = run(qdir, "pull", "q", "--metaculus", "34277")
    assert_fails(
        result,
        qdir,
        "Metaculus needs an API token: set METACULUS_TOKEN to the token of your Metaculus account",
    )
    assert server.log == []


def test_metaculus_hidden_community_prediction(
    server: HTTPServer, qdir: Path, shared_data: Path
) -> None:
    post = copy.deepcopy(metaculus_post(shared_data, 31821))  # real, empty history
    post["question"]["cp_reveal_time"] = "2999-01-01T00:00:00Z"  # replayed as if not yet revealed
    serve_post(server, post, 31821)
    seed_earlier(qdir)
    result = run(qdir, "pull", "q", "--metaculus", "31821", env={"METACULUS_TOKEN": TOKEN})
    assert_fails(
        result,
        qdir,
        "Metaculus post 31821: the community prediction is hidden until 2999-01-01 00:00 UTC; "
        "pull it again after that",
    )


def test_metaculus_empty_aggregations_of_a_restricted_account(
    server: HTTPServer, qdir: Path, shared_data: Path
) -> None:
    post = metaculus_post(shared_data, 29783)  # real: 23 forecasters, revealed, aggregations empty
    assert post["nr_forecasters"] == 23
    serve_post(server, post, 29783)
    seed_earlier(qdir)
    result = run(qdir, "pull", "q", "--metaculus", "29783", env={"METACULUS_TOKEN": TOKEN})
    assert_fails(
        result,
        qdir,
        "Metaculus post 29783: Metaculus answered with empty aggregations (no community prediction) "
        "although 23 forecasters have predicted: the account of METACULUS_TOKEN is not allowed to see "
        "the community prediction (restricted accounts get empty aggregations with HTTP 200)",
    )


def test_metaculus_no_forecasts_yet(server: HTTPServer, qdir: Path, shared_data: Path) -> None:
    serve_post(server, metaculus_post(shared_data, 34504), 34504)  # real: open, nobody has forecast
    seed_earlier(qdir)
    result = run(qdir, "pull", "q", "--metaculus", "34504", env={"METACULUS_TOKEN": TOKEN})
    assert_fails(
        result,
        qdir,
        "Metaculus post 34504: the community prediction is empty (nobody has forecast yet)",
    )


def test_metaculus_unknown_post(server: HTTPServer, qdir: Path) -> None:
    server.expect_request("/api/posts/99999999/").respond_with_json(
        {"detail": "No Post matches the given query."}, status=404
    )
    seed_earlier(qdir)
    result = run(qdir, "pull", "q", "--metaculus", "99999999", env={"METACULUS_TOKEN": TOKEN})
    url = server.url_for("/api/posts/99999999/")
    assert_fails(result, qdir, f"Metaculus post 99999999: no such post (HTTP 404 from {url})")


def test_metaculus_refused_token(server: HTTPServer, qdir: Path) -> None:
    server.expect_request("/api/posts/34277/").respond_with_json(
        {"detail": "Invalid token."}, status=401
    )
    seed_earlier(qdir)
    result = run(qdir, "pull", "q", "--metaculus", "34277", env={"METACULUS_TOKEN": "wrong"})
    assert_fails(
        result,
        qdir,
        "Metaculus post 34277: Metaculus refused the token in METACULUS_TOKEN (HTTP 401)",
    )


@pytest.mark.parametrize("kind", ["multiple_choice", "group"])
def test_metaculus_non_binary(server: HTTPServer, qdir: Path, shared_data: Path, kind: str) -> None:
    post = copy.deepcopy(metaculus_post(shared_data, 34277))
    if kind == "group":
        del post["question"]
        post["group_of_questions"] = {"questions": []}
        expected = (
            "Metaculus post 34277 is not a single question (a group, conditional or notebook post): "
            "only binary questions can be pulled"
        )
    else:
        post["question"]["type"] = kind
        expected = (
            "Metaculus post 34277: the question is of type 'multiple_choice', not binary: "
            "only binary questions can be pulled"
        )
    serve_post(server, post, 34277)
    seed_earlier(qdir)
    result = run(qdir, "pull", "q", "--metaculus", "34277", env={"METACULUS_TOKEN": TOKEN})
    assert_fails(result, qdir, expected)


def test_network_failure_is_retried_then_reported(offline: str, qdir: Path) -> None:
    seed_earlier(qdir)
    result = run(qdir, "pull", "q", "--metaculus", "34277", env={"METACULUS_TOKEN": TOKEN})
    assert result.exit_code == 1
    prefix = f"Error: Metaculus post 34277: network failure: cannot connect to {offline}/api/posts/34277/ ("
    assert result.stderr.startswith(prefix), result.stderr
    assert result.stderr.endswith("), after 3 attempts\n")
    assert saved(qdir) == (EARLIER_CSV, EARLIER_JSON)


def test_timeout_is_reported(
    server: HTTPServer, qdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()

    def slow(request: Request) -> Response:
        release.wait(5)
        return Response("{}", content_type="application/json")

    server.expect_request("/api/posts/34277/").respond_with_handler(slow)
    seed_earlier(qdir)
    env = {"METACULUS_TOKEN": TOKEN, "SUMMITCAST_PULL_TIMEOUT": "0.3"}
    t0 = time.monotonic()
    result = run(qdir, "pull", "q", "--metaculus", "34277", env=env)
    assert time.monotonic() - t0 < 2.5  # not retried: the deadline is spent
    url = server.url_for("/api/posts/34277/")
    assert_fails(
        result,
        qdir,
        f"Metaculus post 34277: network failure: timed out waiting for an answer from {url}: connected, but "
        "no answer within 0.3 s (the deadline; SUMMITCAST_PULL_TIMEOUT sets it)",
    )
    release.set()  # let the handler finish now, so that its late answer is not logged in another test
    deadline = time.monotonic() + 5
    while not server.log and time.monotonic() < deadline:
        time.sleep(0.01)


class Trickler:
    """A local socket server that answers every request one byte at a time, ``every`` seconds apart (headers
    first, or a body announced as 1000 bytes), until stopped."""

    def __init__(self, *, headers_too: bool, every: float = 0.05) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.headers_too = headers_too
        self.every = every
        self.stop = threading.Event()
        self.requests = 0
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self) -> None:
        self.sock.settimeout(0.1)
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.requests += 1
            threading.Thread(target=self.trickle, args=(conn,), daemon=True).start()

    def trickle(self, conn: socket.socket) -> None:
        head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
        with conn:
            conn.recv(65536)
            if not self.headers_too:
                conn.sendall(head)
                head = b""
            for byte in head + b" " * 1000:
                if self.stop.wait(self.every):
                    return
                try:
                    conn.sendall(bytes([byte]))
                except OSError:
                    return

    def close(self) -> None:
        self.stop.set()
        self.thread.join(5)
        self.sock.close()


@pytest.mark.parametrize(
    ("headers_too", "said"),
    [
        (False, "timed out while reading the answer from {url}: connected, but "),
        (True, "timed out waiting for an answer from {url}: connected, but no answer within 1 s"),
    ],
)
def test_a_trickling_server_meets_one_overall_deadline(
    qdir: Path, monkeypatch: pytest.MonkeyPatch, headers_too: bool, said: str
) -> None:
    server = Trickler(headers_too=headers_too)
    try:
        monkeypatch.setenv("SUMMITCAST_MANIFOLD_URL", server.url)
        seed_earlier(qdir)
        t0 = time.monotonic()
        result = run(qdir, "pull", "q", "--manifold", "abc", env={"SUMMITCAST_PULL_TIMEOUT": "1"})
        took = time.monotonic() - t0
    finally:
        server.close()
    assert took < 3, took  # every byte came within httpx's read timeout: only the deadline stops it
    assert result.exit_code == 1
    url = f"{server.url}/v0/market/abc"
    assert result.stderr.startswith(
        "Error: Manifold market 'abc': network failure: " + said.format(url=url)
    ), result.stderr
    assert "(the deadline; SUMMITCAST_PULL_TIMEOUT sets it)" in result.stderr
    assert server.requests == 1  # a timeout is not retried
    assert saved(qdir) == (EARLIER_CSV, EARLIER_JSON)


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("htp://mirror.test", "it must start with http:// or https://"),
        ("http//mirror.test", "it must start with http:// or https://"),
        ("https://", "it has no host name"),
        ("http://mirror.test:99999", "Port out of range 0-65535"),
        ("http://[::1", "Invalid IPv6 URL"),
        ("http://mirror.test/?x=1", "a base address has no query (?) or fragment (#)"),
    ],
)
def test_a_malformed_base_url_is_a_domain_error_at_once(
    qdir: Path, monkeypatch: pytest.MonkeyPatch, url: str, why: str
) -> None:
    monkeypatch.setenv("SUMMITCAST_MANIFOLD_URL", url)
    seed_earlier(qdir)
    t0 = time.monotonic()
    result = run(qdir, "pull", "q", "--manifold", "abc")
    assert time.monotonic() - t0 < 1  # not retried as a network failure
    assert_fails(
        result,
        qdir,
        f"SUMMITCAST_MANIFOLD_URL={url!r} is not a base address ({why}); expected e.g. "
        "https://api.manifold.markets",
    )


@pytest.mark.parametrize("value", ["0", "-1", "soon", "nan", "inf", "3601"])
def test_a_malformed_deadline_is_a_domain_error(qdir: Path, value: str) -> None:
    seed_earlier(qdir)
    result = run(qdir, "pull", "q", "--manifold", "abc", env={"SUMMITCAST_PULL_TIMEOUT": value})
    assert_fails(
        result,
        qdir,
        f"SUMMITCAST_PULL_TIMEOUT={value!r}: expected a number of seconds greater than 0 and at most "
        "3600 (default 30)",
    )


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_spinner_on_a_terminal_only_while_waiting(httpserver: HTTPServer) -> None:
    def slow(request: Request) -> Response:
        time.sleep(0.6)
        return Response('{"ok": 1}', content_type="application/json")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    httpserver.expect_request("/fast").respond_with_json({"ok": 2})
    tty, pipe = Terminal(), io.StringIO()
    with Client(retries=0, stream=tty) as client:
        assert client.get(httpserver.url_for("/fast"), what="w").data == {"ok": 2}
        assert tty.getvalue() == ""  # a quick answer shows nothing
        assert client.get(httpserver.url_for("/slow"), what="Manifold market x").data == {"ok": 1}
    shown = tty.getvalue()
    assert "Manifold market x: waiting for the answer (0 s)" in shown
    assert shown.endswith("\r\x1b[K")  # and is wiped once the answer is in
    with Client(retries=0, stream=pipe) as client:
        assert client.get(httpserver.url_for("/slow"), what="w").data == {"ok": 1}
    assert pipe.getvalue() == ""  # never on a pipe or a file


def test_server_errors_are_retried(server: HTTPServer, qdir: Path, shared_data: Path) -> None:
    post = metaculus_post(shared_data, 34282)
    for _ in range(2):
        server.expect_oneshot_request("/api/posts/34282/").respond_with_data("busy", status=503)
    serve_post(server, post, 34282)
    result = run(qdir, "pull", "q", "--metaculus", "34282", env={"METACULUS_TOKEN": TOKEN})
    assert result.exit_code == 0, result.output
    assert [r.status_code for _, r in server.log] == [503, 503, 200]
    assert (qdir / "q.community.csv").read_text(encoding="utf-8") == expected_metaculus_csv(post)


def test_persistent_server_error(server: HTTPServer, qdir: Path) -> None:
    server.expect_request("/api/posts/34282/").respond_with_data("down", status=502)
    seed_earlier(qdir)
    result = run(qdir, "pull", "q", "--metaculus", "34282", env={"METACULUS_TOKEN": TOKEN})
    url = server.url_for("/api/posts/34282/")
    assert_fails(
        result,
        qdir,
        f"Metaculus post 34282: network failure: {url} answered HTTP 502 (a server error), "
        "after 3 attempts",
    )
    assert len(server.log) == 3


# ------------------------------------------------------------------------------------------- Manifold

MANIFOLD_CSV = """\
timestamp,probability
2025-10-01T06:26:40Z,0.1
2025-10-02T10:13:20Z,0.2
2025-10-26T17:33:20Z,0.12
2025-10-29T01:06:40Z,0.31
"""


def serve_manifold(server: HTTPServer, market: dict[str, Any], bets: list[dict[str, Any]]) -> None:
    """The documented /v0/bets semantics: newest first, ``limit``, ``before`` = a bet id."""

    def bets_page(request: Request) -> Response:
        args = request.args
        assert args["contractId"] == market["id"]
        limit = int(args["limit"])
        start = 0
        if "before" in args:
            start = [b["id"] for b in bets].index(args["before"]) + 1
        return Response(json.dumps(bets[start : start + limit]), content_type="application/json")

    server.expect_request(f"/v0/market/{market['id']}").respond_with_json(market)
    server.expect_request(f"/v0/slug/{market['slug']}").respond_with_json(market)
    server.expect_request("/v0/bets").respond_with_handler(bets_page)


def bets_requests(server: HTTPServer) -> list[dict[str, str]]:
    return [dict(req.args) for req, _ in server.log if req.path == "/v0/bets"]


@pytest.mark.parametrize("ref", ["kJ8pQw3rTz", "will-donald-trump-and-kim-jong-un-me"])
def test_manifold_by_id_or_slug(server: HTTPServer, qdir: Path, ref: str) -> None:
    serve_manifold(server, fixture("manifold_market.json"), fixture("manifold_bets.json"))
    result = run(qdir, "pull", "q", "--manifold", ref, "--json")
    assert result.exit_code == 0, result.output
    assert (qdir / "q.community.csv").read_text(encoding="utf-8") == MANIFOLD_CSV
    doc = json.loads(result.stdout)
    kind = "market" if ref.startswith("kJ8") else "slug"
    assert doc["url"] == server.url_for(f"/v0/{kind}/{ref}") and doc["points"] == 4
    assert bets_requests(server) == [{"contractId": "kJ8pQw3rTz", "limit": "1000"}]


def test_manifold_bets_are_paged(
    server: HTTPServer, qdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(manifold_mod, "BETS_PAGE", 2)
    serve_manifold(server, fixture("manifold_market.json"), fixture("manifold_bets.json"))
    result = run(qdir, "pull", "q", "--manifold", "kJ8pQw3rTz")
    assert result.exit_code == 0, result.output
    assert (qdir / "q.community.csv").read_text(encoding="utf-8") == MANIFOLD_CSV
    assert bets_requests(server) == [
        {"contractId": "kJ8pQw3rTz", "limit": "2"},
        {"contractId": "kJ8pQw3rTz", "limit": "2", "before": "red4XwP8sA"},
        {"contractId": "kJ8pQw3rTz", "limit": "2", "before": "bet2KpW9eD"},
    ]


def test_manifold_full_last_page_asks_once_more(
    server: HTTPServer, qdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(manifold_mod, "BETS_PAGE", 5)
    serve_manifold(server, fixture("manifold_market.json"), fixture("manifold_bets.json"))
    assert run(qdir, "pull", "q", "--manifold", "kJ8pQw3rTz").exit_code == 0
    assert [r.get("before") for r in bets_requests(server)] == [None, "bet1HnV4uF"]
    assert (qdir / "q.community.csv").read_text(encoding="utf-8") == MANIFOLD_CSV


def test_manifold_market_without_bets_holds_its_probability(server: HTTPServer, qdir: Path) -> None:
    serve_manifold(server, fixture("manifold_market.json"), [])
    assert run(qdir, "pull", "q", "--manifold", "kJ8pQw3rTz").exit_code == 0
    text = (qdir / "q.community.csv").read_text(encoding="utf-8")
    assert text == "timestamp,probability\n2025-10-01T06:26:40Z,0.31\n"


def test_manifold_unknown_market(server: HTTPServer, qdir: Path) -> None:
    server.expect_request("/v0/market/zzzzzzzzzz").respond_with_json({"message": "x"}, status=404)
    server.expect_request("/v0/slug/zzzzzzzzzz").respond_with_json({"message": "x"}, status=404)
    seed_earlier(qdir)
    result = run(qdir, "pull", "q", "--manifold", "zzzzzzzzzz")
    url = server.url_for("/v0/slug/zzzzzzzzzz")
    assert_fails(
        result,
        qdir,
        f"Manifold market 'zzzzzzzzzz': no market with this id or slug (HTTP 404 from {url})",
    )
    assert [req.path for req, _ in server.log] == ["/v0/market/zzzzzzzzzz", "/v0/slug/zzzzzzzzzz"]


def test_manifold_non_binary_market(server: HTTPServer, qdir: Path) -> None:
    market = fixture("manifold_market_multi.json")
    server.expect_request(f"/v0/slug/{market['slug']}").respond_with_json(market)
    seed_earlier(qdir)
    result = run(qdir, "pull", "q", "--manifold", market["slug"])
    assert_fails(
        result,
        qdir,
        f"Manifold market {market['slug']!r}: the market is 'MULTIPLE_CHOICE', not BINARY: "
        "only binary (yes/no) markets can be pulled",
    )
    assert bets_requests(server) == []  # no bets fetched for a market that cannot be pulled


# ----------------------------------------------------------------------------------------- Polymarket

POLYMARKET_CSV = """\
timestamp,probability
2025-10-08T00:00:00Z,0.045
2025-10-09T00:00:00Z,0.052
2025-10-23T00:00:00Z,0.2
2025-11-01T00:00:00Z,0.035
"""
YES = "71321045679252212594626385532706912750332728571942532289631379312455583992563"


def serve_polymarket(server: HTTPServer, markets: list[dict[str, Any]], fidelity: str) -> None:
    market = markets[0]
    server.expect_request("/markets", query_string={"slug": market["slug"]}).respond_with_json(
        markets
    )
    server.expect_request(
        "/markets", query_string={"condition_ids": market["conditionId"]}
    ).respond_with_json(markets)
    server.expect_request(
        "/prices-history", query_string={"market": YES, "interval": "max", "fidelity": fidelity}
    ).respond_with_json(fixture("polymarket_prices_history.json"))


@pytest.mark.parametrize("by", ["slug", "conditionId"])
def test_polymarket_by_slug_or_condition_id(server: HTTPServer, qdir: Path, by: str) -> None:
    markets = fixture("polymarket_markets.json")
    serve_polymarket(server, markets, "60")
    result = run(qdir, "pull", "q", "--polymarket", markets[0][by], "--json")
    assert result.exit_code == 0, result.output
    assert (qdir / "q.community.csv").read_text(encoding="utf-8") == POLYMARKET_CSV
    doc = json.loads(result.stdout)
    assert doc["points"] == 4 and doc["source"] == "polymarket" and doc["ref"] == markets[0][by]
    assert (
        doc["url"] == server.url_for("/prices-history") + f"?market={YES}&interval=max&fidelity=60"
    )


def test_polymarket_closed_market_asks_for_12_hour_points(server: HTTPServer, qdir: Path) -> None:
    markets = fixture("polymarket_markets.json")
    markets[0]["closed"] = True
    serve_polymarket(server, markets, "720")
    result = run(qdir, "pull", "q", "--polymarket", markets[0]["slug"])
    assert result.exit_code == 0, result.output
    assert (qdir / "q.community.csv").read_text(encoding="utf-8") == POLYMARKET_CSV


def test_polymarket_unknown_market(server: HTTPServer, qdir: Path) -> None:
    server.expect_request("/markets").respond_with_json([])
    seed_earlier(qdir)
    result = run(qdir, "pull", "q", "--polymarket", "no-such-market")
    base = server.url_for("/").rstrip("/")
    assert_fails(
        result,
        qdir,
        f"Polymarket market 'no-such-market': no market with this slug (the Gamma API at {base} has none)",
    )
    closed = [req.args.get("closed") for req, _ in server.log]
    assert closed == [None, "true", "false"]


def test_polymarket_non_binary_market(server: HTTPServer, qdir: Path) -> None:
    markets = fixture("polymarket_markets.json")
    markets[0]["outcomes"] = '["Trump", "Harris"]'
    server.expect_request("/markets").respond_with_json(markets)
    seed_earlier(qdir)
    result = run(qdir, "pull", "q", "--polymarket", markets[0]["slug"])
    assert_fails(
        result,
        qdir,
        f"Polymarket market {markets[0]['slug']!r}: the outcomes are ['Trump', 'Harris'], "
        "not Yes/No: only binary markets can be pulled",
    )


def test_polymarket_empty_history(server: HTTPServer, qdir: Path) -> None:
    markets = fixture("polymarket_markets.json")
    server.expect_request("/markets").respond_with_json(markets)
    server.expect_request("/prices-history").respond_with_json({"history": []})
    seed_earlier(qdir)
    result = run(qdir, "pull", "q", "--polymarket", markets[0]["slug"])
    assert_fails(
        result,
        qdir,
        f"Polymarket market {markets[0]['slug']!r}: the price history of its Yes token is empty",
    )


def test_polymarket_yes_token_follows_the_outcomes() -> None:
    market = {"outcomes": ["No", "Yes"], "clobTokenIds": '["n-token", "y-token"]'}
    assert polymarket_mod.yes_token(market, "m") == "y-token"


# ------------------------------------------------------------------------ the command and the library


def test_exactly_one_source_is_a_usage_error(qdir: Path) -> None:
    for args in ([], ["--metaculus", "1", "--manifold", "x"]):
        result = run(qdir, "pull", "q", *args)
        assert result.exit_code == 2
        assert "give exactly one of --metaculus POST, --manifold MARKET, --polymarket MARKET" in (
            result.stderr
        )


def test_help_has_an_example(qdir: Path) -> None:
    result = run(qdir, "pull", "--help")
    assert result.exit_code == 0
    assert "Example:" in result.stdout and "--metaculus 34277" in result.stdout


@pytest.mark.parametrize(
    ("qid", "message"),
    [
        ("nope", "no question 'nope' in {d} ({d}/nope.toml does not exist); create it with summitcast new first"),
        ("../q", "question id '../q': must be lowercase letters, digits and hyphens (e.g. trump-kim-2026)"),
    ],
)  # fmt: skip
def test_the_question_must_exist(qdir: Path, qid: str, message: str) -> None:
    result = run(qdir, "pull", qid, "--manifold", "kJ8pQw3rTz")
    assert result.exit_code == 1
    assert result.stderr == "Error: " + message.format(d=qdir) + "\n"
    assert not any(p.name.endswith(".community.csv") for p in qdir.parent.rglob("*"))


def test_bad_metaculus_reference(qdir: Path) -> None:
    result = run(qdir, "pull", "q", "--metaculus", "abc", env={"METACULUS_TOKEN": TOKEN})
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: --metaculus takes a post id, a positive whole number such as 34277 (got 'abc')\n"
    )


def test_base_urls_come_from_the_environment() -> None:
    urls = base_urls({"SUMMITCAST_POLYMARKET_CLOB_URL": "http://mirror.test/clob/"})
    assert urls == {
        "metaculus": "https://www.metaculus.com",
        "manifold": "https://api.manifold.markets",
        "polymarket_gamma": "https://gamma-api.polymarket.com",
        "polymarket_clob": "http://mirror.test/clob",
    }


def test_library_env_mapping_overrides_the_process_environment(
    httpserver: HTTPServer, qdir: Path
) -> None:
    """pull_series(env=...) reads base URLs from the mapping it is given (the process's point at a dead port)."""
    from summitcast.app.pull import pull_series

    serve_manifold(httpserver, fixture("manifold_market.json"), fixture("manifold_bets.json"))
    env = {"SUMMITCAST_MANIFOLD_URL": httpserver.url_for("/")}
    result = pull_series(Workspace(qdir), "q", "manifold", "kJ8pQw3rTz", env=env)
    assert result.points == 4 and result.path.read_text(encoding="utf-8") == MANIFOLD_CSV


def test_points_sort_and_keep_the_last_of_equal_times() -> None:
    got = points([(30.0, 0.3), (10.0, 0.1), (30.0, 0.4), (20.0, 0.2)], "x")
    assert [(t.timestamp(), p) for t, p in got] == [(10.0, 0.1), (20.0, 0.2), (30.0, 0.4)]
    assert all(t.tzinfo == dt.UTC for t, _ in got)
    with pytest.raises(SourceError, match=r"x: a probability is not in \[0, 1\] \(1.5\)"):
        points([(0.0, 1.5)], "x")


def test_client_answers_4xx_to_the_caller(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/gone").respond_with_json({"m": 1}, status=410)
    with Client(retries=0) as client:
        reply = client.get(httpserver.url_for("/gone"), what="w")
    assert (reply.status, reply.data) == (410, {"m": 1})


# ------------------------------------------------------------------- what compare and the report read


def test_recorded_series_prefers_the_csv_and_ignores_the_sidecar(
    qdir: Path, shared_data: Path
) -> None:
    assert community_path(Workspace(qdir), "q") is None
    (qdir / "q.community.json").write_bytes(EARLIER_JSON)  # a provenance sidecar only
    assert community_path(Workspace(qdir), "q") is None
    (qdir / "q.community.csv").write_bytes(EARLIER_CSV)
    assert community_path(Workspace(qdir), "q") == qdir / "q.community.csv"
    (qdir / "q.community.csv").unlink()
    post = shared_data / "metaculus" / "post_34277.json"
    (qdir / "q.community.json").write_bytes(post.read_bytes())  # an old-style saved post
    assert community_path(Workspace(qdir), "q") == qdir / "q.community.json"


def test_compare_without_a_recorded_series_says_what_to_do(qdir: Path) -> None:
    ours = qdir.parent / "ours.csv"
    ours.write_text("timestamp,probability\n2025-02-01,0.3\n", encoding="utf-8")
    result = run(qdir, "compare", "q", "--outcome", "no", "--ours", str(ours))
    assert result.exit_code == 1
    assert "no community series recorded for 'q'" in result.stderr
    assert "summitcast pull q --metaculus POST" in result.stderr


# ---------------------------------------------------------------------------------- import discipline

SCRIPT = """
import json, sys
import summitcast.cli, summitcast.app.pull, summitcast.sources
import summitcast.sources.metaculus, summitcast.sources.manifold, summitcast.sources.polymarket
before = sorted(m for m in sys.modules if m == "httpx" or m.startswith("httpx."))
from summitcast.errors import SummitcastError
from summitcast.app.pull import pull_series
from summitcast.store.workspace import Workspace
try:
    pull_series(Workspace(sys.argv[1]), "q", "manifold", "x", env={"SUMMITCAST_MANIFOLD_URL": sys.argv[2]})
except SummitcastError:
    pass
after = "httpx" in sys.modules
print(json.dumps({"before": before, "after": after}))
"""


def test_only_pull_imports_the_http_client(qdir: Path, offline: str) -> None:
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(qdir), offline],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ},
    )
    doc = json.loads(out.stdout.strip().splitlines()[-1])
    assert doc == {"before": [], "after": True}


@pytest.mark.parametrize(
    "module", ["app.pull", "sources", "sources.metaculus", "sources.polymarket"]
)
def test_docstring_examples_run(module: str) -> None:
    import doctest
    import importlib

    mod = importlib.import_module(f"summitcast.{module}")
    result = doctest.testmod(mod, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0
