from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    """Files in and out of an assessment: the offline questionnaire (Excel) and the exports of
    answers, results and gaps. Uses `assessment`; `assessment` never imports it."""

    name = "exchange"
    verbose_name = _("Files in and out")
