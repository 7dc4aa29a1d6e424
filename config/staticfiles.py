"""collectstatic leaves out the static files of installed packages that no page uses: the
browsable API of Django REST framework (the API renders JSON only) and drf-spectacular-sidecar's
Redoc (the documentation page uses its Swagger UI). Compressing them (brotli) made collectstatic
much slower for nothing."""

from django.contrib.staticfiles.apps import StaticFilesConfig


class UsedStaticFilesConfig(StaticFilesConfig):
    ignore_patterns = [*StaticFilesConfig.ignore_patterns, "rest_framework", "redoc"]
