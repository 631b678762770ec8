import pytest

pytestmark = pytest.mark.django_db


def test_health_reports_database_and_broker_without_login(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "eager"}


def test_health_reports_an_unreachable_broker(client, settings):
    from config.celery import app

    app.conf.task_always_eager = False
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        response = client.get("/health/")
    finally:
        app.conf.task_always_eager = True
        app.conf.broker_url = "memory://"
    assert response.status_code == 503
    assert response.json()["broker"] == "error"
