"""Accepting an invitation from the link it was sent with."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from assessment import invitations
from assessment.forms.accounts import InvitedSignupForm
from assessment.models import Membership

TEMPLATE = "assessment/invitation_accept.html"


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Signed in as the invited address: a button that accepts. Signed out: sign in, or
    create an account for the address here. Signed in as someone else: how to go on."""
    try:
        invitation = invitations.invitation_for_link(token)
    except invitations.InvalidInvitation:
        return render(request, TEMPLATE, {"invalid": True}, status=400)
    user = request.user
    form = None
    try:
        if user.is_authenticated:
            if request.method == "POST" and invitations.can_accept(invitation, user):
                return _accepted(
                    request, invitations.invitation_accept(invitation=invitation, user=user)
                )
        else:
            form = InvitedSignupForm(
                request.POST if request.method == "POST" else None, email=invitation.email
            )
            if form.is_valid():
                with transaction.atomic():
                    user = form.save()
                    membership = invitations.invitation_accept(invitation=invitation, user=user)
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                return _accepted(request, membership)
    except invitations.InvalidInvitation:  # accepted or cancelled a moment ago
        return render(request, TEMPLATE, {"invalid": True}, status=400)
    context = {
        "invitation": invitation,
        "form": form,
        "can_accept": invitations.can_accept(invitation, user),
    }
    return render(request, TEMPLATE, context)


def _accepted(request: HttpRequest, membership: Membership) -> HttpResponse:
    messages.success(
        request,
        _("You are a member of %(firm)s as %(role)s.")
        % {"firm": membership.firm.name, "role": membership.get_role_display()},
    )
    return redirect("assessment:firm_detail", membership.firm_id)
