"""Work run in a forked process, reporting back through a pipe.

A build generates its pages in a process of its own, so that the corpus (a gigabyte at
10,000 articles) never enters MkDocs's process; serving writes the data downloads in
one, so that Python work in a thread does not hold the interpreter lock a rebuild needs.
"""

from __future__ import annotations

import multiprocessing
import traceback
from collections.abc import Callable


def forked(work: Callable, name: str, daemon: bool):
    """(process, receiving end): ``work(report)`` run in a forked process (it shares the
    corpus without copying it); ``report(stage, result)`` sends to this process, and a
    failure arrives as ("failed", its traceback)."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(send, work), name=name, daemon=daemon)
    child.start()
    send.close()
    return child, receive


def _child(send, work) -> None:
    try:
        work(lambda stage, result: send.send((stage, result)))
    except BaseException:  # noqa: BLE001 - shown by the parent process
        send.send(("failed", traceback.format_exc()))
    finally:
        send.close()


def stop(process) -> None:
    """Stop a (process, receiving end) pair and close the pipe."""
    child, receive = process
    child.terminate()
    child.join()
    receive.close()


def result_unless(process, superseded: Callable[[], bool]):
    """The first report of a process, or None if ``superseded()`` turns true first (the
    process is stopped either way)."""
    child, receive = process
    try:
        while not receive.poll(0.1):
            if superseded() or not child.is_alive() and not receive.poll():
                return None
        return receive.recv()
    except EOFError:
        return None
    finally:
        stop(process)
