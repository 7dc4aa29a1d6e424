"""Time the PDF gap report: the demo assessment of the bundled catalogue, and synthetic
assessments of 150 and 500 criteria, in English and Chinese, in one warm process.

    .venv/bin/python benchmarks/report_bench.py [--runs 3] [--sizes 150 500] [--no-chromium]

Everything happens in a throwaway SQLite database in a temporary folder, prepared by a child
process (``--prepare``): migrate, import the bundled catalogue, seed the demo data (its
submitted assessment is "the demo assessment"), then build synthetic frameworks by repeating
the bundled criteria (real texts in both languages) and answer them the way seed_demo does
(weak answers, comments, N/A, evidence files), each in a firm of its own. The measuring process
then starts Django on that database as the task worker does, so that its memory and its
garbage collector hold what a worker holds, not the preparation's leftovers. Each case is
rendered once to warm up, then ``--runs`` times; the median and the fastest wall time are
printed with the pages and the process's peak memory (maximum resident set size) so far. Where
/usr/bin/chromium exists, the same HTML is printed with ``chromium --headless --print-to-pdf``
for comparison.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "fixtures" / "frameworks" / "cn-mining-2026-2026.1.yaml"
CHROMIUM = Path("/usr/bin/chromium")
LANGUAGES = ("en", "zh-hans")


def setup_django(folder: Path, *, prepare: bool) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
            "VAR_DIR": str(folder),
            "PRIVATE_MEDIA_ROOT": str(folder / "media"),
            # seed_demo seeds only with DEBUG on; the measuring process runs as a production
            # worker does, with DEBUG off.
            "DEBUG": "1" if prepare else "0",
            "SECRET_KEY": "report-benchmark-only-" + "x" * 40,
            "AXES_ENABLED": "0",
            "LOG_LEVEL": "WARNING",
            "ENV_FILE": str(folder / "none.env"),
        }
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    if not prepare:
        return
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("import_framework", str(BUNDLED), verbosity=0)
    call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115


def demo_assessment():
    from assessment.models import Assessment

    return Assessment.objects.filter(state=Assessment.State.SUBMITTED).order_by("pk").first()


def synthetic_assessment(size: int):
    """A submitted assessment of a framework of ``size`` criteria, all applicable."""
    import yaml
    from django.contrib.auth import get_user_model

    from assessment.catalogue import library_import
    from assessment.library import parse_library
    from assessment.management.commands.seed_demo import fill_answer
    from assessment.models import Firm, Membership, Site
    from assessment.submission import assessment_submit
    from assessment.workflow import assessment_start

    raw = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
    source = raw["criteria"]
    criteria = []
    for index in range(size):
        criterion = copy.deepcopy(source[index % len(source)])
        criterion["code"] = f"{criterion['area']}-{index + 1:03d}"
        for key in ("scales", "methods", "minerals"):
            criterion["applicability"][key] = []
        criterion["applicability"]["strategic_only"] = False
        criterion["applicability"]["licensed_producing_only"] = False
        criteria.append(criterion)
    raw.update(framework=f"bench-{size}", version="1", criteria=criteria)
    library = parse_library(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False))
    version = library_import(library=library).version

    # A firm of its own: each report's portfolio section scores its own firm's sites, so the
    # demo report stays the demo firm's and the 150 one does not also score the 500 one.
    owner = get_user_model().objects.get(username="demo-owner")
    firm, _created = Firm.objects.get_or_create(name=f"Benchmark Mining Co. {size}")
    Membership.objects.get_or_create(firm=firm, user=owner, defaults={"role": "owner"})
    site = Site.objects.create(
        firm=firm,
        name=f"Benchmark mine {size}",
        province="NM",
        minerals=["coal"],
        method=Site.Method.OPEN_PIT,
        annual_capacity=600,
        scale=Site.Scale.LARGE,
        licensed_producing=True,
    )
    assessment = assessment_start(site=site, version=version, user=owner)
    answers = assessment.answers.select_related("criterion").order_by(
        "criterion__area__order", "criterion__order", "criterion__code"
    )
    for index, answer in enumerate(answers):
        fill_answer(answer, index, owner, attach=True)
    return assessment_submit(assessment=assessment, user=owner)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def chromium_seconds(html: str, folder: Path, runs: int) -> float | None:
    if not CHROMIUM.exists():
        return None
    page = folder / "report.html"
    page.write_text(html, encoding="utf-8")
    times = []
    for _run in range(runs + 1):
        out = folder / "chromium.pdf"
        start = time.perf_counter()
        subprocess.run(
            [
                str(CHROMIUM),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-pdf-header-footer",
                f"--print-to-pdf={out}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times[1:])


def prepare(folder: Path, sizes: list[int]) -> None:
    """The child process: the database, and the cases as JSON on the last line."""
    setup_django(folder, prepare=True)
    cases = [("bundled catalogue (demo)", demo_assessment().pk)]
    cases += [(f"synthetic {size}", synthetic_assessment(size).pk) for size in sizes]
    print(json.dumps(cases))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="*", default=[150, 500])
    parser.add_argument("--no-chromium", action="store_true")
    parser.add_argument("--prepare", metavar="FOLDER", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        prepare(Path(args.prepare), args.sizes)
        return

    folder = Path(tempfile.mkdtemp(prefix="report-bench-"))
    try:
        started = time.perf_counter()
        command = [sys.executable, __file__, "--prepare", str(folder), "--sizes"]
        prepared = subprocess.run(
            [*command, *map(str, args.sizes)], check=True, capture_output=True, text=True
        )
        prepared_cases = json.loads(prepared.stdout.strip().splitlines()[-1])
        setup_django(folder, prepare=False)
        from django.contrib.staticfiles import finders

        from assessment.models import Assessment
        from reports.pdf import STYLESHEET, render_report, render_report_html

        cases = [(name, Assessment.objects.get(pk=pk)) for name, pk in prepared_cases]
        print(f"set up in {time.perf_counter() - started:.1f} s (throwaway database in {folder})")
        stylesheet = Path(finders.find(STYLESHEET)).as_uri()
        header = f"{'case':26} {'lang':8} {'criteria':>8} {'pages':>5} {'median s':>9}"
        header += f" {'min s':>6} {'peak MB':>8} {'chromium s':>10} {'ratio':>6}"
        print(header)
        for name, assessment in cases:
            criteria = assessment.answers.count()
            for language in LANGUAGES:
                render_report(assessment, language)  # warm: templates, fonts, caches
                times = []
                for _run in range(args.runs):
                    start = time.perf_counter()
                    rendered = render_report(assessment, language)
                    times.append(time.perf_counter() - start)
                median = statistics.median(times)
                chromium = None
                if not args.no_chromium:
                    html = render_report_html(assessment, language, stylesheet_url=stylesheet)
                    chromium = chromium_seconds(html, folder, args.runs)
                line = f"{name:26} {language:8} {criteria:>8} {rendered.pages:>5} {median:>9.3f}"
                line += f" {min(times):>6.3f} {peak_mb():>8.0f}"
                if chromium is not None:
                    line += f" {chromium:>10.3f} {median / chromium:>6.2f}"
                print(line, flush=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
