"""The caseload import writes clients with COPY; the database fills their search column, so an
imported client is found by any spelling at once (issue 20)."""

# ruff: noqa: F811 (the fixtures of importing.py, imported by name)

from __future__ import annotations

import pytest

from clients.models import Client
from clients.tests.importing import (  # noqa: F401 (fixtures)
    consulent,
    csv_file,
    import_dir,
    line,
    new_bsn,
    organisation,
    run,
    wassenaar,
)

pytestmark = pytest.mark.django_db


def test_an_imported_client_is_found_by_any_spelling(consulent):
    bsn = new_bsn()
    data = csv_file(
        [line(bsn, voornamen="Ayşe", tussenvoegsel="van der", achternaam="Öztürk-Yılmaz")]
    )
    assert run(consulent, data).imported
    imported = Client.objects.get(bsn=bsn)
    for term in ("ozturk yilmaz", "Yilmaz", "A. van der Ozturk", "ayse"):
        assert list(Client.objects.search(term)) == [imported], term


def test_a_name_changed_by_the_import_is_found_by_its_new_spelling(consulent):
    bsn = new_bsn()
    assert run(consulent, csv_file([line(bsn, achternaam="Jansen")])).imported
    assert run(consulent, csv_file([line(bsn, achternaam="Çelik")])).imported
    assert [c.bsn for c in Client.objects.search("celik")] == [bsn]
    assert list(Client.objects.search("Jansen")) == []
