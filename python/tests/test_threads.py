"""The GIL is released while the engine works: another Python thread runs meanwhile, and
two threads analyse in parallel. Times are printed (pytest -s shows them), never asserted."""

from __future__ import annotations

import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from conftest import ROOT


def larger_input():
    """About 1.5 MB: the examples' and fixtures' plain transcripts, many times over, as
    separate sessions."""
    base = [(ROOT / p).read_text() for p in
            ("examples/couple-session.txt", "tests/fixtures/six-turn/session.txt")]
    return [base[i % 2] * 8 for i in range(400)]


def test_another_thread_runs_while_the_engine_works(engine):
    """Deterministic, not timed: with a switch interval of 100 s, the interpreter never
    takes the GIL from a thread that holds it, so the main thread can only run while the
    worker is inside analyze_many if analyze_many released the GIL."""
    texts = larger_input()
    about_to_call = threading.Event()
    state = {"done": False}

    def work():
        about_to_call.set()
        engine.analyze_many(texts, threads=1)
        state["done"] = True

    old = sys.getswitchinterval()
    sys.setswitchinterval(100.0)
    try:
        worker = threading.Thread(target=work)
        worker.start()
        about_to_call.wait()
        # Here only once the worker lets go of the GIL: inside the call if it releases it,
        # else when it has finished.
        ran_during_call = not state["done"]
        worker.join()
    finally:
        sys.setswitchinterval(old)
    assert ran_during_call, "the main thread could not run while analyze_many worked"
    assert state["done"]


def test_two_threads_against_one(engine, capsys):
    """One Python thread analysing every session, against two threads with half each;
    each call on a one-worker pool of its own (threads=1), so any gain is the GIL's
    release. The JSON text (analyze_many_json) is the engine's work alone; documents
    (analyze_many) add json.loads, which holds the GIL."""
    texts = larger_input()
    half = len(texts) // 2
    mb = sum(len(t.encode()) for t in texts) / 1e6
    engine.analyze_many_json(texts[:20], threads=1)  # warm up

    def timed(method):
        call = getattr(engine, method)
        t0 = time.perf_counter()
        one = call(texts, threads=1)
        t_one = time.perf_counter() - t0
        t0 = time.perf_counter()
        with ThreadPoolExecutor(2) as pool:
            parts = list(pool.map(lambda part: call(part, threads=1), [texts[:half], texts[half:]]))
        t_two = time.perf_counter() - t0
        assert parts[0] + parts[1] == one
        return f"{method}: one thread {t_one:.2f} s, two {t_two:.2f} s ({t_one / t_two:.2f}x)"

    report = [timed("analyze_many_json"), timed("analyze_many")]
    with capsys.disabled():  # shown in every run, never asserted
        print(f"\n{len(texts)} sessions, {mb:.1f} MB, load average "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores: " + "; ".join(report))
