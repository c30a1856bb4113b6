"""QAD templates in the admin: drafts are edited here through the same
services as everything else; a published template in use shows read-only.

QADs themselves change only through the portal's pages and API.
"""

from django.contrib import admin, messages
from simple_history.admin import SimpleHistoryAdmin

from mhhs_portal.exceptions import ApplicationError

from . import selectors, services
from .models import QadTemplate, TemplateQuestion, TemplateSection
from .rights import can_edit_templates


class _FrozenReadOnly:
    """Change and delete only for template editors, and only while the template is not frozen.

    Checking here (not only in the services) makes the admin show a frozen
    template read-only instead of failing when it is saved.
    """

    def template_of(self, obj):
        raise NotImplementedError

    def _editable(self, request, obj) -> bool:
        if not can_edit_templates(request.user):
            return False
        return obj is None or not services.template_is_frozen(self.template_of(obj))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._editable(request, obj)


class _Inline(_FrozenReadOnly):
    # An inline's `obj` is its parent row.
    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._editable(request, obj)


class _ServiceSaves(_FrozenReadOnly):
    def has_add_permission(self, request):
        return super().has_add_permission(request) and can_edit_templates(request.user)

    def save_model(self, request, obj, form, change):
        services.template_row_save(actor=request.user, row=obj)

    def delete_model(self, request, obj):
        services.template_row_delete(actor=request.user, row=obj)

    def save_formset(self, request, form, formset, change):
        rows = formset.save(commit=False)
        for row in formset.deleted_objects:
            services.template_row_delete(actor=request.user, row=row)
        for row in rows:
            services.template_row_save(actor=request.user, row=row)
        formset.save_m2m()


class TemplateSectionInline(_Inline, admin.TabularInline):
    model = TemplateSection
    extra = 0
    fields = ["order", "key", "title", "scope", "required_for_initial"]
    show_change_link = True

    def template_of(self, obj):
        return obj


class TemplateQuestionInline(_Inline, admin.StackedInline):
    model = TemplateQuestion
    extra = 0
    fields = [("order", "key", "type", "mandatory", "marks_final"), "text", "guidance", "choices"]

    def template_of(self, obj):
        return obj.template


@admin.register(QadTemplate)
class QadTemplateAdmin(_ServiceSaves, SimpleHistoryAdmin):
    list_display = ["name", "version", "status", "published_at"]
    list_filter = ["status"]
    readonly_fields = ["status", "published_at"]
    inlines = [TemplateSectionInline]
    actions = ["publish", "new_version"]

    def template_of(self, obj):
        return obj

    @admin.action(description="Publish the selected drafts")
    def publish(self, request, queryset):
        self._each(request, queryset, services.qad_template_publish, "published")

    @admin.action(description="Make a new draft version of the selected templates")
    def new_version(self, request, queryset):
        self._each(request, queryset, services.qad_template_new_version, "copied to a new draft")

    def _each(self, request, queryset, service, done: str) -> None:
        for template in queryset:
            try:
                service(actor=request.user, template=template)
            except ApplicationError as exc:
                self.message_user(request, f"{template}: {exc.message}", messages.ERROR)
            else:
                self.message_user(request, f"{template} {done}.")


@admin.register(TemplateSection)
class TemplateSectionAdmin(_ServiceSaves, SimpleHistoryAdmin):
    list_display = ["title", "template", "scope", "order"]
    list_filter = ["template", "scope"]
    list_select_related = ["template"]
    filter_horizontal = ["market_roles"]
    inlines = [TemplateQuestionInline]

    def template_of(self, obj):
        return obj.template

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "template":
            # A section can only be added to a template that may still change.
            kwargs["queryset"] = selectors.templates_unfrozen()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
