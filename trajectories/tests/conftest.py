"""Fixtures for the trajectory tests: the roles' trajectory permissions."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission

from organisations.roles import CONSULENT, MANAGER

# The entries organisations/roles.py gives these roles (kept here too, so the tests hold
# before and after they are added there).
PERMISSIONS = {
    CONSULENT: [
        "view_trajectory",
        "add_trajectory",
        "change_trajectory",
        "view_premiumpayment",
        "change_premiumpayment",
        "view_provider",
    ],
    MANAGER: ["view_trajectory", "view_provider"],
}


@pytest.fixture(autouse=True)
def trajectory_permissions(db):
    for role, codenames in PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="trajectories", codename__in=codenames
            )
        )
