"""A cap on what a request may send, checked before anything reads it, and the page that says so.

Django's DATA_UPLOAD_MAX_MEMORY_SIZE bounds form fields but not the files sent with them: a
multipart POST of any size to any view would be streamed to disk. Here every view that does not
take a file accepts a body of at most DATA_UPLOAD_MAX_MEMORY_SIZE bytes, files included; views
marked `@takes_upload` (evidence, report verification) keep their own limits on the file.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import (
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views import defaults

TOO_LARGE = (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)


def takes_upload(view: Callable) -> Callable:
    """Mark a view that receives a file: its requests are not held to the cap (outermost)."""
    view.takes_upload = True
    return view


def too_large(request: HttpRequest) -> HttpResponse:
    message = _(
        "This page accepts at most %(size)s of form data and %(fields)s fields; what was sent "
        "is more. Shorten it and try again."
    ) % {
        "size": filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE),
        "fields": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
    }
    return render(request, "413.html", {"message": message}, status=413)


class RequestSizeMiddleware:
    """Refuses (413) a request to a view that takes no file when its declared body is larger
    than DATA_UPLOAD_MAX_MEMORY_SIZE. Goes before CsrfViewMiddleware, which reads the body."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view, args, kwargs) -> HttpResponse | None:
        if getattr(view, "takes_upload", False):
            return None
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads no body then
        if length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            return too_large(request)
        return None


def bad_request(request: HttpRequest, exception: SuspiciousOperation) -> HttpResponse:
    """handler400: too many fields or too much form data say so (413); anything else is
    Django's plain 400 page, which needs nothing of a request that may be malformed."""
    if isinstance(exception, TOO_LARGE):
        return too_large(request)
    return defaults.bad_request(request, exception)
