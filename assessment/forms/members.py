"""Owners invite members by email and change their roles."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from assessment.models import Firm, Membership


class MemberAddForm(forms.Form):
    email = forms.EmailField(label=_("Email"), max_length=254)
    role = forms.ChoiceField(
        label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.EDITOR
    )

    def __init__(self, *args, firm: Firm, **kwargs) -> None:
        kwargs.setdefault("auto_id", "id_add_%s")
        super().__init__(*args, **kwargs)
        self.firm = firm

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        # Only the firm's own members are looked at: whether an account exists elsewhere is
        # never revealed.
        if self.firm.memberships.filter(user__email__iexact=email).exists():
            raise forms.ValidationError(
                _("%(email)s is already a member of this firm."),
                code="already_member",
                params={"email": email},
            )
        return email


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Membership.Role.choices,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )

    @classmethod
    def for_membership(cls, membership: Membership) -> MemberRoleForm:
        return cls(initial={"role": membership.role}, auto_id=f"id_member_{membership.pk}_%s")
