"""Fields shown to users in both languages (django-modeltranslation adds _en and _zh_hans).

Criteria keep a history (django-simple-history). It is registered here, after the translation
fields exist, so that the historical table copies text_en, text_zh_hans and the other translated
columns; a HistoricalRecords attribute on the model would be built before they are added.
"""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from assessment.models import Area, Criterion, Framework


@register(Framework)
class FrameworkTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Area)
class AreaTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Criterion)
class CriterionTranslation(TranslationOptions):
    fields = ("text", "guidance", "evidence", "remediation", "legal_document", "legal_article")


simple_history.register(Criterion)
