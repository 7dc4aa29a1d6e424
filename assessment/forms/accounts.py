"""Sign-up: a new account and its firm in one form; a firm for a signed-in user."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _


class FirmForm(forms.Form):
    firm_name = forms.CharField(
        label=_("Firm name"),
        max_length=200,
        help_text=_("The mining company you assess; you become its owner."),
    )

    def clean_firm_name(self) -> str:
        name = self.cleaned_data["firm_name"].strip()
        if not name:
            raise forms.ValidationError(_("Enter the firm's name."), code="required")
        return name


class SignupForm(UserCreationForm):
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        help_text=_("For password resets and invitations."),
    )
    firm_name = FirmForm.base_fields["firm_name"]
    clean_firm_name = FirmForm.clean_firm_name

    field_order = ["username", "email", "password1", "password2", "firm_name"]

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if get_user_model()._default_manager.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("An account with this email already exists: sign in or reset its password."),
                code="email_taken",
            )
        return email
