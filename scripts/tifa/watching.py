"""Watching files while serving: a snapshot of the files whose change needs a whole
rebuild, and the system's file events for annotations/ (watchdog's native observer:
inotify on Linux). No MkDocs here."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

from watchdog.events import (
    EVENT_TYPE_CLOSED,
    EVENT_TYPE_CREATED,
    EVENT_TYPE_DELETED,
    EVENT_TYPE_MODIFIED,
    EVENT_TYPE_MOVED,
    FileSystemEventHandler,
)
from watchdog.observers import Observer

log = logging.getLogger("mkdocs.hooks.tifa")

# What changes a file: not the opening and closing for reading that every rebuild's check
# does, which inotify reports too (a rebuild would set off the next).
CHANGES = {EVENT_TYPE_CREATED, EVENT_TYPE_MODIFIED, EVENT_TYPE_DELETED, EVENT_TYPE_MOVED, EVENT_TYPE_CLOSED}


def snapshot(places, skip: Path) -> tuple:
    """Every file under ``places`` (files or folders) but ``skip``, with its modification
    time and size: comparing two snapshots says whether anything there changed."""
    skip = skip.resolve()
    seen = []
    for place in map(Path, places):
        if place.resolve() == skip:
            continue
        if place.is_file():
            stat = place.stat()
            seen.append((str(place), stat.st_mtime_ns, stat.st_size))
        for folder, folders, names in os.walk(place):
            folders[:] = [f for f in folders if f != "__pycache__"]  # written by Python itself, on a first import
            for name in names:
                try:
                    stat = os.stat(os.path.join(folder, name))
                except OSError:
                    continue
                seen.append((os.path.join(folder, name), stat.st_mtime_ns, stat.st_size))
    return tuple(sorted(seen))


def on_change(folder: str, changed: Callable[[], None]):
    """Call ``changed()`` at once whenever a file under ``folder`` changes; the observer
    (stop and join it when done), or None where the system gives no file events."""

    def seen(event) -> None:
        if not event.is_directory and event.event_type in CHANGES:
            changed()

    handler = FileSystemEventHandler()
    handler.on_any_event = seen
    observer = Observer()
    try:
        observer.schedule(handler, folder, recursive=True)
        observer.start()
    except OSError as err:
        log.info(f"{folder} is polled every half second: no file events ({err})")
        return None
    return observer
