"""Signals other apps listen to, so that the assessment app does not depend on them."""

from django.dispatch import Signal

# Sent once a submission is committed, with ``assessment`` (now submitted) and ``user``. The
# reports app issues the assessment's PDF reports in the background on it.
assessment_submitted = Signal()
