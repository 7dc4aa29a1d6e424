"""Time the pure scoring rules: 10,000 synthetic assessments of 60 criteria each.

    .venv/bin/python benchmarks/scoring_bench.py [--assessments N] [--criteria N] [--seed N]

Criteria and answers are random but seeded, so every run scores the same data: every answer
type, weights 1-5, every legal force, gates, deadlines on both sides of "today", evidence
expected or not; answers include unanswered, N/A, unsupported claims and out-of-target numbers.
Only scoring is timed (score_assessment: answer scores, area and overall scores, band with its
reasons, ranked gaps), not building the input.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assessment.scoring.answers import AnswerInput  # noqa: E402
from assessment.scoring.breakdown import score_assessment  # noqa: E402
from assessment.scoring.criteria import CriterionSpec  # noqa: E402
from assessment.scoring.green_mine import green_mine_ready  # noqa: E402
from assessment.scoring.vocabulary import ANSWER_TYPES, FORCES  # noqa: E402

TODAY = date(2026, 6, 1)
AREAS = ("RIGHTS", "RESERVES", "GREEN", "SMART", "SUPPLY")
CHOICE_SCORES = (("none", 0), ("planned", 0.25), ("partial", 0.5), ("most", 0.8), ("all", 1))
CHOICE_OPTIONS = [
    {"value": value, "score": score, "label": {"en": value}} for value, score in CHOICE_SCORES
]


def make_criteria(rng: random.Random, count: int) -> list[CriterionSpec]:
    criteria = []
    for index in range(count):
        area = AREAS[index % len(AREAS)]
        answer_type = ANSWER_TYPES[index % len(ANSWER_TYPES)]
        parameters: dict = {}
        if answer_type == "percent":
            parameters = {"target": rng.choice([80, 90, 95]), "direction": "at_least"}
        elif answer_type == "number":
            parameters = {"target": rng.choice([2, 5, 10]), "direction": "at_most"}
        elif answer_type == "choice":
            parameters = {"options": CHOICE_OPTIONS}
        deadline = None
        if rng.random() < 0.3:
            deadline = TODAY + timedelta(days=rng.randint(-400, 1200))
        criteria.append(
            CriterionSpec(
                code=f"{area}-{index:03d}",
                area=area,
                weight=rng.randint(1, 5),
                force=rng.choice(FORCES),
                gate=rng.random() < 0.1,
                answer_type=answer_type,
                parameters=parameters,
                evidence_expected=rng.random() < 0.4,
                deadline=deadline,
                order=index,
            )
        )
    return criteria


def random_value(rng: random.Random, criterion: CriterionSpec) -> object:
    kind = criterion.answer_type
    if kind == "yes_no":
        return rng.choice(["yes", "no"])
    if kind == "yes_partial_no":
        return rng.choice(["yes", "partial", "no"])
    if kind == "maturity":
        return rng.randint(0, 4)
    if kind == "percent":
        return str(round(rng.uniform(0, 100), 1))
    if kind == "number":
        return rng.uniform(0, 25)
    return rng.choice(CHOICE_OPTIONS)["value"]


def make_answers(rng: random.Random, criteria: list[CriterionSpec]) -> dict[str, AnswerInput]:
    answers = {}
    for criterion in criteria:
        roll = rng.random()
        if roll < 0.08:
            continue  # unanswered
        if roll < 0.13:
            answers[criterion.code] = AnswerInput(is_na=True)
            continue
        answers[criterion.code] = AnswerInput(
            value=random_value(rng, criterion), evidence_count=rng.choice([0, 0, 1, 2])
        )
    return answers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assessments", type=int, default=10_000)
    parser.add_argument("--criteria", type=int, default=60)
    parser.add_argument("--seed", type=int, default=2028)
    options = parser.parse_args()

    rng = random.Random(options.seed)
    # A handful of catalogues, each answered by many assessments, as in a real portfolio.
    catalogues = [make_criteria(rng, options.criteria) for _ in range(10)]
    inputs = [
        (criteria, make_answers(rng, criteria))
        for criteria in (catalogues[i % len(catalogues)] for i in range(options.assessments))
    ]

    started = time.perf_counter()
    bands: dict[str | None, int] = {}
    gaps = ready = 0
    for criteria, answers in inputs:
        result = score_assessment(criteria, answers, today=TODAY, area_order=AREAS)
        bands[result.band] = bands.get(result.band, 0) + 1
        gaps += len(result.gaps)
        ready += green_mine_ready(result)
    elapsed = time.perf_counter() - started

    count = options.assessments
    print(f"scored {count:,} assessments of {options.criteria} criteria (seed {options.seed})")
    print(f"total time:           {elapsed:.3f} s")
    print(f"time per assessment:  {1000 * elapsed / count:.3f} ms")
    print(f"assessments per s:    {count / elapsed:,.0f}")
    print(
        f"(bands: {', '.join(f'{band} {n}' for band, n in sorted(bands.items(), key=str))}; "
        f"{gaps:,} gaps; {ready} green-mine ready)"
    )


if __name__ == "__main__":
    main()
