"""The interface language: which of ours is active (current_language, for everything that picks
a language), and the user's choice, kept on their profile and put back in the session on
sign-in so that no request pays a query for it (a first visit follows the browser)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from assessment.models.people import Profile  # the module: models use current_language

SESSION_KEY = "language"
# Our languages' codes, in the order of settings.LANGUAGES: pages, reports, bilingual content.
LANGUAGES: tuple[str, ...] = tuple(code for code, _name in settings.LANGUAGES)


def current_language(language: str | None = None) -> str:
    """`language`, else the active one, as one of LANGUAGES: any Chinese is zh-hans, anything
    else (or none) the default language."""
    code = (language or translation.get_language() or settings.LANGUAGE_CODE).lower()
    if code in LANGUAGES:
        return code
    return "zh-hans" if code.startswith("zh") else settings.LANGUAGE_CODE


class UserLanguageMiddleware:
    """Activates the signed-in user's language (from the session) over the browser's."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
        if language in LANGUAGES:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language (cookie and redirect), plus the profile for a signed-in user."""
    response = set_language(request)
    language = request.POST.get("language")
    if language in LANGUAGES:
        request.session[SESSION_KEY] = language
        if request.user.is_authenticated:
            Profile.objects.update_or_create(user=request.user, defaults={"language": language})
    return response


@receiver(user_logged_in)
def restore_language(sender, request: HttpRequest, user, **kwargs) -> None:
    language = Profile.objects.filter(user=user).values_list("language", flat=True).first()
    if language in LANGUAGES and request is not None:
        request.session[SESSION_KEY] = language
