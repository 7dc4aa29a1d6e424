"""The interface language: chosen once, kept on the user's profile, used on every page.

A first visit follows the browser (Django's LocaleMiddleware reads Accept-Language and the
language cookie). Once a signed-in user picks a language it is stored on their profile and in
their session; on sign-in the profile's language is put back into the session, and
UserLanguageMiddleware activates it, so no request pays a query for it.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from assessment.models import Profile

SESSION_KEY = "language"
SUPPORTED = {code for code, _name in settings.LANGUAGES}


class UserLanguageMiddleware:
    """Activates the signed-in user's language (from the session) over the browser's."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
        if language in SUPPORTED:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language (cookie and redirect), plus the profile for a signed-in user."""
    response = set_language(request)
    language = request.POST.get("language")
    if language in SUPPORTED:
        request.session[SESSION_KEY] = language
        if request.user.is_authenticated:
            Profile.objects.update_or_create(user=request.user, defaults={"language": language})
    return response


@receiver(user_logged_in)
def restore_language(sender, request: HttpRequest, user, **kwargs) -> None:
    language = Profile.objects.filter(user=user).values_list("language", flat=True).first()
    if language in SUPPORTED and request is not None:
        request.session[SESSION_KEY] = language
