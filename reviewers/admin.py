from django.contrib import admin

from accreditation.admin import ReadOnlyAdmin

from .models import Assignment, ReviewerAccreditation, ReviewerProfile, Rubric


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


@admin.register(Rubric)
class RubricAdmin(ReadOnlyAdmin):
    list_display = ["version", "created_at"]
