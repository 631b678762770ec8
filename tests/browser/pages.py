"""Every page of Opstap and the browser test that checks it with axe-core.

test_page_coverage.py fails for a URL name that is in none of these three lists, so a new page
joins the checks when it is added: to SWEEP (visited as that user, with the showcase's objects)
or, when a flow already checks it, to IN_FLOWS with the name of that test (the browser fixture
then fails that test if it did not check the page).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from tests.browser.showcase import Showcase


@dataclass(frozen=True)
class Visit:
    user: str
    view: str  # the URL name
    args: Callable[[Showcase], list] = lambda s: []
    query: Callable[[Showcase], str] = lambda s: ""

    def path(self, showcase: Showcase) -> str:
        query = self.query(showcase)
        return reverse(self.view, args=self.args(showcase)) + (f"?{query}" if query else "")


def _consulent_lv() -> int:
    from organisations.models import User

    return User.objects.get(username="consulent.lv").pk


def _maatregel_lv() -> int:
    from measures.models import Maatregel

    return Maatregel.objects.filter(client__consulent__username="consulent.lv").first().pk


def client(s: Showcase) -> list:
    return [s.client]


SWEEP: list[Visit] = [
    Visit("consulent.lv", "clients:client_list"),
    Visit("consulent.lv", "clients:client_update", client),
    Visit("consulent.lv", "clients:benefitperiod_create", client),
    Visit("consulent.lv", "clients:contactnote_create", client),
    Visit("consulent.lv", "clients:ontheffing_create", client),
    Visit(
        "consulent.lv",
        "clients:entry_withdraw",
        lambda s: [s.client, s.ontheffing],
        query=lambda s: "soort=ontheffing",
    ),
    Visit("consulent.lv", "clients:ontheffing_end", lambda s: [s.client, s.ontheffing]),
    Visit("consulent.lv", "categorisation:ladderstep_create", client),
    Visit("consulent.lv", "clients:accesslog_list", client),
    Visit("consulent.lv", "history:client_history", client),
    Visit("consulent.lv", "trajectories:trajectory_mine"),
    Visit("consulent.lv", "trajectories:trajectory_detail", lambda s: [s.running]),
    Visit("consulent.lv", "trajectories:trajectory_start", lambda s: [s.requested]),
    Visit("consulent.lv", "trajectories:trajectory_cancel", lambda s: [s.requested]),
    Visit("consulent.lv", "trajectories:trajectory_extend", lambda s: [s.running]),
    Visit("consulent.lv", "trajectories:premium_pay", lambda s: [s.running, s.premium]),
    Visit("consulent.lv", "trajectories:provider_list"),
    Visit("consulent.lv", "trajectories:provider_trajectories", lambda s: [s.provider]),
    Visit("consulent.lv", "plans:plan_list", client),
    Visit("consulent.lv", "plans:plan_create", client),
    Visit("consulent.lv", "plans:plan_detail", lambda s: [s.plan]),
    Visit("consulent.lv", "plans:plan_print", lambda s: [s.plan]),
    Visit("consulent.lv", "plans:plan_finalise", lambda s: [s.plan]),
    Visit("consulent.lv", "plans:goal_create", lambda s: [s.plan]),
    Visit("consulent.lv", "plans:goal_trajectories", lambda s: [s.plan, s.goal]),
    Visit("consulent.lv", "plans:action_create", lambda s: [s.plan]),
    Visit("consulent.lv", "plans:action_done", lambda s: [s.plan, s.action]),
    Visit("consulent.lv", "documents:document_create", client),
    Visit("consulent.lv", "letters:letter_create", client),
    Visit("consulent.lv", "clients:client_timeline", client),
    Visit("consulent.lv", "clients:client_timeline", client, query=lambda s: "soort=notitie"),
    Visit("consulent.lv", "agenda:agenda_day"),
    Visit("consulent.lv", "agenda:agenda_week"),
    Visit("consulent.lv", "agenda:calendar_link"),
    Visit("teamleider", "handover:handover_create", query=lambda s: f"van={_consulent_lv()}"),
    Visit("teamleider", "handover:vervanging_create"),
    Visit("consulent.lv", "measures:maatregel_create", client),
    Visit("consulent.lv", "measures:maatregel_detail", lambda s: [_maatregel_lv()]),
    Visit("manager", "home"),
    Visit("manager", "categorisation:distribution"),
    Visit("manager", "trajectories:capacity"),
    Visit("manager", "deadlines:team", query=lambda s: f"gemeente={s.municipality}"),
    Visit(
        "teamleider",
        "deadlines:team_signals",
        query=lambda s: (
            f"gemeente={s.municipality}&consulent={_consulent_lv()}&soort=herbeoordeling"
        ),
    ),
    Visit("manager", "budgets:budgetyear_detail", lambda s: [2025]),
    Visit(
        "manager",
        "budgets:budgetyear_detail",
        lambda s: [2025],
        query=lambda s: "weergave=duizenden",
    ),
    Visit("manager", "budgets:budgetyear_realisation", lambda s: [2025]),
    Visit("teamleider", "clients:client_reassign", client),
    Visit(
        "teamleider",
        "categorisation:distribution_clients",
        query=lambda s: f"gemeente={s.municipality}&categorie=1B",
    ),
]

# URL name -> the test that checks it (on the way, often in an error state too).
IN_FLOWS: dict[str, str] = {
    "approvals:request_list": "test_a_teamleider_approves_a_unit_change",
    "approvals:request_decide": "test_a_teamleider_approves_a_unit_change",
    "login": "test_consulent_works_a_case_with_the_keyboard_alone",
    "clients:client_detail": "test_consulent_works_a_case_with_the_keyboard_alone",
    "categorisation:assessment_create": "test_consulent_works_a_case_with_the_keyboard_alone",
    "trajectories:trajectory_create": "test_consulent_works_a_case_with_the_keyboard_alone",
    "clients:benefitperiod_end": "test_consulent_works_a_case_with_the_keyboard_alone",
    "clients:client_create": "test_an_invalid_bsn_is_refused_in_the_page",
    "trajectories:trajectory_end": "test_a_trajectory_cannot_end_before_it_starts",
    "clients:import_upload": "test_caseload_import_pages",
    "clients:import_confirm": "test_caseload_import_pages",
    "clients:import_status": "test_a_large_import_shows_its_progress_until_the_worker_is_done",
    "deadlines:today": "test_consulent_works_a_case_with_the_keyboard_alone",
    "deadlines:signal_postpone": "test_a_consulent_puts_a_signal_off_and_comes_back_to_vandaag",
    "twofactor_setup": "test_beheerder_sets_up_and_uses_two_factor",
    "twofactor_verify": "test_beheerder_sets_up_and_uses_two_factor",
    "reporting:dashboard": "test_manager_reads_a_monthly_report_drills_down_and_downloads_it",
    "reporting:report_request": "test_manager_reads_a_monthly_report_drills_down_and_downloads_it",
    "reporting:report_detail": "test_manager_reads_a_monthly_report_drills_down_and_downloads_it",
    "reporting:report_clients": "test_manager_reads_a_monthly_report_drills_down_and_downloads_it",
    "agenda:appointment_create": "test_consulent_plans_an_appointment_and_follows_up_a_no_show",
    "agenda:appointment_detail": "test_consulent_plans_an_appointment_and_follows_up_a_no_show",
    "agenda:appointment_outcome": "test_consulent_plans_an_appointment_and_follows_up_a_no_show",
    "contacts:details_create": "test_consulent_records_contact_details_and_a_contact_person",
    "contacts:details_history": "test_consulent_records_contact_details_and_a_contact_person",
    "contacts:person_create": "test_consulent_records_contact_details_and_a_contact_person",
    "contacts:person_end": "test_consulent_records_contact_details_and_a_contact_person",
}

# URL names that are not pages: nothing for axe to check.
NOT_PAGES: dict[str, str] = {
    "health": "JSON for load balancers",
    "logout": "POST only, redirects to the login page",
    "trajectories:premium_record": "POST only, redirects to the trajectory",
    "categorisation:distribution_csv": "a CSV download",
    "budgets:budget_index": "redirects to the current year's budget",
    "clients:client_export": "a ZIP download (AVG art. 15)",
    "documents:document_download": "a file download (Content-Disposition: attachment)",
    "documents:document_delete": "POST only, redirects to the client file",
    "session_extend": "POST only, JSON for the session warning",
    "budgets:budgetyear_xlsx": "an XLSX download",
    "reporting:dashboard_index": "redirects to the first municipality's dashboard",
    "reporting:report_status": "JSON for the progress script",
    "reporting:report_csv": "a CSV download",
    "reporting:report_xlsx": "an XLSX download",
    "reporting:report_clients_csv": "a CSV download of a drill-down",
    "reporting:report_clients_xlsx": "an XLSX download of a drill-down",
    "agenda:agenda_download": "an iCalendar download",
    "agenda:feed": "an iCalendar feed for calendar apps (secret token, no page)",
}
