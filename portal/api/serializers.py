"""What the provider API answers, and the documentation of what it accepts.

Request bodies are dossier content in the interchange format, validated by `schema.validate()`
(the same check as the bulk import and submission), not by DRF fields: these serializers
shape and document responses, and name the request body's schema.
"""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accreditation.models import Dossier, DossierState
from reviewers.blind import provider_reviews_data


class DossierContentSerializer(serializers.Serializer):
    """The interchange format (`dossier.schema.json`); documented by `openapi.py`."""


class DossierContentField(serializers.JSONField):
    """A dossier's content, as stored (documented as the interchange format)."""


class BilingualSerializer(serializers.Serializer):
    ja = serializers.CharField()
    en = serializers.CharField()


class ProblemSerializer(serializers.Serializer):
    pointer = serializers.CharField(help_text="JSON pointer (RFC 6901) of the field at fault.")
    message = BilingualSerializer()


class ErrorSerializer(serializers.Serializer):
    detail = BilingualSerializer()
    errors = ProblemSerializer(many=True)


class ScreeningCheckSerializer(serializers.Serializer):
    id = serializers.CharField()
    status = serializers.ChoiceField(choices=["pass", "fail", "warn"])
    message = BilingualSerializer()


class ScreeningReportSerializer(serializers.Serializer):
    eligible = serializers.BooleanField()
    checks = ScreeningCheckSerializer(many=True)


class NotSubmittableSerializer(ErrorSerializer):
    """409 on submission: the schema's problems in `errors` and the screening report."""

    screening = ScreeningReportSerializer()


class DossierSummarySerializer(serializers.ModelSerializer):
    state = serializers.ChoiceField(choices=DossierState.choices)
    title = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Dossier
        fields = [
            "id",
            "url",
            "provider_reference",
            "state",
            "title",
            "created_at",
            "updated_at",
            "state_changed_at",
        ]

    @extend_schema_field(BilingualSerializer)
    def get_title(self, dossier):
        if hasattr(dossier, "listed_title"):  # a list's row: the title alone was read
            title = dossier.listed_title
        else:
            title = dossier.content.get("title") if isinstance(dossier.content, dict) else None
        title = title if isinstance(title, dict) else {}
        return {"ja": title.get("ja", ""), "en": title.get("en", "")}

    def get_url(self, dossier) -> str:
        path = reverse("provider_api:dossier", kwargs={"pk": dossier.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class BlindScoreSerializer(serializers.Serializer):
    reviewer = serializers.IntegerField(help_text="1, 2…: reviewers are numbered, never named.")
    score = serializers.IntegerField(allow_null=True, min_value=0, max_value=3)
    comment = serializers.CharField(allow_blank=True)


class BlindReviewsSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="The decided version these reviews scored.")
    reviewer_count = serializers.IntegerField()
    criteria = serializers.DictField(
        child=BlindScoreSerializer(many=True), help_text="Per standard field, each score."
    )


class DossierSerializer(DossierSummarySerializer):
    content = DossierContentField(
        help_text="The working copy, without `provider_reference` (given beside it)."
    )
    reviews = serializers.SerializerMethodField(
        help_text="The reviewers' scores and comments on each version the committee decided."
    )

    class Meta(DossierSummarySerializer.Meta):
        fields = [*DossierSummarySerializer.Meta.fields, "credential_id", "content", "reviews"]

    @extend_schema_field(BlindReviewsSerializer(many=True))
    def get_reviews(self, dossier):
        return provider_reviews_data(dossier)


class SubmissionSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The dossier's id.")
    state = serializers.ChoiceField(choices=DossierState.choices)
    version = serializers.IntegerField(help_text="The number of the version now submitted.")
    submitted_at = serializers.DateTimeField()
