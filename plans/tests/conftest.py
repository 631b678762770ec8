"""Fixtures for the plan tests: the roles' plan permissions."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission

from organisations.roles import CONSULENT, MANAGER

# The entries organisations/roles.py gives these roles (kept here too, so the tests hold
# before and after they are added there).
PERMISSIONS = {
    CONSULENT: ["view_plan", "add_plan", "change_plan"],
    MANAGER: ["view_plan"],
}


@pytest.fixture(autouse=True)
def plan_permissions(db):
    for role, codenames in PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="plans", codename__in=codenames)
        )
