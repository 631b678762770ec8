"""Checks over HTTP against a running production stack (bin/production check).

Standard library only. Every request but /health/ goes as the TLS proxy in front of production
sends it (X-Forwarded-Proto: https), so the secure cookies and the CSRF origin check are the
production ones. Fails (exit 1) with the first check that does not hold:

1. /health/ answers 200 with database and broker "ok" (waits for the server to come up);
2. the login page answers 200, and every stylesheet and script it links (hashed names from the
   manifest) answers 200;
3. a log-in with the user bin/production made works, and the start page follows;
4. a monthly report requested through the web page is queued through the real broker and
   reaches "klaar" within the time limit (the Celery worker builds it);
5. a BSN in a query string (/clienten/?q=...) does not reach gunicorn's access log, while the
   path does;
6. /health/ is still green.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import urllib.error
import urllib.request
from datetime import date
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

BSN = "123456782"  # passes the elfproef
REPORT_TIMEOUT = 120


class Failed(Exception):
    pass


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Cookies and headers by hand: http.cookiejar would not send Secure cookies over the plain
    HTTP that the proxy would have turned into HTTPS."""

    def __init__(self, base: str):
        self.base = base
        self.host = urlsplit(base).netloc
        self.cookies: dict[str, str] = {}
        self.opener = urllib.request.build_opener(NoRedirect)

    def request(self, path: str, data: dict | None = None, *, proxy: bool = True):
        headers = {"User-Agent": "opstap-production-check"}
        if proxy:
            headers |= {
                "X-Forwarded-Proto": "https",
                "X-Forwarded-For": "192.0.2.10",
                "Origin": f"https://{self.host}",
                "Referer": f"https://{self.host}/inloggen/",
            }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers=headers)  # noqa: S310
        try:
            response = self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(header)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value
        return response.status, dict(response.headers), response.read()


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise Failed(message)
    print(f"  ok  {message}")


def wait_for_health(browser: Browser, seconds: int = 60) -> dict:
    deadline = time.monotonic() + seconds
    last = None
    while time.monotonic() < deadline:
        try:
            status, _headers, body = browser.request("/health/", proxy=False)
            last = (status, body[:200])
            if status == 200:
                return json.loads(body)
        except OSError as error:
            last = error
        time.sleep(0.5)
    raise Failed(f"/health/ niet groen binnen {seconds} s: {last}")


def csrf_token(html: bytes) -> str:
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not match:
        raise Failed("geen CSRF-token in het formulier")
    return match.group(1).decode()


def last_complete_month(today: date) -> date:
    first = today.replace(day=1)
    return date(first.year - 1, 12, 1) if first.month == 1 else first.replace(month=first.month - 1)


def check(args) -> None:
    browser = Browser(args.base)
    started = time.monotonic()
    health = wait_for_health(browser)
    expect(
        health == {"status": "ok", "database": "ok", "broker": "ok"},
        f"/health/ groen na {time.monotonic() - started:.1f} s: {health}",
    )

    status, _headers, login_page = browser.request("/inloggen/")
    expect(status == 200, f"inlogpagina: {status}")
    assets = re.findall(rb'(?:href|src)="(/static/[^"]+)"', login_page)
    expect(len(assets) >= 2, f"inlogpagina linkt {len(assets)} statische bestanden")
    for asset in sorted({a.decode() for a in assets}):
        status, headers, body = browser.request(asset)
        hashed = re.search(r"\.[0-9a-f]{12}\.(css|js|svg|png|ico|woff2?)$", asset)
        expect(
            status == 200 and body and hashed,
            f"{asset}: {status}, {len(body)} bytes, {headers.get('Cache-Control')}",
        )

    status, headers, _ = browser.request(
        "/inloggen/",
        {
            "csrfmiddlewaretoken": csrf_token(login_page),
            "username": args.username,
            "password": args.password,
        },
    )
    expect(status == 302, f"inloggen: {status} naar {headers.get('Location')}")
    status, _headers, _ = browser.request("/")
    expect(status in (200, 302), f"startpagina na inloggen: {status}")

    dashboard = f"/rapportages/{args.municipality}/"
    status, _headers, page = browser.request(dashboard)
    expect(status == 200, f"rapportages: {status}")
    month = last_complete_month(date.today())  # noqa: DTZ011 - the server's month, same machine
    status, headers, _ = browser.request(
        f"{dashboard}aanvragen/",
        {"csrfmiddlewaretoken": csrf_token(page), "maand": f"{month:%Y-%m}"},
    )
    expect(status == 302, f"rapportage {month:%Y-%m} aangevraagd: {status}")
    status_url = f"{dashboard}{month.year}/{month.month}/status/"
    started = time.monotonic()
    run = {}
    while time.monotonic() - started < REPORT_TIMEOUT:
        status, _headers, body = browser.request(status_url)
        run = json.loads(body) if status == 200 else {"http": status}
        if run.get("status") in ("klaar", "mislukt"):
            break
        time.sleep(0.5)
    expect(
        run.get("status") == "klaar",
        f"rapportage via Redis en de worker gebouwd in {time.monotonic() - started:.1f} s: {run}",
    )

    status, headers, _ = browser.request(f"/clienten/?q={BSN}")
    expect(status in (200, 302), f"/clienten/?q=<bsn>: {status} naar {headers.get('Location')}")
    time.sleep(0.5)  # gunicorn writes the line after the response
    with open(args.access_log, encoding="utf-8") as log:
        lines = log.read().splitlines()
    leaked = [line for line in lines if BSN in line or "?q=" in line or "q=" + BSN in line]
    expect(not leaked, f"geen BSN of zoekterm in het access log ({len(lines)} regels)")
    expect(
        any('"GET /clienten/ HTTP' in line for line in lines),
        "het access log noemt het pad /clienten/ wel",
    )

    health = wait_for_health(browser, seconds=10)
    expect(health["status"] == "ok", f"/health/ aan het eind: {health}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True)
    parser.add_argument("--username", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--municipality", required=True, type=int)
    parser.add_argument("--access-log", required=True)
    args = parser.parse_args()
    try:
        check(args)
    except Failed as failure:
        print(f"  MISLUKT  {failure}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
