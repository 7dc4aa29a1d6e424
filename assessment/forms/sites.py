"""A site's profile: stage, province, minerals (primary first), method, capacity and scale.

When the scale is left empty it is derived from the primary mineral, the method and the annual
capacity by the national table (assessment.minerals); the form records whether the scale was
derived or entered. An exploration project may have no scale.
"""

from __future__ import annotations

from crispy_forms.bootstrap import InlineCheckboxes
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from assessment.answer_text import NO_VALUE, quantity_text
from assessment.applicability import mineral_names
from assessment.language import current_language
from assessment.minerals import MINERALS, derive_scale, scale_band
from assessment.models import Site
from assessment.provinces import province_choices


def mineral_choices() -> list[tuple[str, str]]:
    """Minerals labelled in the active language (a callable: evaluated at each render)."""
    codes = list(MINERALS)
    return list(zip(codes, mineral_names(codes, current_language()), strict=True))


def capacity_text(site: Site) -> str:
    """The site's annual capacity in the unit of its primary mineral's scale table, as people
    write it in the active language ("2,000万吨/年", "20 Mt/yr"); "—" when not given."""
    if site.annual_capacity is None:
        return NO_VALUE
    band = scale_band(site.primary_mineral, site.method) if site.primary_mineral else None
    return quantity_text(site.annual_capacity, band.unit if band else "10^4 t/yr")


def province_choices_with_blank() -> list[tuple[str, str]]:
    return [("", "---------"), *province_choices(current_language())]


def mineral_choices_with_blank() -> list[tuple[str, str]]:
    return [("", "---------"), *mineral_choices()]


class SiteForm(forms.ModelForm):
    province = forms.ChoiceField(label=_("Province"), choices=province_choices_with_blank)
    primary_mineral = forms.ChoiceField(
        label=_("Primary mineral"),
        choices=mineral_choices_with_blank,
        help_text=_("The main mineral mined; it decides the production scale."),
    )
    other_minerals = forms.MultipleChoiceField(
        label=_("Other minerals"),
        choices=mineral_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    scale = forms.ChoiceField(
        label=_("Production scale"),
        choices=[("", _("Derive from mineral, method and capacity")), *Site.Scale.choices],
        required=False,
        help_text=_(
            "Leave empty to derive it from the national classification by mineral, method "
            "and annual capacity. An exploration project without a planned capacity has none."
        ),
    )

    field_order = [
        "name",
        "stage",
        "province",
        "primary_mineral",
        "other_minerals",
        "method",
        "annual_capacity",
        "scale",
        "licensed_producing",
    ]

    class Meta:
        model = Site
        fields = [
            "name",
            "stage",
            "province",
            "method",
            "annual_capacity",
            "scale",
            "licensed_producing",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            *(InlineCheckboxes(name) if name == "other_minerals" else name for name in self.fields)
        )
        site = self.instance
        if site.annual_capacity is not None:
            self.initial["annual_capacity"] = format(site.annual_capacity.normalize(), "f")
        if site.pk:
            self.initial["primary_mineral"] = site.primary_mineral
            self.initial["other_minerals"] = list(site.minerals[1:])
            if site.scale_source == Site.ScaleSource.DERIVED:
                # Derived again on save, so that a new capacity gives the right scale.
                self.initial["scale"] = ""

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Enter the site's name."), code="required")
        return name

    def clean(self) -> dict:
        cleaned = super().clean()
        primary = cleaned.get("primary_mineral")
        if primary:
            others = cleaned.get("other_minerals") or []
            self.instance.minerals = [primary, *(code for code in others if code != primary)]
        exploring = cleaned.get("stage") == Site.Stage.EXPLORATION
        if cleaned.get("scale") or (exploring and cleaned.get("annual_capacity") is None):
            self.instance.scale_source = Site.ScaleSource.ENTERED
        elif primary and cleaned.get("method"):
            self._derive_scale(cleaned, primary)
        return cleaned

    def _derive_scale(self, cleaned: dict, primary: str) -> None:
        capacity = cleaned.get("annual_capacity")
        if capacity is None:
            if "annual_capacity" not in self.errors:
                self.add_error(
                    "scale",
                    forms.ValidationError(
                        _(
                            "Choose the production scale, or enter the annual capacity "
                            "to derive it."
                        ),
                        code="scale_required",
                    ),
                )
            return
        derived = derive_scale(primary, cleaned["method"], capacity)
        if derived is None:
            self.add_error(
                "scale",
                forms.ValidationError(
                    _(
                        "The national classification has no scale for %(mineral)s: "
                        "choose the production scale."
                    ),
                    code="scale_unknown",
                    params={"mineral": dict(mineral_choices())[primary]},
                ),
            )
            return
        cleaned["scale"] = derived
        self.instance.scale_source = Site.ScaleSource.DERIVED
