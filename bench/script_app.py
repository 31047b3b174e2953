"""uvicorn --factory entry for the benchmarks: serve.py's app for any script (kept light).

The script comes from CROSSROADS_BENCH_SCRIPT, so the app, the bare page and a one-line app
run under one server line with the same middleware and settings. Nothing else is imported
here, so a one-line app's cold start is not slowed by the benchmark's own modules.
"""

import os

import serve

SCRIPT_ENV = "CROSSROADS_BENCH_SCRIPT"
# Set to compare: the server skips serve.py's gc.freeze at start-up.
NO_FREEZE_ENV = "CROSSROADS_BENCH_NO_FREEZE"
# Set to a file path: the server writes its garbage collections' counts and times there.
GC_STATS_ENV = "CROSSROADS_BENCH_GC_STATS"
# JSON {"section.option": value}: set over .streamlit/config.toml, as `streamlit run` flags.
CONFIG_ENV = "CROSSROADS_BENCH_CONFIG"
# Set to a file path: the server writes there, for each script run, how long each part took.
PHASES_ENV = "CROSSROADS_BENCH_PHASES"


def _record_collections(path: str) -> None:
    """Count and time every collection of each generation; write the totals every 5 s."""
    import gc
    import json
    import threading
    import time

    totals = {g: {"count": 0, "seconds": 0.0, "max": 0.0} for g in range(3)}
    started: dict[str, float] = {}

    def callback(phase: str, info: dict) -> None:
        if phase == "start":
            started["t"] = time.perf_counter()
            return
        elapsed = time.perf_counter() - started.pop("t", time.perf_counter())
        total = totals[info["generation"]]
        total["count"] += 1
        total["seconds"] += elapsed
        total["max"] = max(total["max"], elapsed)

    def write() -> None:
        while True:
            time.sleep(5)
            with open(path + ".new", "w") as file:
                json.dump({**totals, "tracked": len(gc.get_objects())}, file)
            os.replace(path + ".new", path)  # whole, never half-written, for the reader

    gc.callbacks.append(callback)
    threading.Thread(target=write, daemon=True).start()


def _record_run_phases(path: str) -> None:
    """For each rerun a browser asks for, its three parts: from the request to the script's
    start, the script itself (wall and CPU time of its thread), and from its end to its last
    message handed to the connection; with the messages it sent. Written every 2 s as JSON
    rows [fragment, to_start, script, script_cpu, to_sent, messages, unix time].

    A probe for bench/run_phases.py: it wraps three of Streamlit's internal methods (1.67),
    never anything the app's own server does.
    """
    import json
    import threading
    import time

    from streamlit.runtime import app_session, runtime
    from streamlit.runtime.scriptrunner import script_runner

    rows: list[list] = []
    asked: dict[str, float] = {}  # session id: when its rerun request arrived
    ran: dict[str, tuple] = {}  # session id: its last script run
    sent: dict[str, int] = {}  # session id: messages handed over since its last run ended

    handle_backmsg = app_session.AppSession.handle_backmsg
    run_script = script_runner.ScriptRunner._run_script
    send_message = runtime.Runtime._send_message

    def timed_backmsg(self, msg):
        if msg.WhichOneof("type") == "rerun_script":
            asked[self.id] = time.perf_counter()
        return handle_backmsg(self, msg)

    def timed_run(self, rerun_data):
        start, cpu = time.perf_counter(), time.thread_time()
        try:
            return run_script(self, rerun_data)
        finally:
            ran[self._session_id] = (bool(rerun_data.fragment_id_queue), start,
                                     time.perf_counter(), time.thread_time() - cpu)

    def timed_send(self, session_info, msg):
        result = send_message(self, session_info, msg)
        session_id = session_info.session.id
        sent[session_id] = sent.get(session_id, 0) + 1
        if msg.WhichOneof("type") == "script_finished":
            messages = sent.pop(session_id)
            request, run = asked.pop(session_id, None), ran.get(session_id)
            if request is not None and run is not None and run[1] >= request:
                fragment, start, end, cpu = run
                rows.append([fragment, start - request, end - start, cpu,
                             time.perf_counter() - end, messages, time.time()])
        return result

    app_session.AppSession.handle_backmsg = timed_backmsg
    script_runner.ScriptRunner._run_script = timed_run
    runtime.Runtime._send_message = timed_send

    def write() -> None:
        while True:
            time.sleep(2)
            with open(path + ".new", "w") as file:
                json.dump(rows, file)
            os.replace(path + ".new", path)

    threading.Thread(target=write, daemon=True).start()


def create():
    if os.environ.get(GC_STATS_ENV):
        _record_collections(os.environ[GC_STATS_ENV])
    if os.environ.get(PHASES_ENV):
        _record_run_phases(os.environ[PHASES_ENV])
    app = serve.create_app(os.environ[SCRIPT_ENV], freeze=not os.environ.get(NO_FREEZE_ENV))
    if os.environ.get(CONFIG_ENV):
        import json

        from streamlit.web import bootstrap

        options = json.loads(os.environ[CONFIG_ENV])
        typed = {k: {"true": True, "false": False}.get(str(v).lower(), v)
                 for k, v in options.items()}
        bootstrap.load_config_options({k.replace(".", "_"): v for k, v in typed.items()})
    return app
