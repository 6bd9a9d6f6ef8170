import pytest

from tests.cases.factories import metastatic_case


@pytest.fixture
def case(centre):
    return metastatic_case(centre=centre)
