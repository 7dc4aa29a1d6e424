"""Forms of actions: a new action from a gap, changing one, a progress note, and the plan's
filters."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from assessment.action_rules import DUE_SOON_CHOICES
from assessment.actions import members_of
from assessment.forms.documents import DateInput
from assessment.models import Action, ActionNote, Site


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        return user.get_full_name() or user.username


class ActionForm(forms.ModelForm):
    owner = MemberChoiceField(queryset=None, required=False, label=_("Owner"))

    class Meta:
        model = Action
        fields = ["title", "description", "owner", "due_on"]
        widgets = {"due_on": DateInput(), "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, site: Site, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.site = site
        self.fields["owner"].queryset = members_of(site.firm_id)
        self.fields["owner"].empty_label = _("(nobody yet)")


class ActionEditForm(ActionForm):
    documents = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        label=_("Proof documents from the site's register"),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta(ActionForm.Meta):
        fields = ["title", "description", "owner", "due_on", "status", "drop_reason"]
        widgets = {**ActionForm.Meta.widgets, "drop_reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, site: Site, **kwargs) -> None:
        super().__init__(*args, site=site, **kwargs)
        self.fields["documents"].queryset = site.documents.all()
        if self.instance.pk:
            self.initial.setdefault("documents", list(self.instance.documents.all()))

    def _post_clean(self) -> None:
        # The status move is checked by actions.action_update, which knows who is asking.
        pass


class NoteForm(forms.ModelForm):
    class Meta:
        model = ActionNote
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}
        labels = {"text": _("Progress note")}


class PlanFilterForm(forms.Form):
    """The plan's filters, read from the page's query string; what is invalid is ignored."""

    owner = forms.ChoiceField(required=False, label=_("Owner"))
    status = forms.ChoiceField(required=False, label=_("Status"))
    area = forms.ChoiceField(required=False, label=_("Area"))
    due = forms.ChoiceField(required=False, label=_("Due"))
    sort = forms.ChoiceField(
        required=False,
        label=_("Sort by"),
        choices=[("due", _("due date")), ("priority", _("priority"))],
    )

    def __init__(self, *args, members, areas, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [
            ("", _("anyone")),
            ("me", _("me")),
            ("none", _("nobody yet")),
            *[(str(user.pk), user.get_full_name() or user.username) for user in members],
        ]
        self.fields["status"].choices = [
            ("", _("to do (open or in progress)")),
            ("all", _("all")),
            *Action.State.choices,
        ]
        # The areas the plan's actions are in, by code (one name per code: the first met).
        names = dict(reversed(list(areas)))
        self.fields["area"].choices = [("", _("every area")), *sorted(names.items())]
        self.fields["due"].choices = [
            ("", _("any time")),
            ("overdue", _("overdue")),
            *[(str(days), _("within %(days)d days") % {"days": days}) for days in DUE_SOON_CHOICES],
        ]

    def values(self) -> dict[str, str]:
        if not self.is_valid():
            return {name: "" for name in self.fields}
        return self.cleaned_data
