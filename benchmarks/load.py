"""A small closed-loop HTTP load generator: N users, each logged in, looping for D seconds.

Pure standard library (threads + http.client): enough for 20 users on loopback, and it measures
what a user waits for (request sent → full response read).
"""

from __future__ import annotations

import http.client
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
    errors: dict[str, int] = field(default_factory=dict)
    # What went wrong, e.g. {"panel 403": 2, "list ConnectionResetError": 1}.
    error_kinds: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, name: str, ms: float, ok: bool, kind: str = "") -> None:
        with self.lock:
            self.latencies_ms.setdefault(name, []).append(ms)
            if not ok:
                self.errors[name] = self.errors.get(name, 0) + 1
                key = f"{name} {kind}"
                self.error_kinds[key] = self.error_kinds.get(key, 0) + 1


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


def run_users(*, host, port, users, seconds, username, password, scenario) -> Samples:
    """Run `scenario(session, samples)` in a loop for each of `users` threads."""
    samples = Samples()
    deadline = time.monotonic() + seconds
    ready = threading.Barrier(users + 1)

    def user_loop() -> None:
        session = Session(host, port)
        session.login(username, password)
        ready.wait()
        while time.monotonic() < deadline:
            scenario(session, samples)

    threads = [threading.Thread(target=user_loop, daemon=True) for _ in range(users)]
    for thread in threads:
        thread.start()
    ready.wait()
    for thread in threads:
        thread.join(seconds + 60)
    return samples


def timed(samples: Samples, name: str, call) -> None:
    start = time.perf_counter()
    try:
        status, _ = call()
        ok, kind = status == 200, str(status)
    except Exception as error:
        ok, kind = False, type(error).__name__
    samples.add(name, (time.perf_counter() - start) * 1000, ok, kind)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]
