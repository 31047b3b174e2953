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


def create():
    if os.environ.get(GC_STATS_ENV):
        _record_collections(os.environ[GC_STATS_ENV])
    app = serve.create_app(os.environ[SCRIPT_ENV], freeze=not os.environ.get(NO_FREEZE_ENV))
    if os.environ.get(CONFIG_ENV):
        import json

        from streamlit.web import bootstrap

        options = json.loads(os.environ[CONFIG_ENV])
        typed = {k: {"true": True, "false": False}.get(str(v).lower(), v)
                 for k, v in options.items()}
        bootstrap.load_config_options({k.replace(".", "_"): v for k, v in typed.items()})
    return app
