import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The suite creates many users; a real password hash per user only slows it down.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
