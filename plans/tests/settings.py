"""The test settings with this app added, for tests that run before config/settings.py lists it."""

from config.settings_test import *  # noqa: F403

if "plans" not in INSTALLED_APPS:  # noqa: F405
    INSTALLED_APPS = [*INSTALLED_APPS, "plans"]  # noqa: F405
ROOT_URLCONF = "plans.tests.urls"
