"""A firm's page (sites and members) and the owners' member management."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from assessment import invitations, members
from assessment.access import get_firm_for, get_member_of, get_pending_invitation_of
from assessment.forms.members import MemberAddForm, MemberRoleForm
from assessment.models import Firm, Membership
from assessment.overview import sites_with_latest_assessment


@login_required
def firm_detail(request: HttpRequest, firm_id: int) -> HttpResponse:
    firm = get_firm_for(request.user, firm_id)
    return _firm_page(request, firm)


def _firm_page(
    request: HttpRequest, firm: Firm, add_form: MemberAddForm | None = None
) -> HttpResponse:
    is_owner = firm.membership.is_owner
    memberships = list(firm.memberships.select_related("user").order_by("user__username"))
    member_rows = [
        {"membership": m, "form": MemberRoleForm.for_membership(m) if is_owner else None}
        for m in memberships
    ]
    if is_owner and add_form is None:
        add_form = MemberAddForm(firm=firm)
    context = {
        "firm": firm,
        "is_owner": is_owner,
        "can_write": firm.membership.can_write,
        "sites": sites_with_latest_assessment(firm.sites.order_by("name", "pk")),
        "members": member_rows,
        "invitations": firm.invitations.filter(accepted_at=None).order_by("email")
        if is_owner
        else [],
        "add_form": add_form,
    }
    return render(request, "assessment/firm_detail.html", context)


@login_required
def member_add(request: HttpRequest, firm_id: int) -> HttpResponse:
    # Access before method: outsiders get 404 and other members 403 for a GET as for a POST.
    firm = get_firm_for(request.user, firm_id, owner=True)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = MemberAddForm(request.POST, firm=firm)
    if not form.is_valid():
        return _firm_page(request, firm, add_form=form)
    emailed = invitations.invitation_send(
        firm=firm,
        email=form.cleaned_data["email"],
        role=form.cleaned_data["role"],
        invited_by=request.user,
        build_url=request.build_absolute_uri,
    )
    values = {
        "email": form.cleaned_data["email"],
        "role": Membership.Role(form.cleaned_data["role"]).label,
    }
    if emailed:
        messages.success(
            request,
            _(
                "Invited %(email)s as %(role)s: they become a member when they accept "
                "the link we emailed."
            )
            % values,
        )
    else:
        messages.warning(
            request,
            _("The invitation of %(email)s as %(role)s could not be emailed; send it again later.")
            % values,
        )
    return redirect("assessment:firm_detail", firm.pk)


@login_required
def invitation_remove(request: HttpRequest, firm_id: int, invitation_id: int) -> HttpResponse:
    firm = get_firm_for(request.user, firm_id, owner=True)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    invitation = get_pending_invitation_of(firm, invitation_id)
    invitations.invitation_cancel(invitation=invitation)
    messages.success(
        request, _("The invitation of %(email)s was cancelled.") % {"email": invitation.email}
    )
    return redirect("assessment:firm_detail", firm.pk)


@login_required
def member_role(request: HttpRequest, firm_id: int, membership_id: int) -> HttpResponse:
    # Access before method: outsiders get 404 and other members 403 for a GET as for a POST.
    firm = get_firm_for(request.user, firm_id, owner=True)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    membership = get_member_of(firm, membership_id)
    form = MemberRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles."))
        return redirect("assessment:firm_detail", firm.pk)
    try:
        membership = members.member_change_role(
            membership=membership, role=form.cleaned_data["role"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(user)s is now %(role)s.")
            % {"user": membership.user.get_username(), "role": membership.get_role_display()},
        )
    return redirect("assessment:firm_detail", firm.pk)


@login_required
def member_remove(request: HttpRequest, firm_id: int, membership_id: int) -> HttpResponse:
    # Access before method: outsiders get 404 and other members 403 for a GET as for a POST.
    firm = get_firm_for(request.user, firm_id, owner=True)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    membership = get_member_of(firm, membership_id)
    try:
        members.member_remove(membership=membership, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("assessment:firm_detail", firm.pk)
    messages.success(
        request,
        _("%(user)s is no longer a member of %(firm)s.")
        % {"user": membership.user.get_username(), "firm": firm},
    )
    if membership.user_id == request.user.pk:
        return redirect("assessment:dashboard")
    return redirect("assessment:firm_detail", firm.pk)
