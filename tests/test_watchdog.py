"""The attempt's watchdog: one alarm thread per process cuts each watched socket at its deadline."""

from __future__ import annotations

import math
import os
import socket
import threading
import time
import weakref

import pytest

from lms_export_blueprint import watchdog as watchdog_module
from lms_export_blueprint.watchdog import Watchdog, cut_at

#: How long a test waits for what should happen at once: generous, for a busy machine.
PATIENCE = 10.0


@pytest.fixture
def pair():
    ours, theirs = socket.socketpair()
    yield ours, theirs
    ours.close()
    theirs.close()


def is_cut(sock: socket.socket) -> bool:
    """True once ``sock`` was shut down: a read on it ends at once with nothing."""
    sock.settimeout(PATIENCE)
    try:
        return sock.recv(1) == b""
    except TimeoutError:
        return False


def test_a_watched_socket_is_cut_at_the_deadline(pair):
    ours, _theirs = pair
    watchdog = Watchdog(0.05)
    watchdog.watch(ours)

    assert is_cut(ours)
    assert watchdog.fired


def test_a_sooner_deadline_is_not_held_up_by_a_later_one(pair):
    ours, _theirs = pair
    later = Watchdog(3600)  # the alarm thread now sleeps towards this one
    sooner = Watchdog(0.05)
    sooner.watch(ours)

    assert is_cut(ours)
    later.stop()


def test_a_stopped_watchdog_cuts_nothing(pair):
    ours, theirs = pair
    watchdog = Watchdog(0.05)
    watchdog.watch(ours)
    watchdog.stop()
    bell, other = socket.socketpair()  # due later: once it rings, ours was passed
    ringing = Watchdog(0.1)
    ringing.watch(bell)
    assert is_cut(bell)
    bell.close()
    other.close()

    theirs.sendall(b"x")
    ours.settimeout(PATIENCE)
    assert ours.recv(1) == b"x"
    assert not watchdog.fired


def test_many_attempts_share_one_alarm_thread():
    for _ in range(50):
        with cut_at(30):
            pass

    alarm_threads = [thread for thread in threading.enumerate()
                     if thread.name == "lms-watchdog"]
    assert len(alarm_threads) == 1


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_forked_worker_gets_its_own_alarm_thread(pair):
    """A gunicorn worker is a fork: the parent's alarm thread does not exist in it."""
    Watchdog(3600).stop()  # the parent's thread is running
    ours, _theirs = pair
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        watchdog = Watchdog(0.05)
        watchdog.watch(ours)
        os._exit(0 if is_cut(ours) else 1)
    _, status = os.waitpid(child, 0)

    assert os.waitstatus_to_exitcode(status) == 0


def test_a_stopped_watchdog_is_let_go_at_once():
    """Kept until its deadline (LMS_DEADLINE, a minute), every finished call's watchdog would
    pile up: thousands of long-lived objects that make each garbage collection longer."""
    watchdog = Watchdog(3600)
    left = weakref.ref(watchdog)
    watchdog.stop()
    del watchdog

    assert left() is None


def test_the_deadlines_of_stopped_watchdogs_do_not_pile_up():
    for _ in range(5000):
        Watchdog(3600).stop()

    assert len(watchdog_module._alarms._heap) < 1000


def test_finished_calls_do_not_wake_the_alarm_thread(monkeypatch):
    """Woken while a request holds the GIL, the thread queues for it, and each of the
    request's GIL releases then pays a thread switch (0.03 ms each, measured in a push). It
    sleeps towards the earliest deadline; a call that finishes leaves it nothing to do."""
    alarms = watchdog_module._alarms
    with cut_at(7200):  # later than any deadline an earlier test left
        pass
    waited = 0.0
    while alarms._sleeps_until == math.inf and waited < PATIENCE:  # until it sleeps
        time.sleep(0.01)
        waited += 0.01
    notified = []
    monkeypatch.setattr(alarms._wake, "notify", lambda n=1: notified.append(n))

    for _ in range(500):
        with cut_at(7200):
            pass

    assert notified == []
    # Stopped deadlines go as the next comes: the live ones and the last are left
    assert len(alarms._heap) <= len(alarms._due) + 1


def test_every_due_alarm_rings_while_other_calls_come_and_go():
    """Threads arm alarms of their own, far and near, and stop them or wait for the cut: the
    thread is woken only for a sooner deadline, so each near one must still be rung."""
    missed = []

    def calls(seed: int) -> None:
        for round_number in range(20):
            ours, theirs = socket.socketpair()
            if (seed + round_number) % 3:  # a call that ends well before its deadline
                Watchdog(3600 if round_number % 2 else 0.5).stop()
            else:  # a call that runs into it
                watchdog = Watchdog(0.01 * (1 + seed))
                watchdog.watch(ours)
                if not is_cut(ours):
                    missed.append((seed, round_number))
                watchdog.stop()
            ours.close()
            theirs.close()

    threads = [threading.Thread(target=calls, args=(seed,)) for seed in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert missed == []
