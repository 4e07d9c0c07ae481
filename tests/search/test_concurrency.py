"""Several processes (two gunicorn workers and a task worker) write to the index at once:
Whoosh allows one writer, so each waits for the lock and retries — no update is lost."""

import multiprocessing

from content.models import Department

PROCESSES = 3
PER_PROCESS = 30


def _writer(worker, start_event):
    # In a forked child: index in-memory objects only (no database use), one commit each.
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    start_event.wait()
    for i in range(PER_PROCESS):
        n = worker * 1000 + i
        backend.add(Department(pk=n + 1, name=f"并发部门{worker}号{i}", slug=f"w{n}", description=f"token{n} 并发写入"))


def test_three_processes_writing_at_once_lose_nothing(backend):
    backend.store.current()  # create the index before forking
    ctx = multiprocessing.get_context("fork")
    start = ctx.Event()
    procs = [ctx.Process(target=_writer, args=(w, start)) for w in range(PROCESSES)]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0] * PROCESSES  # nobody crashed on LockError

    # The rows the documents stand for (bulk_create: no signals, so only the children indexed)
    Department.objects.bulk_create(
        Department(pk=w * 1000 + i + 1, name=f"并发部门{w}号{i}", slug=f"w{w * 1000 + i}")
        for w in range(PROCESSES) for i in range(PER_PROCESS)
    )
    assert backend.search("并发", Department).count() == PROCESSES * PER_PROCESS
    for w in range(PROCESSES):
        for i in range(PER_PROCESS):
            n = w * 1000 + i
            assert [d.pk for d in backend.search(f"token{n}", Department)] == [n + 1]
