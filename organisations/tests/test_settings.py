"""Production settings refuse to start without their secrets."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _import_settings(**env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_DEBUG")
    }
    clean.update(env, DATABASE_URL="postgres://nobody@127.0.0.1:1/none")
    return subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_without_secret_key_fails_with_a_clear_message():
    result = _import_settings(ALLOWED_HOSTS="opstap.example.nl")
    assert result.returncode != 0
    assert "Opstap start niet zonder SECRET_KEY" in result.stderr


def test_production_without_allowed_hosts_fails():
    result = _import_settings(SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_with_both_starts():
    result = _import_settings(SECRET_KEY="x" * 50, ALLOWED_HOSTS="opstap.example.nl")
    assert result.returncode == 0, result.stderr


def test_debug_is_off_unless_asked_for():
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings as s; print(s.DEBUG)"],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k != "DJANGO_DEBUG"},
            "SECRET_KEY": "x" * 50,
            "ALLOWED_HOSTS": "a",
            "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.strip() == "False"
