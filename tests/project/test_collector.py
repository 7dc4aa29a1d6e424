"""The server's processes (config/wsgi.py, config/asgi.py) freeze what Django loaded at start and
collect the youngest generation less often (config/collector.py)."""

import json

import pytest

from config.collector import THRESHOLDS
from tests.project.test_settings import production_env, run_manage

READ_COLLECTOR = """
import gc, importlib, json
importlib.import_module("config.{entry}")
print(json.dumps({{"thresholds": gc.get_threshold(), "frozen": gc.get_freeze_count()}}))
"""


@pytest.mark.parametrize("entry", ["wsgi", "asgi"])
def test_the_server_entry_points_tune_the_collector(tmp_path, entry):
    result = run_manage(
        "shell", "-c", READ_COLLECTOR.format(entry=entry), **production_env(tmp_path)
    )

    assert result.returncode == 0, result.stderr
    state = json.loads(result.stdout.strip().splitlines()[-1])
    assert tuple(state["thresholds"]) == THRESHOLDS
    assert state["frozen"] > 10_000  # Django and the apps, never traversed again
