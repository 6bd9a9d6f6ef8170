"""Factories for boards' sessions. Every name is fictional."""

import datetime as dt

import factory
from django.utils import timezone

from board_sessions.models import AgendaItem, BoardSession, Participant
from boards.models import Board
from boards.specialties import Specialty
from tests.factories import CentreFactory


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Board
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"RCP fictive {n}")
    region = "Auvergne-Rhône-Alpes"
    level = Board.Level.REGIONAL
    institution = "Hôpital fictif"
    email = "rcp-fictive@example.org"
    secretariat_phone = "04 72 00 00 00"
    required_specialties = factory.LazyFunction(
        lambda: [Specialty.THORACIC_SURGERY.value, Specialty.PATHOLOGY.value]
    )


class BoardSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoardSession

    board = factory.SubFactory(BoardFactory)
    organiser_centre = factory.SubFactory(CentreFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=10))
    place = "Salle de staff fictive, bâtiment B"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    session = factory.SubFactory(BoardSessionFactory)
    position = factory.Sequence(lambda n: n + 1)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    session = factory.SubFactory(BoardSessionFactory)
    name = factory.Sequence(lambda n: f"Dr Participant-Fictif {n}")
    specialty = Specialty.PULMONOLOGY
    is_physician = True
