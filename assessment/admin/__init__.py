"""Admin registrations, one module per topic."""

from assessment.admin import assessments, catalogue, firms

__all__ = ["assessments", "catalogue", "firms"]
