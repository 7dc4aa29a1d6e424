"""The server's processes (config/wsgi.py, config/asgi.py) freeze what Django loaded at start and
collect the youngest generation less often (config/collector.py); so do the commands (manage.py),
the task workers that render reports among them."""

import json
import os
import subprocess
import sys

import pytest

from config.collector import THRESHOLDS
from tests.helpers import ROOT
from tests.project.test_settings import NOT_INHERITED, production_env, run_manage

READ_COLLECTOR = """
import gc, importlib, json
importlib.import_module("config.{entry}")  # as gunicorn or an ASGI server loads it
print(json.dumps({{"thresholds": gc.get_threshold(), "frozen": gc.get_freeze_count()}}))
"""


@pytest.mark.parametrize("entry", ["wsgi", "asgi"])
def test_the_server_entry_points_tune_the_collector(tmp_path, entry):
    environment = {key: value for key, value in os.environ.items() if key not in NOT_INHERITED}
    environment |= production_env(tmp_path) | {"ENV_FILE": os.devnull}
    command = [sys.executable, "-c", READ_COLLECTOR.format(entry=entry)]

    result = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True)

    assert result.returncode == 0, result.stderr
    state = json.loads(result.stdout.strip().splitlines()[-1])
    assert tuple(state["thresholds"]) == THRESHOLDS
    assert state["frozen"] > 10_000  # Django and the apps, never traversed again


def test_commands_collect_as_the_server_does(tmp_path):
    script = "import gc; print(list(gc.get_threshold()))"

    result = run_manage("shell", "-c", script, **production_env(tmp_path))

    assert result.returncode == 0, result.stderr
    assert tuple(json.loads(result.stdout.strip().splitlines()[-1])) == THRESHOLDS
