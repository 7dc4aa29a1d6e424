"""A test app for the worker processes that tests start (tests/worker_settings.py): every
rendering of an issued report (after its attempt is counted) first leaves a file
``started-<report id>-<pid>`` in the folder MINEREADY_RENDER_GATE names, then waits until a file
``open`` appears there. So a test knows which process is rendering which report, and can kill
it mid-render, deterministically."""

from __future__ import annotations

import os
import time
from pathlib import Path

from django.apps import AppConfig

# A test that never opens the gate fails rather than hangs.
GATE_TIMEOUT = 120


class RenderGateConfig(AppConfig):
    name = "tests.render_gate"
    label = "render_gate"

    def ready(self) -> None:
        from reports import issuing

        gate = Path(os.environ["MINEREADY_RENDER_GATE"])
        render = issuing.render_report

        def gated_render(*args, report_id: str | None = None, **kwargs):
            (gate / f"started-{report_id}-{os.getpid()}").touch()
            deadline = time.monotonic() + GATE_TIMEOUT
            while not (gate / "open").exists():
                if time.monotonic() > deadline:
                    raise TimeoutError("the test never opened the render gate")
                time.sleep(0.05)
            return render(*args, report_id=report_id, **kwargs)

        issuing.render_report = gated_render
