"""Roles are groups: consulent, manager, beheerder. The groups themselves come from a data
migration; their permissions are synced after every migrate, so permissions of models added by
later migrations reach the roles too."""

from __future__ import annotations

CONSULENT = "consulent"
MANAGER = "manager"
BEHEERDER = "beheerder"
ROLES = (CONSULENT, MANAGER, BEHEERDER)

# Permissions per role as "app_label.codename". A beheerder may change every model of Opstap's
# own apps in the admin.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    CONSULENT: [
        "clients.view_client",
        "clients.add_client",
        "clients.change_client",
        "clients.view_benefitperiod",
        "clients.add_benefitperiod",
        "clients.change_benefitperiod",
        "clients.view_ontheffing",
        "clients.add_ontheffing",
        "clients.change_ontheffing",
        "clients.view_contactnote",
        "clients.add_contactnote",
        "clients.import_caseload",
        # Who has seen a client's data: shown on the file to whoever may open it.
        "clients.view_accesslog",
        "categorisation.view_assessment",
        "categorisation.add_assessment",
        "categorisation.view_ladderstep",
        "categorisation.add_ladderstep",
        "trajectories.view_trajectory",
        "trajectories.add_trajectory",
        "trajectories.change_trajectory",
        "trajectories.view_premiumpayment",
        "trajectories.change_premiumpayment",
        "trajectories.view_provider",
        "plans.view_plan",
        "plans.add_plan",
        "plans.change_plan",
        "measures.view_maatregel",
        "measures.add_maatregel",
        "measures.change_maatregel",
        "agenda.view_appointment",
        "agenda.add_appointment",
        "agenda.change_appointment",
        "contacts.view_contactdetails",
        "contacts.add_contactdetails",
        "contacts.view_contactperson",
        "contacts.add_contactperson",
        "contacts.change_contactperson",
        "documents.view_document",
        "documents.add_document",
        "documents.delete_document",
        "letters.view_letter",
        "letters.add_letter",
    ],
    MANAGER: [
        "clients.reassign_consulent",
        # Vier-ogen: a teamleider (manager with reassign rights) decides on requests.
        "approvals.view_approvalrequest",
        "approvals.decide_approvalrequest",
        "trajectories.view_trajectory",
        "trajectories.view_provider",
    ],
}
BEHEERDER_APPS = (
    "organisations",
    "clients",
    "categorisation",
    "trajectories",
    "budgets",
    "plans",
    "agenda",
    "contacts",
    "reporting",
    "documents",
    "letters",
    "approvals",
    "measures",
)


def sync_role_permissions(**kwargs) -> None:
    from django.contrib.auth.models import Group, Permission
    from django.db.models import Q

    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        if role == BEHEERDER:
            perms = Permission.objects.filter(content_type__app_label__in=BEHEERDER_APPS)
        else:
            wanted = Q(pk__in=[])
            for name in ROLE_PERMISSIONS[role]:
                app_label, codename = name.split(".", 1)
                wanted |= Q(content_type__app_label=app_label, codename=codename)
            perms = Permission.objects.filter(wanted)
        group.permissions.set(perms)
