"""Time the questionnaire page of one area: server time per criterion, for areas of 15, 100 and
500 criteria (every answer type, half of them answered, register documents linked), in English
and Chinese, in one warm process on a throwaway SQLite database.

    .venv/bin/python benchmarks/questionnaire_bench.py [--runs 5] [--sizes 15 100 500]

Prints, per size and language: the median and fastest time of the whole request (Django's test
client, no network), ms per criterion, and the SQL queries it ran. Target (issue 20): at most
2 ms per criterion and a 100-criterion area under 250 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(folder: Path, *, debug: bool = True) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
            "VAR_DIR": str(folder),
            "PRIVATE_MEDIA_ROOT": str(folder / "media"),
            # static files without collectstatic; templates are cached either way
            "DEBUG": "1" if debug else "0",
            "ALLOWED_HOSTS": "testserver",
            "SECURE_SSL_REDIRECT": "0",
            "SECRET_KEY": "questionnaire-benchmark-only-" + "x" * 40,
            "AXES_ENABLED": "0",
            "LOG_LEVEL": "WARNING",
            "ENV_FILE": str(folder / "none.env"),
        }
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from config.collector import tune_garbage_collector

    tune_garbage_collector()  # as config/wsgi.py does for the server's processes


def prepare(size: int, owner, firm):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from assessment import register, workflow
    from assessment.models import Site
    from tests.helpers import SAMPLE_VALUES, version_of_every_answer_type

    version = version_of_every_answer_type(size)
    site = Site.objects.create(
        firm=firm, name=f"Bench {size}", province="NM", minerals=["coal"], method="open_pit",
        scale="large", licensed_producing=True,
    )  # fmt: skip
    assessment = workflow.assessment_start(site=site, version=version, user=owner)
    permit = register.document_add(
        site=site, user=owner, uploads=[(SimpleUploadedFile("p.pdf", b"%PDF-1.4\n%%EOF\n"), None)],
        kind="permit", title="Mining permit",
    )  # fmt: skip
    for answer in assessment.answers.select_related("criterion")[: size // 2]:
        workflow.answer_save(
            answer=answer,
            user=owner,
            value=SAMPLE_VALUES[answer.criterion.answer_type],
            comment="noted",
        )
        if answer.criterion.evidence_expected:
            register.document_link(answer=answer, document=permit, user=owner)
    return assessment


def timed_get(client, url: str, runs: int) -> tuple[list[float], int]:
    """GET `url` once to warm up, then `runs` times: each time in ms, and the queries of one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    times = []
    for _run in range(runs):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return times, len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="+", default=[15, 100, 500])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup_django(Path(folder))
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.test import Client
        from django.urls import reverse

        from assessment.members import firm_create

        call_command("migrate", verbosity=0)
        owner = get_user_model().objects.create_user("bench", "bench@example.com", "x")
        firm = firm_create(name="Bench firm", owner=owner)
        print(
            f"{'criteria':>8} {'lang':>7} {'median ms':>10} {'best ms':>8} "
            f"{'ms/criterion':>13} {'queries':>8}"
        )
        for size in args.sizes:
            assessment = prepare(size, owner, firm)
            url = reverse("assessment:questionnaire", args=[assessment.pk, "GREEN"])
            for language in ("en", "zh-hans"):
                client = Client(HTTP_ACCEPT_LANGUAGE=language)
                client.force_login(owner)
                client.cookies["django_language"] = language
                times, queries = timed_get(client, url, args.runs)
                median = statistics.median(times)
                print(
                    f"{size:>8} {language:>7} {median:>10.1f} {min(times):>8.1f} "
                    f"{median / size:>13.2f} {queries:>8}"
                )


if __name__ == "__main__":
    main()
