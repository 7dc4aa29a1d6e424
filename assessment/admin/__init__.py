"""Admin registrations, one module per topic."""

from assessment.admin import assessments, catalogue, documents, firms

__all__ = ["assessments", "catalogue", "documents", "firms"]
