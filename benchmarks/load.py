"""A small closed-loop HTTP load generator: N users, each logged in, looping for D seconds.

Pure standard library (threads + http.client): enough for 20 users on loopback, and it measures
what a user waits for (request sent → full response read).
"""

from __future__ import annotations

import http.client
import itertools
import re
import statistics
import threading
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Samples:
    latencies_ms: dict[str, list[float]] = field(default_factory=dict)
    # What went wrong, e.g. {"panel 403": 2, "list ConnectionResetError": 1}.
    error_kinds: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    seconds: float = 0.0  # how long the users ran

    def add(self, name: str, ms: float, ok: bool, kind: str = "") -> None:
        with self.lock:
            self.latencies_ms.setdefault(name, []).append(ms)
            if not ok:
                key = f"{name} {kind}"
                self.error_kinds[key] = self.error_kinds.get(key, 0) + 1

    @property
    def errors(self) -> int:
        """How many requests (or users' scenarios) failed."""
        return sum(self.error_kinds.values())


class Session:
    """One browser-like user: cookies, CSRF token, keep-alive connection."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.conn = http.client.HTTPConnection(host, port, timeout=30)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
        except (http.client.HTTPException, OSError):
            # The server closed a keep-alive connection: reconnect once.
            self.conn.close()
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
        for header in response.msg.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(header)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value
        return response.status, data

    def login(self, username: str, password: str) -> None:
        status, page = self.request("GET", "/connexion/")
        token = CSRF_INPUT.search(page).group(1).decode()
        body = urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": token}
        ).encode()
        status, _ = self.request(
            "POST",
            "/connexion/",
            body,
            {"Content-Type": "application/x-www-form-urlencoded", "Referer": self.origin},
        )
        if status != 302:
            raise RuntimeError(f"login failed with HTTP {status}")

    @property
    def origin(self) -> str:
        return f"http://{self.host}:{self.port}/"

    @property
    def csrf_token(self) -> str:
        return self.cookies.get("csrftoken", "")


def run_users(
    *,
    host,
    port,
    users,
    seconds,
    username,
    password,
    scenario,
    ramp_up: float = 0.0,
    probe=None,
    probe_every: float = 0.1,
    probe_connections: int = 1,
) -> Samples:
    """Run `scenario(session, samples)` in a loop for each of `users` threads.

    Users start spread evenly over the first `ramp_up` seconds (locust's spawn rate): twenty
    users acting at the same instant measure a burst no ward produces. `probe(session,
    samples)`, if given, runs every `probe_every` seconds in one more thread, from the first
    user's start to the end, over `probe_connections` connections in turn: a monitor sampling
    the server at even intervals under the load.
    """
    samples = Samples()
    # The clock starts once every user has logged in (password hashing is slow on purpose).
    clock: dict[str, float] = {}

    def start_clock() -> None:
        clock["start"] = time.monotonic()
        clock["end"] = clock["start"] + seconds

    ready = threading.Barrier(users + 1 + (probe is not None), action=start_clock)

    def logged_in() -> Session:
        session = Session(host, port)
        try:
            session.login(username, password)
        except Exception:
            ready.abort()  # the main thread raises BrokenBarrierError instead of waiting
            raise
        return session

    def step(session: Session, action, name: str) -> bool:
        try:
            action(session, samples)
        except Exception as error:
            # Counted, never silent: a client that stops early would flatter the figures.
            samples.add(name, 0.0, False, type(error).__name__)
            return False
        return True

    def user_loop(index: int) -> None:
        session = logged_in()
        ready.wait()
        time.sleep(ramp_up * index / users)
        while time.monotonic() < clock["end"] and step(session, scenario, "scenario"):
            pass

    def probe_loop() -> None:
        # Keep-alive connections used in turn: a server worker keeps the connection it
        # accepted, so a single one would sample a single worker process.
        sessions = itertools.cycle([logged_in() for _ in range(probe_connections)])
        ready.wait()
        tick = clock["start"]
        while tick < clock["end"] and step(next(sessions), probe, "probe"):
            # The next slot of the schedule: a slow answer skips the slots it overran rather
            # than firing them back to back, which would over-sample the busy moments.
            now = time.monotonic()
            tick += probe_every
            while tick <= now:
                tick += probe_every
            time.sleep(tick - now)

    threads = [
        threading.Thread(target=user_loop, args=(index,), daemon=True) for index in range(users)
    ]
    if probe is not None:
        threads.append(threading.Thread(target=probe_loop, daemon=True))
    for thread in threads:
        thread.start()
    ready.wait()
    for thread in threads:
        thread.join(seconds + 60)
    samples.seconds = time.monotonic() - clock["start"]
    return samples


def timed(samples: Samples, name: str, call) -> bytes | None:
    """Time `call()` (→ status, body) into `samples`; the body on HTTP 200, else None."""
    start = time.perf_counter()
    body = None
    try:
        status, data = call()
        ok, kind = status == 200, str(status)
        body = data if ok else None
    except Exception as error:
        ok, kind = False, type(error).__name__
    samples.add(name, (time.perf_counter() - start) * 1000, ok, kind)
    return body


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]
