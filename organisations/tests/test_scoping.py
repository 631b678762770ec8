import pytest

from clients.models import Client
from organisations.models import Municipality
from tests.factories import ClientFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_wassenaar_user_sees_no_voorschoten_rows(consulent, wassenaar, voorschoten):
    mine = ClientFactory(municipality=wassenaar)
    ClientFactory(municipality=voorschoten)

    assert list(Client.objects.for_user(consulent)) == [mine]
    assert list(Municipality.objects.for_user(consulent)) == [wassenaar]


def test_user_without_municipalities_sees_nothing(organisation, wassenaar):
    ClientFactory(municipality=wassenaar)
    nobody = UserFactory(organisation=organisation)

    assert Client.objects.for_user(nobody).count() == 0
    assert Municipality.objects.for_user(nobody).count() == 0


def test_anonymous_user_sees_nothing(wassenaar):
    from django.contrib.auth.models import AnonymousUser

    ClientFactory(municipality=wassenaar)
    assert Client.objects.for_user(AnonymousUser()).count() == 0


def test_municipality_of_another_organisation_is_never_in_scope(consulent, wassenaar):
    other = OrganisationFactory(name="ISD Bollenstreek")
    foreign = Municipality.objects.create(organisation=other, name="Lisse", cbs_code="0553")
    consulent.municipalities.add(foreign)  # a mistake in the admin must not open Lisse
    ClientFactory(municipality=foreign, organisation=other)

    assert list(Municipality.objects.for_user(consulent)) == [wassenaar]
    assert Client.objects.for_user(consulent).count() == 0


def test_scoping_adds_no_query_of_its_own(consulent, wassenaar, django_assert_num_queries):
    ClientFactory.create_batch(3, municipality=wassenaar)
    with django_assert_num_queries(1):
        assert len(list(Client.objects.for_user(consulent))) == 3
