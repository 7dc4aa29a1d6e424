"""What the API answers: plain JSON of firms, sites, assessments (with their results), gaps and
actions. Codes, not labels: statuses, bands and roles are the values the README documents;
names of areas are in the request's language (Accept-Language)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assessment.action_rules import DUE_SOON_CHOICES
from assessment.models import Action, Assessment, Firm, Membership, Site
from assessment.results import AssessmentResults
from assessment.scoring.green_mine import GREEN_READY_AT


class FirmSerializer(serializers.ModelSerializer):
    role = serializers.ChoiceField(
        choices=Membership.Role.choices, source="membership_role", help_text="your role in it"
    )

    class Meta:
        model = Firm
        fields = ["id", "name", "role", "created_at"]


class SiteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Site
        fields = [
            "id", "firm", "name", "province", "minerals", "stage", "method", "annual_capacity",
            "scale", "licensed_producing", "created_at",
        ]  # fmt: skip


class AssessmentSerializer(serializers.ModelSerializer):
    framework = serializers.CharField(source="version.framework.code")
    version = serializers.CharField(source="version.version")

    class Meta:
        model = Assessment
        fields = [
            "id", "site", "framework", "version", "state", "created_at", "submitted_at",
            "carried_from",
        ]  # fmt: skip


class CountsSerializer(serializers.Serializer):
    applicable = serializers.IntegerField()
    answered = serializers.IntegerField(help_text="N/A included")
    na = serializers.IntegerField()
    unanswered = serializers.IntegerField()
    unsupported = serializers.IntegerField()
    to_confirm = serializers.IntegerField(help_text="carried over, not yet confirmed")


class AreaResultSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    score = serializers.FloatField(
        allow_null=True, help_text="0-100; null: no applicable criterion"
    )
    weight_total = serializers.IntegerField()
    weighted_sum = serializers.FloatField()


class ResultsSerializer(serializers.Serializer):
    """The figures of the results page (and of `manage.py score --json`)."""

    scored_on = serializers.DateField()
    provisional = serializers.BooleanField(help_text="a draft: changes with its answers")
    overall = serializers.FloatField(allow_null=True)
    band = serializers.CharField(allow_null=True)
    score_band = serializers.CharField(allow_null=True)
    completion = serializers.FloatField(help_text="0-1")
    counts = CountsSerializer()
    areas = AreaResultSerializer(many=True)
    failed_gates = serializers.ListField(child=serializers.CharField())
    law_zero = serializers.ListField(child=serializers.CharField())
    green_mine_ready = serializers.BooleanField(
        help_text=f"green area score at least {GREEN_READY_AT} and no failed gate in it"
    )


def results_data(results: AssessmentResults) -> dict[str, Any]:
    score = results.score.to_dict()
    names = results.area_names
    return {
        "scored_on": results.scored_on,
        "provisional": results.provisional,
        **{key: score[key] for key in ("overall", "band", "score_band", "completion", "counts")},
        "areas": [
            {key: area[key] for key in ("code", "score", "weight_total", "weighted_sum")}
            | {"name": names.get(area["code"], "")}
            for area in score["areas"]
        ],
        "failed_gates": score["failed_gates"],
        "law_zero": score["law_zero"],
        "green_mine_ready": results.green_mine_ready,
    }


class SiteAssessmentSerializer(AssessmentSerializer):
    """An assessment of a site's list; the view sets `results` (None for a draft)."""

    results = serializers.SerializerMethodField(
        help_text=(
            "a submitted (or archived) assessment's results, as stored at its submission: they "
            "never change. null for a draft: its results change with every answer and every "
            "day; /assessments/ID/ scores them (provisional)."
        )
    )

    class Meta(AssessmentSerializer.Meta):
        fields = [*AssessmentSerializer.Meta.fields, "results"]

    @extend_schema_field(ResultsSerializer(allow_null=True))
    def get_results(self, assessment: Assessment) -> dict[str, Any] | None:
        if assessment.results is None:
            return None
        return ResultsSerializer(results_data(assessment.results)).data


class AssessmentResultsSerializer(AssessmentSerializer):
    """An assessment with its results; the view sets `results` (assessment_results)."""

    results = serializers.SerializerMethodField()

    class Meta(AssessmentSerializer.Meta):
        fields = [*AssessmentSerializer.Meta.fields, "results"]

    @extend_schema_field(ResultsSerializer)
    def get_results(self, assessment: Assessment) -> dict[str, Any]:
        return ResultsSerializer(results_data(assessment.results)).data


class GapSerializer(serializers.Serializer):
    """A gap as `manage.py score --json` prints it (Gap.to_dict)."""

    code = serializers.CharField()
    area = serializers.CharField()
    score = serializers.FloatField(help_text="s, 0-1")
    weight = serializers.IntegerField()
    force = serializers.CharField()
    gate = serializers.BooleanField()
    deadline = serializers.DateField(allow_null=True)
    force_factor = serializers.IntegerField()
    urgency = serializers.FloatField()
    priority = serializers.FloatField()
    status = serializers.CharField()
    unsupported = serializers.BooleanField()


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return user.get_full_name() or user.username


class ActionSerializer(serializers.ModelSerializer):
    site_name = serializers.CharField(source="site.name")
    area = serializers.CharField(source="criterion.area.code")
    owner = PersonSerializer(allow_null=True)
    priority = serializers.FloatField()
    overdue = serializers.BooleanField()

    class Meta:
        model = Action
        fields = [
            "id", "site", "site_name", "assessment", "criterion_code", "area", "title",
            "description", "owner", "due_on", "status", "priority", "overdue", "created_at",
            "updated_at",
        ]  # fmt: skip


class PlanFilterSerializer(serializers.Serializer):
    """The firm plan's filters (assessment/plans.py), from the query string; a wrong value
    answers 400 with its reason."""

    owner = serializers.RegexField(
        r"^(me|none|[0-9]{1,12})$", required=False, help_text="me, none or a person's id"
    )
    status = serializers.ChoiceField(
        choices=["all", *Action.State.values],
        required=False,
        help_text="default: open and in progress",
    )
    area = serializers.CharField(max_length=50, required=False, help_text="an area code")
    due = serializers.ChoiceField(
        choices=["overdue", *(str(days) for days in DUE_SOON_CHOICES)],
        required=False,
        help_text="overdue, or due within that many days",
    )
    sort = serializers.ChoiceField(choices=["due", "priority"], required=False)
