"""Template tags for the account pages (Django's auth views give them no settings)."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def signup_enabled() -> bool:
    """Whether sign-up is offered (SIGNUP_ENABLED); use as {% signup_enabled as show %}."""
    return settings.SIGNUP_ENABLED
