"""Item 8: no BSN in URLs, page titles, logs or error reports."""

import logging
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.views.debug import ExceptionReporter

from clients.models import Client
from core.bsn import BsnSafeExceptionReporterFilter, find_bsns, mask_bsns
from tests.factories import ClientFactory, valid_bsn
from tests.run_log import RUN_LOG

pytestmark = pytest.mark.django_db


def test_find_bsns_finds_only_elfproef_numbers_standing_alone():
    bsn = valid_bsn(1)
    assert find_bsns(f"zoek {bsn} nu") == [bsn]
    assert find_bsns(f"id a{bsn}b en 1{bsn}") == []  # part of a hex id or a longer number
    assert find_bsns("123456789") == []  # fails the elfproef
    assert mask_bsns(f"bsn={bsn}") == "bsn=*********"


@pytest.fixture
def bsn_traffic(consulent_client, consulent, wassenaar, caplog):
    """Requests that handle BSNs: search, register, change, a refused BSN, an import."""
    person = ClientFactory(municipality=wassenaar, consulent=consulent)
    new_bsn, other_bsn = valid_bsn(90001), valid_bsn(90002)
    responses = []
    with caplog.at_level(logging.DEBUG):
        responses.append(consulent_client.post("/clienten/", {"q": person.bsn}, follow=True))
        responses.append(consulent_client.get("/clienten/", {"q": person.bsn}, follow=True))
        responses.append(
            consulent_client.post(
                "/clienten/nieuw/",
                {
                    "bsn": new_bsn,
                    "first_names": "Piet",
                    "last_name": "Nieuwkomer",
                    "date_of_birth": "01-01-1990",
                    "municipality": wassenaar.pk,
                    "household": "alleenstaand",
                    "language_level": "onbekend",
                    "taaleis_status": "niet_beoordeeld",
                    "benefit_start": "01-01-2025",
                },
                follow=True,
            )
        )
        responses.append(consulent_client.post("/clienten/nieuw/", {"bsn": "123456788"}))
        csv = f"bsn;voornamen;achternaam;geboortedatum\n{other_bsn};Jan;Import;01-01-1980\n"
        responses.append(
            consulent_client.post(
                "/clienten/import/",
                {"file": SimpleUploadedFile("caseload.csv", csv.encode())},
                follow=True,
            )
        )
        responses.append(consulent_client.get(f"/clienten/{person.pk}/"))
    return {"bsns": [person.bsn, new_bsn, other_bsn], "responses": responses, "caplog": caplog}


def test_bsn_handling_requests_log_no_bsn(bsn_traffic):
    assert Client.objects.filter(bsn=bsn_traffic["bsns"][1]).exists()  # the register worked
    logged = "\n".join(
        record.getMessage() + (str(record.exc_info) if record.exc_info else "")
        for record in bsn_traffic["caplog"].records
    )
    for bsn in bsn_traffic["bsns"]:
        assert bsn not in logged


def test_no_bsn_in_urls_or_titles(bsn_traffic):
    for response in bsn_traffic["responses"]:
        for url, _status in getattr(response, "redirect_chain", []):
            assert not find_bsns(url), url
        assert not find_bsns(response.request["PATH_INFO"] + response.request["QUERY_STRING"])
        html = response.content.decode()
        title = re.search(r"<title>(.*?)</title>", html, re.DOTALL)
        assert title is not None
        assert not find_bsns(title.group(1)), title.group(1)


def test_the_caseload_search_keeps_the_bsn_out_of_links(consulent_client, consulent, wassenaar):
    person = ClientFactory(municipality=wassenaar, consulent=consulent)
    response = consulent_client.post("/clienten/", {"q": person.bsn})
    assert response.status_code == 302
    assert person.bsn not in response["Location"]
    page = consulent_client.get(response["Location"])
    html = page.content.decode()
    assert f"/clienten/{person.pk}/" in html  # found
    for href in re.findall(r'href="([^"]*)"', html):
        assert person.bsn not in href


def test_error_reports_mask_bsns():
    bsn = valid_bsn(7)
    request = RequestFactory().post("/clienten/nieuw/", {"bsn": bsn, "q": f"zoek {bsn}"})
    try:
        data = {"bsn": bsn}
        raise ValueError("kapot")
    except ValueError as error:
        reporter = ExceptionReporter(request, type(error), error, error.__traceback__)
        reporter.filter = BsnSafeExceptionReporterFilter()
        text = reporter.get_traceback_text()
    assert data
    assert bsn not in text


def test_a_bsn_that_slips_into_a_log_message_is_masked(caplog):
    from core.bsn import BsnLogFilter

    bsn = valid_bsn(8)
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "gezocht op %s", (bsn,), None)
    BsnLogFilter().filter(record)
    assert bsn not in record.getMessage()


@pytest.mark.scans_run_log
def test_nothing_this_test_run_logged_contains_a_bsn():
    """Runs after every other test (conftest.py): whatever the whole run logged, at any level
    and from any logger, holds no nine-digit number that passes the elfproef."""
    assert RUN_LOG in logging.getLogger().handlers  # still listening after Django's LOGGING
    logging.getLogger("opstap.check").warning("the run log listens")
    assert RUN_LOG.lines[-1].endswith("the run log listens")
    found = [line for line in RUN_LOG.lines if find_bsns(line)]
    assert not found, "\n".join(found[:20])
