"""collectstatic leaves out the static files of installed packages that no page uses: the
browsable API of Django REST framework (the API renders JSON only) and drf-spectacular-sidecar's
Redoc (the documentation page uses its Swagger UI). Compressing them (brotli) made collectstatic
much slower for nothing. (A finder, not a StaticFilesConfig: tools such as pytest-django's live
server look for "django.contrib.staticfiles" by name in INSTALLED_APPS.)"""

from django.contrib.staticfiles.finders import AppDirectoriesFinder

UNUSED = ["rest_framework", "redoc"]


class UsedAppDirectoriesFinder(AppDirectoriesFinder):
    def list(self, ignore_patterns):
        return super().list([*(ignore_patterns or []), *UNUSED])
