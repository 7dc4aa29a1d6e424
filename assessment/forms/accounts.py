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
        help_text=_("We send a link to confirm it; invitations need a confirmed address."),
    )
    firm_name = FirmForm.base_fields["firm_name"]
    clean_firm_name = FirmForm.clean_firm_name

    field_order = ["username", "email", "password1", "password2", "firm_name"]

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")

    def clean_username(self) -> str:
        username = super().clean_username()
        # An address-like username could pass for an address its owner never proved to read.
        if "@" in username and username.lower() != self.data.get("email", "").strip().lower():
            raise forms.ValidationError(
                _("A username with @ must be your own email address, as entered below."),
                code="email_like_username",
            )
        return username


class InvitedSignupForm(UserCreationForm):
    """A new account for the invited address: the link proved the address, so no email field."""

    field_order = ["username", "password1", "password2"]

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username",)

    def __init__(self, *args, email: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.email = email

    def clean_username(self) -> str:
        username = super().clean_username()
        if "@" in username and username.lower() != self.instance.email:
            raise forms.ValidationError(
                _("A username with @ must be the invited email address."),
                code="email_like_username",
            )
        return username
