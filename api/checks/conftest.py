"""Shared fixtures of the api/ checks."""

import pytest

from spec import Spec


@pytest.fixture(scope="session")
def spec() -> Spec:
    return Spec()
