from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "assessment"
    verbose_name = _("Assessment")

    def ready(self) -> None:
        from django.db.models import fields

        from assessment import language  # noqa: F401  (connects the sign-in signal)

        # Django 6.1's label of an empty choice has no Chinese in Django's own catalogue yet; the
        # same text in ours is translated. Django provides this override for an app's ready().
        fields.BLANK_CHOICE_LABEL = _("- Select an option -")
