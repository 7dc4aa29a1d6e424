#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    from config.collector import tune_garbage_collector

    tune_garbage_collector()  # the task workers render PDFs: as the web processes do
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
