"""`parallax serve` and `parallax ingest` on one SQLite file at once: every request answers 200
while articles are being written, nothing says "database is locked", and the store ends whole.

Both run as the user runs them, in their own processes; the requests come from threads of this
one over real keep-alive connections on the loopback interface.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

from parallax.store import Store

N_ARTICLES = 150
N_CLIENTS = 8
#: Requests per client at least; clients go on until the ingest is over.
MIN_REQUESTS = 60
PATHS = ("/api/storylines", "/api/search?q=council+flood", "/", "/api/search?q=district", "/api/storylines?limit=5")


def _corpus(folder: Path) -> None:
    folder.mkdir()
    for i in range(N_ARTICLES):
        (folder / f"report-{i:03d}.txt").write_text(
            f"Flood report number {i} from the river district\n\n"
            f"The council in district {i} said on Monday that {i * 3 + 7} homes had been flooded overnight and "
            f"that emergency crews would stay until the water level fell below the embankment at bridge {i}.\n\n"
            f"Residents of district {i} told reporters they had moved to the school on the hill and were waiting "
            "for news about the repairs promised last spring.\n",
            encoding="utf-8",
        )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {seconds:g} s")


def _raw_status(port: int, target: str) -> int:
    """The status of a GET sent as bytes (HTTP clients refuse a URL over 64 kB; a hostile one does not)."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
        conn.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        head = conn.recv(64).split(b" ", 2)
    return int(head[1])


def test_serve_and_ingest_share_one_sqlite_file(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    _corpus(corpus)
    db = tmp_path / "shared.db"
    Store.open(str(db)).close()  # the schema exists before either starts
    exe = str(Path(sys.executable).with_name("parallax"))
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server_log = (tmp_path / "serve.log").open("w+")
    env = {k: v for k, v in os.environ.items() if k != "PARALLAX_TOKEN"}  # read-only, as most run it
    server = subprocess.Popen(
        [exe, "serve", "--db", str(db), "--port", str(port)], stdout=server_log, stderr=subprocess.STDOUT, env=env
    )
    try:
        _wait_for(f"{base}/api/storylines", 60)
        ingest = subprocess.Popen(
            [exe, "ingest", str(corpus), "--db", str(db), "--no-stories"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        statuses: Counter[int] = Counter()
        failures: list[str] = []
        lock = threading.Lock()

        def client(k: int) -> None:
            done = 0
            deadline = time.monotonic() + 120
            with httpx.Client(base_url=base, timeout=30.0) as http:  # one keep-alive connection each
                while (done < MIN_REQUESTS or ingest.poll() is None) and time.monotonic() < deadline:
                    path = PATHS[(k + done) % len(PATHS)]
                    try:
                        status = http.get(path).status_code
                    except httpx.HTTPError as e:
                        with lock:
                            failures.append(f"{path}: {type(e).__name__}: {e}")
                        status = 0
                    with lock:
                        statuses[status] += 1
                    done += 1

        threads = [threading.Thread(target=client, args=(k,)) for k in range(N_CLIENTS)]
        for t in threads:
            t.start()
        _, err = ingest.communicate(timeout=180)
        for t in threads:
            t.join(timeout=180)
        assert ingest.returncode == 0, err
        assert f"{N_ARTICLES} new, 0 updated, 0 unchanged, 0 failed" in err
        assert not failures, failures[:5]
        assert set(statuses) == {200}, statuses
        assert sum(statuses.values()) >= N_CLIENTS * MIN_REQUESTS
        # Served while writing, then the finished store: the pages see every article.
        found = httpx.get(f"{base}/api/search", params={"q": "district", "limit": 500}, timeout=30).json()
        assert len(found) == N_ARTICLES
        # A 100 kB query is refused before it reaches the store, and the server goes on.
        assert 400 <= _raw_status(port, "/api/search?q=" + "flood+" * 17_000) < 500
        assert httpx.get(f"{base}/api/storylines", timeout=30).status_code == 200
    finally:
        server.terminate()
        server.wait(timeout=30)
    server_log.seek(0)
    log = server_log.read()
    assert "database is locked" not in log and "Traceback" not in log, log[-2000:]
    with Store.open(str(db)) as store:
        assert store.count() == N_ARTICLES

