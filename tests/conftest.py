"""Shared fixtures. The network is never touched: a guard makes any connection attempt fail."""

from __future__ import annotations

import socket

import pytest

import analyzer


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing may download at run time: fail loudly on any outgoing connection."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture(scope="session")
def nlp():
    """The shipped pipeline on the blank German base (loaded once per test session)."""
    return analyzer.load("blank")
