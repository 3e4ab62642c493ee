"""`make loadtest`: simulated learners on the series' hub (tools/hub.py), each dragging an explorer's learning rate.

Each simulated learner is a user of the hub with a server and a kernel of their own. Through the proxy, over the
kernel's websocket, it builds notebook 3's or 4's explorer and moves the learning-rate slider as the page does: a
widget "update" message per change, with ipywidgets' rule of one message in flight (the next change waits until
the kernel is idle again). A change's time is from sending it to the last new picture the kernel sends back.

Two patterns: "class" (each learner drags for about a second, then reads for 3-6 seconds) and "worst" (all drag all
the time). Everything runs on 127.0.0.1, bounded in learners and seconds; the hub and every process it started end
afterwards, by process id. One line per run:

    loadtest <pattern> learners=<N> p50=<ms> p95=<ms> errors=<k> lost=<k> mb_per_learner=<MB> ...

p50 and p95 there are the Chromium learner's, key to picture; sim_p50 and sim_p95 the simulated learners',
change to picture in the kernel's reply; drag_fps the pictures a simulated learner saw per second of dragging;
server_ms and kernel_ms the processor time of all servers and all kernels per simulated change, counted from the
moment every explorer is built; chromium_ms_per_press the processor time all of the Chromium learner's
processes spent per key press. The hub and all it starts run at ``--hub-nice`` (default 10), below this program's
simulated learners; Chromium, which Playwright starts in a session of its own, shares the processor equally
with the hub's session where Linux's autogroup scheduling is on, whatever the nice values.
"""

import argparse
import asyncio
import concurrent.futures
import json
import random
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools.hub import running_hub  # noqa: E402
from tornado.httpclient import HTTPClientError  # noqa: E402

SETUP = """import helpers
_data = helpers.make_data()
explorer = helpers.TrainingExplorer(_data.X, _data.Y, with_bias={with_bias})
"""
MAX_LEARNERS = 40  # the load test's bound, whatever it is asked
MAX_SECONDS = 120
SETUP_TIMEOUT = 180  # seconds for a learner's kernel to build the explorer (each change has 60)
HUB_NICE = 10  # the hub and all it starts run at this priority; the simulated learners at 0 (Chromium: see above)


@dataclass
class Learner:
    """One simulated learner's record: change-to-picture times (s), errors seen, whether the kernel was lost,
    and whether the last change produced its picture."""
    name: str
    times: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    lost: bool = False
    last_pictured: bool = False
    bytes_per_change: list = field(default_factory=list)
    traffic: list = field(default_factory=list)  # (time received, bytes) of each change's reply
    dragging: float = 0.0  # seconds spent dragging


def _message(msg_type, content, channel="shell", session=""):
    return {"header": {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "username": "loadtest", "session": session,
                       "date": "", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "content": content, "channel": channel, "buffers": []}


PROTOCOL = "v1.kernel.websocket.jupyter.org"  # what JupyterLab 4 asks for: the server relays frames unparsed


def _encode(msg):
    """A message as a v1 websocket frame: offsets, the channel, then header, parent, metadata, content."""
    from jupyter_server.services.kernels.connection.base import serialize_msg_to_ws_v1

    parts = [json.dumps(msg[k]).encode() for k in ("header", "parent_header", "metadata", "content")]
    return serialize_msg_to_ws_v1(parts, msg["channel"])


def _decode(frame):
    """A v1 websocket frame from the server as a message (header, parent header, content, buffers)."""
    from jupyter_server.services.kernels.connection.base import deserialize_msg_from_ws_v1

    channel, parts = deserialize_msg_from_ws_v1(frame)
    msg = {k: json.loads(part) for k, part in zip(("header", "parent_header", "metadata", "content"), parts)}
    return {**msg, "channel": channel, "buffers": parts[4:]}, len(frame)


class KernelSocket:
    """A kernel's websocket through the hub's proxy, in the protocol JupyterLab speaks: send a message, read the
    next one."""

    def __init__(self, connection):
        self.connection = connection
        self.session = uuid.uuid4().hex

    @classmethod
    async def open(cls, url, token):
        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect

        request = HTTPRequest(url, headers={"Authorization": f"token {token}"}, connect_timeout=120,
                              request_timeout=120)  # the hub takes no token in a URL
        connection = await websocket_connect(request, max_message_size=64 * 1024 * 1024, subprotocols=[PROTOCOL])
        if connection.selected_subprotocol != PROTOCOL:
            connection.close()
            raise ConnectionError(f"the server did not accept the {PROTOCOL} protocol JupyterLab uses")
        return cls(connection)

    def send(self, msg_type, content):
        msg = _message(msg_type, content, session=self.session)
        self.connection.write_message(_encode(msg), binary=True)
        return msg["header"]["msg_id"]

    async def read(self, timeout):
        frame = await asyncio.wait_for(self.connection.read_message(), timeout)
        if frame is None:
            raise ConnectionError("the kernel's websocket closed")
        return _decode(frame)

    def close(self):
        self.connection.close()


def _api(url, token, method="GET", body=None, timeout=60):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=timeout) as r:
        text = r.read()
    return json.loads(text) if text else None


def start_learner(hub, name):
    """Create the user, start their server, and return (the server's base URL, a token of theirs)."""
    try:
        hub.api("POST", f"/users/{name}")
    except urllib.error.HTTPError as exc:
        if exc.code != 409:  # 409: the user exists already
            raise
    try:
        hub.api("POST", f"/users/{name}/server")
    except urllib.error.HTTPError as exc:
        if exc.code != 400:  # 400: already running
            raise
    deadline = time.monotonic() + 90
    while not hub.api("GET", f"/users/{name}").get("servers", {}).get("", {}).get("ready"):
        if time.monotonic() > deadline:
            raise RuntimeError(f"{name}'s server did not start:\n{hub.log_tail()}")
        time.sleep(0.5)
    token = hub.api("POST", f"/users/{name}/tokens", {"expires_in": 3600, "note": "loadtest"})["token"]
    return f"{hub.url}/user/{name}", token


async def _until_idle(socket, parent, learner, images, timeout=60):
    """Read messages until the kernel is idle after ``parent``; returns (time of the last new picture or None,
    bytes received)."""
    last_picture, received = None, 0
    while True:
        msg, size = await socket.read(timeout)
        received += size
        kind = msg["header"]["msg_type"]
        if kind == "comm_open" and msg["content"].get("target_name") == "jupyter.widget":
            state = msg["content"]["data"]["state"]
            images.setdefault("models", {})[msg["content"]["comm_id"]] = state
        if msg.get("parent_header", {}).get("msg_id") != parent:
            continue
        if kind == "error":
            learner.errors.append("\n".join(msg["content"].get("traceback", []))[-500:])
        elif kind == "comm_msg" and msg["content"]["comm_id"] in images.get("pictures", ()):
            data = msg["content"]["data"]
            if data.get("method") == "update" and "value" in data.get("state", {}) or msg.get("buffers"):
                last_picture = time.perf_counter()
        elif kind == "status" and msg["content"]["execution_state"] == "idle":
            return last_picture, received


async def simulate(base, token, learner, with_bias, pattern, seconds, rng, built=None, opening=None):
    """One learner: a kernel on their server, the explorer built, then drags of its learning rate. ``built``, if
    given, is awaited between the two: the class starts dragging together, once every explorer is built.
    ``opening`` (a semaphore) bounds how many learners open their notebook at once, as a class does over a minute."""
    opening = opening or asyncio.Semaphore(1)
    await opening.acquire()
    socket = None
    try:
        kernel = await asyncio.to_thread(_api, f"{base}/api/kernels", token, "POST", {"name": "python3"})
        ws = base.replace("http://", "ws://") + f"/api/kernels/{kernel['id']}/channels"
        socket = await KernelSocket.open(ws, token)
    except (OSError, HTTPClientError, asyncio.TimeoutError) as exc:
        opening.release()
        learner.lost = True
        learner.errors.append(f"no kernel: {type(exc).__name__}: {exc}")
        return
    images = {}
    phase = "building the explorer"  # named in an error, with the change it happened at
    try:
        parent = socket.send("execute_request", {"code": SETUP.format(with_bias=with_bias), "silent": False,
                                                 "store_history": False, "user_expressions": {},
                                                 "allow_stdin": False, "stop_on_error": True})
        # a kernel that imports torch while the others start too can take a while on a busy machine
        await _until_idle(socket, parent, learner, images, timeout=SETUP_TIMEOUT)
        models = images.get("models", {})
        sliders = [c for c, s in models.items() if s.get("description") == "learning rate"]
        # the top pictures, what a change redraws (each panel's backdrop beneath it changes only with the axes)
        images["pictures"] = {c for c, s in models.items() if s.get("_model_name") == "ImageModel"
                              and "explorer-panel" in s.get("_dom_classes", ())}
        opening.release()
        opening = None
        if len(sliders) != 1 or len(images["pictures"]) != 3:
            learner.errors.append(f"explorer not built: {len(sliders)} learning-rate sliders, "
                                  f"{len(images['pictures'])} pictures")
            return
        slider = sliders[0]
        if built is not None:
            await built()
        end = time.monotonic() + seconds
        exponent = -1.0  # the slider is a log slider: lr = 10 ** exponent
        while time.monotonic() < end:
            drag_until = time.monotonic() + (rng.uniform(0.8, 1.2) if pattern == "class" else seconds)
            direction = rng.choice((-1, 1))
            drag_began = time.monotonic()
            while time.monotonic() < min(drag_until, end):
                if not -2.5 <= exponent + direction * 0.01 <= -0.5:  # the hand turns at the ends of its range:
                    direction = -direction  # the same value again would change nothing, and draw nothing
                exponent += direction * 0.01
                phase = f"dragging, change {len(learner.times) + 1}"
                sent = time.perf_counter()
                parent = socket.send("comm_msg", {"comm_id": slider, "data": {
                    "method": "update", "state": {"value": 10 ** exponent}, "buffer_paths": []}})
                pictured, received = await _until_idle(socket, parent, learner, images)
                learner.last_pictured = pictured is not None
                if pictured is not None:
                    learner.times.append(pictured - sent)
                    learner.bytes_per_change.append(received)
                    learner.traffic.append((pictured, received))
                await asyncio.sleep(1 / 30)  # a hand moves the handle about 30 times a second
            learner.dragging += time.monotonic() - drag_began
            if pattern == "class":
                await asyncio.sleep(min(rng.uniform(3.0, 6.0), max(0.0, end - time.monotonic())))
    except (ConnectionError, HTTPClientError, asyncio.TimeoutError) as exc:
        learner.lost = True
        learner.errors.append(f"{phase}: {type(exc).__name__}: {exc}")
    finally:
        if opening is not None:  # the setup failed before it let the next learner open their notebook
            opening.release()
        socket.close()


def percentile(values, q):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))]


def memory_per_learner(hub):
    """Proportional set size (MB) of each learner's server and its kernels, from the hub's process tree."""
    per_server = []
    for p in hub.processes():
        try:
            if "jupyterhub-singleuser" in " ".join(p.cmdline()):
                family = [p] + p.children(recursive=True)
                per_server.append(sum(q.memory_full_info().pss for q in family) / 2 ** 20)
        except Exception:  # a process that ended while being read counts for nothing
            continue
    return statistics.mean(per_server) if per_server else float("nan")


async def run_learners(hub, learners, notebook, pattern, seconds, seed, begin=None):
    """Start every learner's server, then every learner's kernel and explorer; once all are built (or have failed),
    the class starts dragging together, and ``begin`` tells the Chromium learner to start measuring."""
    rng = random.Random(seed)
    bases = await asyncio.gather(*(asyncio.to_thread(start_learner, hub, learner.name) for learner in learners))
    waiting, everyone = [len(learners)], asyncio.Event()
    opening = asyncio.Semaphore(4)  # four learners open their notebook at a time

    def one_less():
        waiting[0] -= 1
        if waiting[0] == 0:
            if begin is not None:
                begin.set()
            everyone.set()

    async def one(base, token, learner, learner_rng):
        counted = []

        async def built():
            counted.append(True)
            one_less()
            await everyone.wait()
        try:
            await simulate(base, token, learner, notebook == 4, pattern, seconds, learner_rng, built, opening)
        finally:
            if not counted:  # its setup failed: the others do not wait for it
                one_less()

    await asyncio.gather(*(one(base, token, learner, random.Random(rng.random()))
                           for (base, token), learner in zip(bases, learners)))


class ChromiumLearner(threading.Thread):
    """A real learner in Debian's Chromium: logs in through the hub, runs the notebook, then presses the arrow keys
    on the learning-rate slider every ``PRESS_EVERY`` seconds until told to stop; key-to-picture times in ms
    (measured in the page: from the keydown to every changed picture decoded, as `make bench` measures)."""

    PRESS_EVERY = 0.4

    def __init__(self, hub, notebook):
        super().__init__(daemon=True)
        self.hub, self.notebook = hub, notebook
        self.ready, self.begin, self.stop = threading.Event(), threading.Event(), threading.Event()
        self.times, self.error = [], None
        self.cpu_per_press = float("nan")  # ms of processor time all of Chromium's processes spent per key press

    def run(self):
        try:
            self._run()
        except Exception as exc:  # reported with the figures, never hidden
            self.error = f"{type(exc).__name__}: {exc}"
        finally:
            self.ready.set()

    def _run(self):
        from tools.bench_browser import MEASURE, chromium_cpu
        from tools.browser import jlab
        from tools.browser.labserver import chromium

        name = {3: "03_training_one_parameter.ipynb", 4: "04_training_two_parameters.ipynb"}[self.notebook]
        with chromium() as browser:
            page = browser.new_context(viewport={"width": 1400, "height": 1500}).new_page()
            page.set_default_timeout(120_000)
            page.goto(f"{self.hub.url}/hub/login")
            page.fill("input[name=username]", "chromium")
            page.fill("input[name=password]", self.hub.password)
            page.click("input[type=submit], button[type=submit]")
            page.wait_for_url("**/user/chromium/lab/**")
            jlab.open_notebook(page, self.hub.lab_of("chromium"), name)
            jlab.run_all(page, timeout=180_000)
            explorer = jlab.Explorer(page)
            explorer.root.evaluate(MEASURE)
            handle = explorer.slider("learning rate").locator(".noUi-handle")
            self.ready.set()
            key, counting, presses, cpu_begin = "ArrowRight", False, 0, 0.0
            while not self.stop.is_set():
                if self.begin.is_set() and not counting:  # the simulated learners drag from now on: count from here
                    page.evaluate("window.__latency.length = 0")
                    counting, cpu_begin = True, chromium_cpu()
                presses += counting
                handle.focus()
                page.keyboard.press(key)
                key = "ArrowLeft" if key == "ArrowRight" else "ArrowRight"
                time.sleep(self.PRESS_EVERY)
            time.sleep(1.0)  # the last picture arrives
            self.times = page.evaluate("window.__latency")
            if presses:
                self.cpu_per_press = (chromium_cpu() - cpu_begin) / presses * 1000


def run(count, pattern="class", notebook=3, seconds=30, seed=0, hub=None, with_chromium=False, hub_nice=0):
    """Run ``count`` simulated learners for ``seconds`` on a hub (started here unless given, at priority
    ``hub_nice``), and with ``with_chromium`` one learner in Chromium meanwhile; returns a dict of the figures and
    the learners' records."""
    count, seconds = min(count, MAX_LEARNERS), min(seconds, MAX_SECONDS)
    learners = [Learner(f"learner{k:02d}") for k in range(count)]
    browser = None

    def go(h):
        nonlocal browser
        if with_chromium:
            browser = ChromiumLearner(h, notebook)
            browser.start()
            browser.ready.wait(timeout=300)
        begin, at_begin = (browser.begin if browser is not None else threading.Event()), {}

        def note_begin():  # the CPU counted is the dragging's: from once every explorer is built
            if begin.wait(timeout=seconds + 120 + 10 * count):
                at_begin.update(_cpu(h), time=time.monotonic())
        threading.Thread(target=note_begin, daemon=True).start()

        def learners_run():  # in a thread of its own: a caller may already run an event loop (Playwright's does)
            asyncio.run(asyncio.wait_for(run_learners(h, learners, notebook, pattern, seconds, seed, begin),
                                         timeout=seconds + 120 + 10 * count))  # the servers start first

        try:
            with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
                pool.submit(learners_run).result()
        finally:
            if browser is not None:
                browser.stop.set()
                browser.join(timeout=60)
        memory = memory_per_learner(h)
        if not at_begin:  # the class never started dragging
            return memory, {}
        elapsed, now = time.monotonic() - at_begin["time"], _cpu(h)
        cpu = {k: (v - at_begin.get(k, 0.0)) / elapsed * 100 for k, v in now.items()}
        cpu["seconds"] = {k: v - at_begin.get(k, 0.0) for k, v in now.items()}
        return memory, cpu

    if hub is None:
        with running_hub(nice=hub_nice) as h:
            memory, cpu = go(h)
    else:
        memory, cpu = go(hub)
    times = [t * 1000 for learner in learners for t in learner.times]
    keys = browser.times if browser is not None else []
    sizes = [b for learner in learners for b in learner.bytes_per_change]
    return {"pattern": pattern, "learners": count, "p50": percentile(keys, 50), "p95": percentile(keys, 95),
            "hub_nice": hub_nice, "client_cpu": cpu.get("client", 0.0),
            "drag_fps": statistics.median([len(x.times) / x.dragging for x in learners if x.dragging]
                                          or [float("nan")]),
            "presses": len(keys), "browser_error": browser.error if browser is not None else None,
            "chromium_ms": browser.cpu_per_press if browser is not None else float("nan"),
            "sim_p50": percentile(times, 50), "sim_p95": percentile(times, 95),
            "changes": len(times), "errors": sum(len(learner.errors) for learner in learners),
            "lost": sum(learner.lost for learner in learners), "mb_per_learner": memory,
            "kb_per_change": statistics.median(sizes) / 1024 if sizes else float("nan"),
            "kb_per_change_p95": percentile([s / 1024 for s in sizes], 95),
            "peak_mbit": peak_mbit_per_second([t for learner in learners for t in learner.traffic]),
            "hub_cpu": cpu.get("hub", 0.0), "proxy_cpu": cpu.get("proxy", 0.0),
            "servers_cpu": cpu.get("servers", 0.0), "kernels_cpu": cpu.get("kernels", 0.0),
            "server_ms": _per_change(cpu, "servers", len(times)), "kernel_ms": _per_change(cpu, "kernels", len(times)),
            "records": learners}


def _per_change(cpu, part, changes):
    """CPU milliseconds that ``part`` (all servers, or all kernels) spent per simulated change while dragging."""
    return cpu["seconds"][part] * 1000 / changes if changes and "seconds" in cpu else float("nan")


def peak_mbit_per_second(traffic):
    """The class's busiest second on the network: the most megabits the learners' browsers received in one
    second, from (time, bytes) pairs."""
    per_second = {}
    for when, size in traffic:
        per_second[int(when)] = per_second.get(int(when), 0) + size
    return max(per_second.values(), default=0) * 8 / 1e6


def _cpu(hub):
    """CPU seconds so far of the hub, of its proxy, of the learners' servers and of their kernels (all summed),
    and of this process, which plays the simulated learners."""
    import psutil

    seconds = {"hub": sum(psutil.Process(hub.proc.pid).cpu_times()[:2]), "servers": 0.0, "kernels": 0.0,
               "client": sum(psutil.Process().cpu_times()[:2])}  # this process: the simulated learners' side
    for p in hub.processes():
        try:
            command = " ".join(p.cmdline())
            if "configurable-http-proxy" in command:
                seconds["proxy"] = sum(p.cpu_times()[:2])
            elif "jupyterhub-singleuser" in command:
                seconds["servers"] += sum(p.cpu_times()[:2])
            elif "ipykernel_launcher" in command:
                seconds["kernels"] += sum(p.cpu_times()[:2])
        except psutil.NoSuchProcess:
            continue
    return seconds


def line(result):
    return (f"loadtest {result['pattern']} learners={result['learners']} p50={result['p50']:.0f} "
            f"p95={result['p95']:.0f} errors={result['errors']} lost={result['lost']} "
            f"mb_per_learner={result['mb_per_learner']:.0f} presses={result['presses']} "
            f"sim_p50={result['sim_p50']:.0f} sim_p95={result['sim_p95']:.0f} changes={result['changes']} "
            f"kb_per_change={result['kb_per_change']:.0f} kb_p95={result['kb_per_change_p95']:.0f} "
            f"peak_mbit_s={result['peak_mbit']:.1f} hub_cpu={result['hub_cpu']:.0f}% "
            f"proxy_cpu={result['proxy_cpu']:.0f}% servers_cpu={result['servers_cpu']:.0f}% "
            f"kernels_cpu={result['kernels_cpu']:.0f}% server_ms={result['server_ms']:.1f} "
            f"kernel_ms={result['kernel_ms']:.1f} client_cpu={result['client_cpu']:.0f}% "
            f"hub_nice={result['hub_nice']} drag_fps={result['drag_fps']:.1f} "
            f"chromium_ms_per_press={result.get('chromium_ms', float('nan')):.0f}" +
            (f" browser_error={result['browser_error']!r}" if result["browser_error"] else ""))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, nargs="+", default=[30])
    parser.add_argument("--pattern", choices=("class", "worst"), nargs="+", default=["class", "worst"])
    parser.add_argument("--notebook", type=int, choices=(3, 4), default=3)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--hub-nice", type=int, default=HUB_NICE, help="the hub's priority, 0-19 (default "
                        f"{HUB_NICE}: the simulated learners' program, a browser's work in a class, goes first; "
                        "0 makes it share the cores with the hub on equal terms)")
    args = parser.parse_args(argv)
    if not 0 <= args.hub_nice <= 19:
        parser.error(f"--hub-nice must be from 0 to 19, not {args.hub_nice}")
    for pattern in args.pattern:
        for count in args.learners:
            print(line(run(count, pattern, args.notebook, args.seconds, with_chromium=True, hub_nice=args.hub_nice)),
                  flush=True)


if __name__ == "__main__":
    main()
