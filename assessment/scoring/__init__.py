"""The scoring rules of DESIGN.md as pure functions: plain data in, plain data out, no Django.

vocabulary (the lists of words), exact (numbers), criteria (a criterion and its definition's
rules), answers (one answer's score), bands, gaps, breakdown (an assessment's scores),
green_mine (sites and portfolios), comparison (two breakdowns). assessment/results.py feeds
them stored answers.
"""
