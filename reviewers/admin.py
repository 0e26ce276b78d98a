from django import forms
from django.contrib import admin

from config.admin import ReadOnlyAdmin

from .models import Assignment, ReviewerAccreditation, ReviewerProfile, Rubric
from .rubrics import descriptor_problems, next_version_number


@admin.register(ReviewerProfile)
class ReviewerProfileAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "created_at"]
    list_select_related = ["user"]


@admin.register(ReviewerAccreditation)
class ReviewerAccreditationAdmin(ReadOnlyAdmin):
    list_display = ["reviewer", "valid_from", "valid_until"]
    list_select_related = ["reviewer__user"]


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ["reviewer", "version", "state", "respond_by", "review_due"]
    list_select_related = ["reviewer__user", "version__dossier"]


class RubricForm(forms.ModelForm):
    class Meta:
        model = Rubric
        fields = ["version", "descriptors"]

    def clean_descriptors(self):
        descriptors = self.cleaned_data["descriptors"]
        problems = descriptor_problems(descriptors)
        if problems:
            raise forms.ValidationError(problems)
        return descriptors


@admin.register(Rubric)
class RubricAdmin(ReadOnlyAdmin):
    """Staff add a new rubric version (prefilled with the latest one); a version is never
    changed or deleted, because the reviews made with it keep pointing to it."""

    form = RubricForm
    list_display = ["version", "created_at"]

    def has_add_permission(self, request):
        return request.user.has_perm("reviewers.add_rubric")

    def get_changeform_initial_data(self, request):
        latest = Rubric.objects.order_by("-version").first()
        return {
            "version": next_version_number(Rubric),
            "descriptors": latest.descriptors if latest else {},
        }
