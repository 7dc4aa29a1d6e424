"""Fields shown to users in both languages (django-modeltranslation adds _en and _zh_hans)."""

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
