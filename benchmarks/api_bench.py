"""Time the read API's endpoints with a token, on a firm of 200 sites and 1,000 actions and an
assessment of 100 criteria (half answered), and a site with 20 submitted assessments of it
(results stored), in one warm process on a throwaway SQLite database.

    .venv/bin/python benchmarks/api_bench.py [--runs 10]

Prints, per endpoint: the median and fastest time of the whole request (Django's test client, no
network, page of 50, the rate limit off) and the SQL queries it ran (the token lookup included).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
from pathlib import Path

from questionnaire_bench import prepare, setup_django, timed_get

SITES = 200
ACTIONS = 1000
CRITERIA = 100
HISTORY = 20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup_django(Path(folder))
        from django.conf import settings
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.test import Client
        from django.urls import reverse

        from api.tokens import token_issue
        from assessment.members import firm_create
        from assessment.models import Action, Criterion
        from tests.helpers import bulk_sites, bulk_submitted

        settings.API_RATE_LIMIT = "1000000/hour"
        call_command("migrate", verbosity=0)
        owner = get_user_model().objects.create_user("bench", "bench@example.com", "x")
        firm = firm_create(name="Bench firm", owner=owner)
        sites = bulk_sites(firm, SITES - 1)
        assessment = prepare(CRITERIA, owner, firm)
        site = assessment.site
        criteria = list(Criterion.objects.filter(version=assessment.version_id))
        Action.objects.bulk_create(
            Action(
                site=site if n % 2 else sites[n % len(sites)],
                criterion=criteria[n % len(criteria)],
                criterion_code=criteria[n % len(criteria)].code,
                title=f"Action {n}",
                owner=owner if n % 3 else None,
                due_on=dt.date(2026, 1, 1) + dt.timedelta(days=n % 400),
            )
            for n in range(ACTIONS)
        )
        answered = assessment.answers.select_related("criterion")
        answers = {answer.criterion.code: answer.value for answer in answered}
        history = sites[0]
        for _ in range(HISTORY):
            bulk_submitted([history], assessment.version, lambda _site: answers, store=True)
        client = Client(headers={"authorization": f"Bearer {token_issue(user=owner)}"})
        endpoints = {
            "firms": reverse("api:firms"),
            "firm_sites": reverse("api:firm_sites", args=[firm.pk]),
            "site_assessments": reverse("api:site_assessments", args=[site.pk]),
            "site_assessments 20": reverse("api:site_assessments", args=[history.pk]),
            "assessment": reverse("api:assessment", args=[assessment.pk]),
            "assessment_gaps": reverse("api:assessment_gaps", args=[assessment.pk]),
            "site_actions": reverse("api:site_actions", args=[site.pk]),
            "firm_actions": reverse("api:firm_actions", args=[firm.pk]) + "?status=all",
            "firm_actions overdue": reverse("api:firm_actions", args=[firm.pk]) + "?due=overdue",
        }
        print(
            f"{SITES} sites, {ACTIONS} actions, an assessment of {CRITERIA} criteria "
            f"(half answered), {HISTORY} submitted at one site; {args.runs} runs each"
        )
        print(f"{'endpoint':<22} {'median ms':>10} {'best ms':>8} {'queries':>8} {'listed':>7}")
        for name, url in endpoints.items():
            times, queries = timed_get(client, url, args.runs)
            listed = client.get(url).json().get("count", "-")
            print(
                f"{name:<22} {statistics.median(times):>10.1f} {min(times):>8.1f} "
                f"{queries:>8} {listed:>7}"
            )


if __name__ == "__main__":
    main()
