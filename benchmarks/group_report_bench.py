"""Time the group report PDF of a firm (the request, rendered in it) for 20 and 200 sites, in
English and Chinese: server time, SQL queries, pages and size, in one warm process on a
throwaway SQLite database (the sites and actions of matrix_bench.py).

    .venv/bin/python benchmarks/group_report_bench.py [--sites 20 200] [--runs 3]
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from matrix_bench import prepare  # noqa: E402
from questionnaire_bench import setup_django, timed_get  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, nargs="+", default=[20, 200])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup_django(Path(folder))
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.test import Client
        from django.urls import reverse
        from pypdf import PdfReader

        from assessment.members import firm_create

        call_command("migrate", verbosity=0)
        owner = get_user_model().objects.create_user("bench", "bench@example.com", "x")
        print(f"load average before: {', '.join(f'{n:.1f}' for n in os.getloadavg())}")
        print(f"{'sites':>6} {'lang':>7} {'median ms':>10} {'best ms':>8} {'queries':>8} "
              f"{'pages':>6} {'kB':>6}")  # fmt: skip
        for count in args.sites:
            firm = firm_create(name=f"Bench firm {count}", owner=owner)
            prepare(firm, owner, count, random.Random(2028))
            for language in ("en", "zh-hans"):
                url = reverse("reports:group_report_pdf", args=[firm.pk, language])
                client = Client()
                client.force_login(owner)
                times, queries = timed_get(client, url, args.runs)
                median, best = statistics.median(times), min(times)
                pdf = b"".join(client.get(url).streaming_content)
                pages = len(PdfReader(io.BytesIO(pdf)).pages)
                print(f"{count:>6} {language:>7} {median:>10.1f} {best:>8.1f} {queries:>8} "
                      f"{pages:>6} {len(pdf) // 1024:>6}")  # fmt: skip
            firm.delete()  # prepare() counts every stored result in the database
        print(f"load average after: {', '.join(f'{n:.1f}' for n in os.getloadavg())}")


if __name__ == "__main__":
    main()
