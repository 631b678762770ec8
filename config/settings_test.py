"""Settings for the test suite: the normal settings with test-only secrets and fast hashing."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SESSION_COOKIE_SECURE", "0")
os.environ.setdefault("CSRF_COOKIE_SECURE", "0")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

from config.settings import *  # noqa: F403

# Tests log beheerders in with force_login; security/tests/test_twofactor.py turns 2FA on.
OPSTAP_REQUIRE_2FA = False

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# Documents of the test run go to a folder of their own, gone with the machine's temp files.
STORAGES["documents"]["OPTIONS"]["location"] = os.environ.setdefault(  # noqa: F405
    "OPSTAP_TEST_DOCUMENTS_DIR", __import__("tempfile").mkdtemp(prefix="opstap-documents-")
)
# Tests run tasks eagerly. tests/test_celery.py starts a real worker with OPSTAP_CELERY_WORKER
# set, pointed at the test database by OPSTAP_TEST_DATABASE_NAME.
if not os.environ.get("OPSTAP_CELERY_WORKER"):
    CELERY_BROKER_URL = "memory://"
    CELERY_TASK_ALWAYS_EAGER = True
if os.environ.get("OPSTAP_TEST_DATABASE_NAME"):
    DATABASES["default"]["NAME"] = os.environ["OPSTAP_TEST_DATABASE_NAME"]  # noqa: F405
# The tests run as the application role (conftest.py sets this for the worker it starts).
if os.environ.get("OPSTAP_TEST_DATABASE_ROLE"):
    DATABASES["default"]["OPTIONS"]["assume_role"] = os.environ["OPSTAP_TEST_DATABASE_ROLE"]  # noqa: F405
# The application role the test database grants to: the embedded one, or one made in the cluster
# of DATABASE_URL (its user creates it when missing; roles are shared by the cluster's databases).
OPSTAP_DATABASE_APP_ROLE = OPSTAP_DATABASE_APP_ROLE or "opstap_app"  # noqa: F405
