# The decisions app's fixtures: a held session with a cross-centre coordinator.
from tests.decisions.conftest import coordinator, held  # noqa: F401
