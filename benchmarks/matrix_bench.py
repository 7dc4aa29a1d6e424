"""Time the group matrix of a firm with 200 sites (and its portfolio and Excel download): server
time and SQL queries, results stored at submission and, for comparison, scored live (results
never stored), in one warm process on a throwaway SQLite database.

    .venv/bin/python benchmarks/matrix_bench.py [--sites 200] [--runs 5]

Every site has a submitted assessment of the bundled catalogue's newest version (96 criteria,
seeded random answers of every type, some unanswered) and a few actions, some overdue.
Prints, per page: the median and fastest time of the whole request (Django's test client, no
network) and its SQL queries. Target (issue 19): the matrix under 200 ms for 200 sites.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from questionnaire_bench import ROOT, setup_django, timed_get  # noqa: E402


def value_of(rng: random.Random, criterion) -> object:
    kind = criterion.answer_type
    if kind == "yes_no":
        return rng.choice(["yes", "yes", "no"])
    if kind == "yes_partial_no":
        return rng.choice(["yes", "partial", "no"])
    if kind == "maturity":
        return rng.randint(0, 4)
    if kind in ("percent", "number"):
        return str(rng.randint(0, 100))
    return rng.choice(criterion.parameters["options"])["value"]


def prepare(firm, owner, count: int, rng: random.Random) -> None:
    from django.core.management import call_command
    from django.utils import timezone

    from assessment.models import Action, Assessment, Criterion, FrameworkVersion
    from tests.helpers import bulk_sites, bulk_submitted

    for path in sorted((ROOT / "fixtures" / "frameworks").glob("*.yaml")):
        call_command("import_framework", str(path), verbosity=0, stdout=io.StringIO())
    version = FrameworkVersion.objects.order_by("-pk").first()
    criteria = list(Criterion.objects.filter(version=version))
    provinces = ["NM", "SX", "SD", "JX", "XJ", "YN"]
    sites = []
    for index, province in enumerate(provinces):
        sites += bulk_sites(
            firm, count // len(provinces) + (index < count % len(provinces)),
            prefix=f"{province} site", province=province,
        )  # fmt: skip

    def answers_for(_site) -> dict:
        return {c.code: value_of(rng, c) for c in criteria if rng.random() < 0.9}

    bulk_submitted(sites, version, answers_for, store=True)
    today = timezone.localdate()
    Action.objects.bulk_create(
        Action(
            site=site,
            criterion=criteria[i],
            criterion_code=criteria[i].code,
            title="Fix it",
            due_on=today + timedelta(days=rng.randint(-60, 60)),
            created_by=owner,
        )  # fmt: skip
        for site in sites
        for i in range(rng.randint(0, 4))
    )
    assert Assessment.objects.filter(stored_results__isnull=False).count() == count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup_django(Path(folder))
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.test import Client
        from django.urls import reverse

        from assessment.members import firm_create
        from assessment.models import StoredResults

        call_command("migrate", verbosity=0)
        owner = get_user_model().objects.create_user("bench", "bench@example.com", "x")
        firm = firm_create(name="Bench firm", owner=owner)
        prepare(firm, owner, args.sites, random.Random(2028))
        matrix = reverse("reports:group_matrix", args=[firm.pk])
        pages = [
            ("matrix", matrix),
            ("matrix, filtered", matrix + "?province=NM&sort=overall"),
            ("matrix .xlsx", matrix + "?format=xlsx"),
            ("matrix .csv", matrix + "?format=csv"),
            ("portfolio", reverse("reports:portfolio", args=[firm.pk])),
        ]
        load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
        print(f"{args.sites} sites, 96 criteria each, {args.runs} runs per page")
        print(f"load average before: {load} ({os.cpu_count()} cores)")
        print(f"{'page':<28} {'lang':>7} {'median ms':>10} {'best ms':>8} {'queries':>8}")
        for results in ("stored", "live"):
            if results == "live":
                StoredResults.objects.all().delete()
            for name, url in pages:
                for language in ("en", "zh-hans"):
                    client = Client(HTTP_ACCEPT_LANGUAGE=language)
                    client.force_login(owner)
                    client.cookies["django_language"] = language
                    times, queries = timed_get(client, url, args.runs)
                    median, best = statistics.median(times), min(times)
                    label = f"{name} ({results})"
                    print(f"{label:<28} {language:>7} {median:>10.1f} {best:>8.1f} {queries:>8}")
                if results == "live":  # scored live: the matrix alone, for comparison
                    break
        print(f"load average after: {', '.join(f'{n:.1f}' for n in os.getloadavg())}")


if __name__ == "__main__":
    main()
