"""Shared fixtures: where the samples, dev sets and example corpus are."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.shared import REPO, shared_dir


@pytest.fixture(scope="session")
def shared() -> Path:
    """``../shared`` beside the repository; the suite needs it (CI puts it there)."""
    path = shared_dir()
    if not (path / "seeds").is_dir():
        pytest.fail(f"shared data not found at {path}: set PARALLAX_SHARED")
    return path


@pytest.fixture(scope="session")
def seeds(shared: Path) -> Path:
    return shared / "seeds"


@pytest.fixture(scope="session")
def example_corpus() -> Path:
    return REPO / "examples" / "corpus"
