"""Secrets at rest: sealed with SECRET_KEY, unreadable and unforgeable without it."""

from __future__ import annotations

import pytest

from lms_export_blueprint.sealing import Sealer, SealError

TOKEN = "canvas-access-token-0123456789"


def test_a_sealed_secret_reads_back_and_does_not_contain_it():
    sealer = Sealer("app-secret")

    sealed = sealer.seal(TOKEN)

    assert TOKEN not in sealed
    assert sealer.unseal(sealed) == TOKEN


def test_another_secret_key_cannot_unseal():
    sealed = Sealer("app-secret").seal(TOKEN)

    with pytest.raises(SealError):
        Sealer("another-secret").unseal(sealed)


def test_a_tampered_seal_is_refused():
    sealed = Sealer("app-secret").seal(TOKEN)
    tampered = sealed[:-6] + ("A" if sealed[-6] != "A" else "B") + sealed[-5:]

    with pytest.raises(SealError):
        Sealer("app-secret").unseal(tampered)


def test_a_seal_older_than_max_age_is_refused(monkeypatch):
    sealer = Sealer("app-secret")
    sealed = sealer.seal(TOKEN)
    import time

    later = time.time() + 120
    monkeypatch.setattr(time, "time", lambda: later)

    with pytest.raises(SealError):
        sealer.unseal(sealed, max_age=60)


def test_no_secret_key_is_refused_with_what_to_set():
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        Sealer(None)


def test_the_repr_shows_no_key():
    assert "app-secret" not in repr(Sealer("app-secret"))
