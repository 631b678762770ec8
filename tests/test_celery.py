"""Celery runs eagerly without a broker, and through a real worker process with Redis."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection

from config.celery import app
from organisations.tasks import count_municipalities

ROOT = Path(__file__).resolve().parents[1]
REDIS_URL = os.environ.get("OPSTAP_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def test_task_runs_eagerly_without_a_broker(lv, wassenaar, voorschoten, organisation):
    assert app.conf.task_always_eager
    assert count_municipalities.delay(organisation.pk).get(timeout=5) == 3


def _redis_available() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture
def redis_url():
    if not _redis_available():
        if os.environ.get("OPSTAP_REQUIRE_REDIS"):
            pytest.fail(f"Redis is required here but not reachable at {REDIS_URL}")
        pytest.skip(f"no Redis at {REDIS_URL}")
    return REDIS_URL


@pytest.fixture
def worker_queue(redis_url):
    """A real Celery worker process on its own queue, on the test database; yields a sender."""
    from celery import Celery

    queue = f"opstap-test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "OPSTAP_CELERY_WORKER": "1",
        "CELERY_BROKER_URL": redis_url,
        "CELERY_RESULT_BACKEND": redis_url,
        "OPSTAP_TEST_DATABASE_NAME": connection.settings_dict["NAME"],
    }
    worker = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "-Q",
            queue,
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    sender = Celery("opstap-test", broker=redis_url, backend=redis_url)
    try:
        yield lambda name, *args: sender.send_task(name, args=list(args), queue=queue)
    finally:
        worker.terminate()
        output, _ = worker.communicate(timeout=30)
    assert "Traceback" not in output, output


@pytest.mark.django_db(transaction=True)
def test_task_runs_through_a_real_worker(worker_queue, lv, wassenaar, organisation):
    result = worker_queue("organisations.tasks.count_municipalities", organisation.pk)
    assert result.get(timeout=60) == 2


@pytest.mark.django_db(transaction=True)
def test_a_monthly_report_is_built_by_a_real_worker(worker_queue, wassenaar):
    from datetime import date

    from django.utils import timezone

    from reporting.models import ReportRun
    from tests.factories import BenefitPeriodFactory

    BenefitPeriodFactory(municipality=wassenaar, start=date(2025, 12, 3))
    run = ReportRun.objects.create(
        municipality=wassenaar, month=date(2026, 1, 1), requested_at=timezone.now()
    )

    assert worker_queue("reporting.tasks.build_report_run", run.pk).get(timeout=60) is True

    run.refresh_from_db()
    assert run.status == ReportRun.Status.DONE
    assert (run.figures["stand_begin"], run.figures["stand_eind"]) == (1, 1)


@pytest.mark.django_db(transaction=True)
def test_a_large_caseload_file_is_imported_by_a_real_worker(worker_queue, consulent, wassenaar):
    from clients.importer import background
    from clients.importer.storage import save_upload
    from clients.models import Client
    from clients.tests.importing import csv_file, line, new_bsn

    bsns = [new_bsn() for _ in range(3)]
    token = save_upload(user=consulent, data=csv_file([line(bsn) for bsn in bsns]))
    background.mark_queued(user=consulent, token=token, phase="confirm")

    worker_queue("clients.tasks.run_import", consulent.pk, str(token), "confirm").get(timeout=60)

    status = background.read_status(user=consulent, token=token)
    assert (status["state"], status["done"], status["total"]) == (background.DONE, 3, 3)
    assert background.report_of(status).imported
    assert set(Client.objects.values_list("bsn", flat=True)) == set(bsns)
