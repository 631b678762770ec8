"""factory-boy factories shared by all tests."""

from __future__ import annotations

import random
from datetime import date

import factory
from django.contrib.auth.models import Group

from clients.demo import random_bsn
from clients.models import BenefitPeriod, Client, EndReason
from organisations.models import Municipality, Organisation, User


def valid_bsn(seed: int) -> str:
    """A BSN that passes the elfproef, different for each seed (the demo's generator)."""
    return random_bsn(random.Random(seed), set())


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = "Werk en Inkomen Test"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("cbs_code",)

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Gemeente {n}")
    # Four digits, in 9000-9999 where no real CBS code lies; the sequence runs on over the whole
    # session (past 1,000 municipalities in the full suite), so it wraps within the range.
    cbs_code = factory.Sequence(lambda n: f"{9000 + n % 1000:04d}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Gebruiker {n}")
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set(Group.objects.filter(name__in=extracted))

    @factory.post_generation
    def scope(self, create, extracted, **kwargs):
        if create and extracted:
            self.municipalities.set(extracted)


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    organisation = factory.LazyAttribute(lambda o: o.municipality.organisation)
    municipality = factory.SubFactory(MunicipalityFactory)
    bsn = factory.Sequence(lambda n: valid_bsn(n))
    first_names = "Anna"
    last_name = factory.Sequence(lambda n: f"Jansen{n}")
    date_of_birth = date(1985, 5, 17)


class BenefitPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BenefitPeriod

    client = factory.SubFactory(ClientFactory)
    municipality = factory.LazyAttribute(lambda o: o.client.municipality)
    start = date(2024, 1, 1)
    end = None
    end_reason = None


def end_reason(code: str) -> EndReason:
    return EndReason.objects.get(code=code)
