"""`make loadtest` in small: 5 simulated learners on the series' hub drag notebook 3's explorer at once for a few
seconds. Correctness only, no timing: every learner's changes came back as pictures, the last one too, with no
error and no kernel lost, and no process the hub started is left running."""

import pytest

from tools import loadtest
from tools.hub import PROXY, running_hub


@pytest.mark.skipif(not PROXY.exists(), reason="the hub's proxy is missing: `make test` installs it into .hub/")
def test_five_learners_drag_at_once_and_every_change_is_drawn():
    import asyncio
    import concurrent.futures

    async def inside_a_running_loop():  # as after the browser tests, whose Playwright keeps a loop running
        return five_learners()
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:  # a thread of its own, free to run a loop
        records, result, started = pool.submit(asyncio.run, inside_a_running_loop()).result()
    assert [r.errors for r in records] == [[]] * 5 and result["lost"] == 0
    assert all(r.last_pictured and len(r.times) >= 3 for r in records), [(r.name, len(r.times)) for r in records]
    assert [p.pid for p in started if p.is_running() and p.status() != "zombie"] == []


def five_learners():
    with running_hub() as hub:
        result = loadtest.run(5, "worst", notebook=3, seconds=4, hub=hub)
        started = hub.processes()
        assert sum("jupyterhub-singleuser" in " ".join(p.cmdline()) for p in started) == 5
    return result["records"], result, started
