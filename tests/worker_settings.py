"""Settings of the worker processes tests start (tests/reports/test_report_workers.py): the
project's, on the test run's own database (MINEREADY_TEST_DATABASE, as JSON), with the render
gate (tests/render_gate.py)."""

import json
import os

from config.settings import *  # noqa: F403
from config.settings import INSTALLED_APPS

DATABASES = {"default": json.loads(os.environ["MINEREADY_TEST_DATABASE"])}
INSTALLED_APPS = [*INSTALLED_APPS, "tests.render_gate.RenderGateConfig"]
# No reminder digests from the supervisors tests start.
REMINDER_HOUR = 24
