"""Time the offline questionnaire's import: a filled-in workbook of 500 criteria (every answer
type, half answered before the download, every row changed in the file as a person would),
read (openpyxl read-only), checked against the assessment (the answer form, the conflict
rules) and written in one transaction, in one warm process on a throwaway SQLite database.

    .venv/bin/python benchmarks/excel_import_bench.py [--runs 3] [--sizes 100 500]

Prints, per size: the file's size, the median and fastest time of reading, checking and
writing, the whole import, the SQL queries of the check and of the write, and the peak Python
memory of reading and checking (tracemalloc, a separate run). Target (issue 19): a
500-criterion file imports in under 3 s with bounded memory.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

from questionnaire_bench import setup_django

FILLED = {"yes_no": "No", "yes_partial_no": "Yes", "maturity": "4", "percent": 75,
          "number": 2.5, "choice": "A"}  # fmt: skip


def filled(criterion) -> str | float:
    """The answer typed in the file: a maturity level as its dropdown shows it."""
    from assessment.answer_text import value_choices

    value = FILLED[criterion.answer_type]
    if criterion.answer_type == "maturity":
        return dict(value_choices(criterion))[value]
    return value


def prepare(size: int, owner, firm, version):
    """A draft of `size` criteria, half answered, and its downloaded questionnaire filled in."""
    from assessment import workflow
    from assessment.models import Site
    from exchange.questionnaire_export import questionnaire_workbook
    from tests.helpers import SAMPLE_VALUES, fill_questionnaire

    site = Site.objects.create(
        firm=firm, name=f"Bench {size}", province="NM", minerals=["coal"], method="open_pit",
        scale="large", licensed_producing=True,
    )  # fmt: skip
    assessment = workflow.assessment_start(site=site, version=version, user=owner)
    answers = list(assessment.answers.select_related("criterion"))
    for answer in answers[: size // 2]:
        value = SAMPLE_VALUES[answer.criterion.answer_type]
        workflow.answer_save(answer=answer, user=owner, value=value, comment="noted")
    data = questionnaire_workbook(assessment, "en")
    cells = {
        a.criterion.code: {"answer": filled(a.criterion), "comment": "offline"} for a in answers
    }
    return assessment, fill_questionnaire(data, cells)


def import_once(assessment, data: bytes, owner) -> dict[str, float]:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from exchange.questionnaire_file import read_questionnaire
    from exchange.questionnaire_import import import_apply, import_plan

    reset_queries()  # the log keeps 9,000 queries: each count starts from an empty one
    start = time.perf_counter()
    file = read_questionnaire("filled.xlsx", data)
    read = time.perf_counter()
    with CaptureQueriesContext(connection) as check_queries:
        plan = import_plan(assessment, file)
    checked = time.perf_counter()
    assert not plan.problems, plan.problems[:3]
    reset_queries()
    with CaptureQueriesContext(connection) as write_queries:
        import_apply(assessment=assessment, user=owner, changes=plan.stored_changes())
    written = time.perf_counter()
    return {
        "read": read - start,
        "check": checked - read,
        "write": written - checked,
        "total": written - start,
        "changes": len(plan.changes),
        "check_queries": len(check_queries),
        "write_queries": len(write_queries),
    }


def peak_memory(assessment, data: bytes) -> int:
    from exchange.questionnaire_file import read_questionnaire
    from exchange.questionnaire_import import import_plan

    tracemalloc.start()
    import_plan(assessment, read_questionnaire("filled.xlsx", data))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 500])
    parser.add_argument(
        "--debug", action="store_true", help="DEBUG on (Django then logs every query; slower)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup_django(Path(folder), debug=args.debug)
        from django.contrib.auth import get_user_model
        from django.core.management import call_command

        from assessment.members import firm_create
        from tests.helpers import version_of_every_answer_type

        call_command("migrate", verbosity=0)
        owner = get_user_model().objects.create_user("bench", "bench@example.com", "x")
        firm = firm_create(name="Bench firm", owner=owner)
        print(
            f"{'criteria':>8} {'file KB':>8} {'read ms':>8} {'check ms':>9} {'write ms':>9} "
            f"{'total ms':>9} {'best ms':>8} {'queries':>13} {'peak MB':>8}"
        )
        for size in args.sizes:
            version = version_of_every_answer_type(size)
            runs = []
            for _run in range(args.runs + 1):  # the first warms up
                assessment, data = prepare(size, owner, firm, version)
                runs.append(import_once(assessment, data, owner))
                assessment.delete()
            runs = runs[1:]
            assessment, data = prepare(size, owner, firm, version)
            peak = peak_memory(assessment, data) / (1024 * 1024)
            assert all(run["changes"] == size for run in runs)

            def median(key: str, runs=runs) -> float:
                return statistics.median(run[key] for run in runs) * 1000

            queries = f"{runs[0]['check_queries']}+{runs[0]['write_queries']}"
            best = min(run["total"] for run in runs) * 1000
            print(
                f"{size:>8} {len(data) / 1024:>8.0f} {median('read'):>8.0f} "
                f"{median('check'):>9.0f} {median('write'):>9.0f} {median('total'):>9.0f} "
                f"{best:>8.0f} {queries:>13} {peak:>8.1f}"
            )


if __name__ == "__main__":
    main()
