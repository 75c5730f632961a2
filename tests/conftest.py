"""Shared fixtures: Settings on a temporary SQLite file, and one nlp per test session."""
from __future__ import annotations

import os

import pytest
from hypothesis import settings as hypothesis_settings

from monitor.settings import Settings

# CI replays the same generated examples every run (a red CI must mean a regression, not a new draw);
# locally every run draws new ones, which is how the fuzz tests find new bugs.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(database_url=f"sqlite:///{tmp_path / 'test.db'}", allowed_hosts=["127.0.0.1", "localhost"],
                    per_host_delay=0.0, retry_backoff=0.01, retry_backoff_max=0.5, feeds_file=tmp_path / "feeds.yaml")


@pytest.fixture(scope="session")
def nlp():
    """The shipped pipeline, loaded once per test process."""
    from monitor.nlp.pipeline import load_pipeline

    return load_pipeline(Settings())
