"""factory-boy factories shared by the suite. All data is fictional."""

import factory

from accounts.models import Centre, User
from accounts.roles import assign_role

TEST_PASSWORD = "test-pass-9f3k"


class CentreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Centre
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Centre fictif {n}")
    city = "Villefictive"
    region = "Auvergne-Rhône-Alpes"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Fictif{n}")
    centre = factory.SubFactory(CentreFactory)
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            assign_role(self, extracted)
        if create:
            self.save()
