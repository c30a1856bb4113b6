"""A published template is frozen once a QAD uses it; a change is a new version."""

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.urls import reverse

from mhhs_portal.exceptions import IllegalTransition, NotPermitted
from qad import services
from qad.models import QadTemplate, TemplateQuestion, TemplateSection
from tests.factories import UserFactory

from .conftest import ledger

pytestmark = pytest.mark.django_db


@pytest.fixture
def used(qad_a):
    """The starter template, published, with a QAD using it."""
    return qad_a.template


@pytest.fixture
def superuser(db):
    return UserFactory(email="root@programme.test", is_staff=True, is_superuser=True)


def _snapshot(template):
    return (
        QadTemplate.objects.filter(pk=template.pk).values_list("name", "status").get(),
        list(TemplateSection.objects.filter(template=template).values_list("pk", "title")),
        list(TemplateQuestion.objects.filter(section__template=template).values_list("pk", "text")),
    )


def _edits(template):
    section = template.sections.first()
    question = section.questions.first()
    template.name = "Renamed"
    section.title = "Renamed section"
    question.text = "Reworded?"
    added = TemplateQuestion(section=section, key="new", text="New?", type="text")
    return template, section, question, added


def test_a_published_template_in_use_refuses_every_edit_and_nothing_changes(used, test_manager):
    before = _snapshot(used)
    for row in _edits(QadTemplate.objects.get(pk=used.pk)):
        with pytest.raises(IllegalTransition) as refused:
            services.template_row_save(actor=test_manager, row=row)
        assert refused.value.code == "template_frozen"
    question = used.sections.first().questions.first()
    with pytest.raises(IllegalTransition):
        services.template_row_delete(actor=test_manager, row=question)
    assert _snapshot(used) == before


def test_a_draft_and_an_unused_published_template_can_change(used, test_manager):
    draft = services.qad_template_new_version(actor=test_manager, template=used)
    for row in _edits(draft):
        services.template_row_save(actor=test_manager, row=row)
    assert QadTemplate.objects.get(pk=draft.pk).name == "Renamed"
    services.qad_template_publish(actor=test_manager, template=draft)
    section = draft.sections.first()
    section.title = "Typo fixed before any QAD uses it"
    services.template_row_save(actor=test_manager, row=section)
    assert TemplateSection.objects.get(pk=section.pk).title == section.title


def _shape(template) -> list:
    return [
        (
            s.key,
            s.scope,
            sorted(r.code for r in s.market_roles.all()),
            [(q.key, q.text, q.type, q.mandatory, q.marks_final) for q in s.questions.all()],
        )
        for s in template.sections.all()
    ]


def test_a_new_version_is_a_new_draft_row_with_the_same_content(used, test_manager):
    copy = services.qad_template_new_version(actor=test_manager, template=used)

    assert copy.pk != used.pk
    assert (copy.name, copy.version, copy.status) == (used.name, used.version + 1, "draft")
    assert _shape(copy) == _shape(used)
    assert ledger()[-1] == "qad_template_version_created"
    assert services.template_current() == used, "a draft is not used until it is published"


def test_publishing_makes_new_qads_use_the_new_version_and_leaves_old_ones(
    used, qad_a, test_manager
):
    copy = services.qad_template_new_version(actor=test_manager, template=used)
    published = services.qad_template_publish(actor=test_manager, template=copy)

    assert published.status == "published" and published.published_at is not None
    assert services.template_current() == published
    assert type(qad_a).objects.get(pk=qad_a.pk).template == used
    assert ledger()[-1] == "qad_template_published"
    assert published.history.first().history_change_reason == "published"


def test_publishing_twice_is_refused(used, test_manager):
    with pytest.raises(IllegalTransition) as refused:
        services.qad_template_publish(actor=test_manager, template=used)
    assert refused.value.code == "template_published"


def test_the_status_changes_only_by_publishing(used, test_manager):
    draft = services.qad_template_new_version(actor=test_manager, template=used)
    draft.status = "published"
    with pytest.raises(Exception, match="Publish"):
        services.template_row_save(actor=test_manager, row=draft)
    assert QadTemplate.objects.get(pk=draft.pk).status == "draft"


@pytest.mark.parametrize("who", ["admin_a", "bsc_reviewer", "programme_viewer"])
def test_only_test_managers_change_templates(request, used, test_manager, who):
    actor = request.getfixturevalue(who)
    draft = services.qad_template_new_version(actor=test_manager, template=used)
    events = ledger()
    for call in (
        lambda: services.qad_template_publish(actor=actor, template=draft),
        lambda: services.qad_template_new_version(actor=actor, template=used),
        lambda: services.template_row_save(actor=actor, row=draft),
    ):
        with pytest.raises(NotPermitted):
            call()
    assert QadTemplate.objects.get(pk=draft.pk).status == "draft"
    assert QadTemplate.objects.count() == 2 and ledger() == events


def test_the_admin_shows_a_template_in_use_read_only(used, superuser, test_manager, client):
    draft = services.qad_template_new_version(actor=test_manager, template=used)
    request = RequestFactory().get("/")
    request.user = superuser
    template_admin = site._registry[QadTemplate]
    section_admin = site._registry[TemplateSection]
    assert not template_admin.has_change_permission(request, used)
    assert not template_admin.has_delete_permission(request, used)
    assert not section_admin.has_change_permission(request, used.sections.first())
    assert template_admin.has_change_permission(request, draft)
    assert section_admin.has_change_permission(request, draft.sections.first())
    assert (
        used
        not in section_admin.formfield_for_foreignkey(
            TemplateSection._meta.get_field("template"), request
        ).queryset
    )

    client.force_login(superuser)
    url = reverse("admin:qad_qadtemplate_change", args=[used.pk])
    page = client.get(url)
    assert page.status_code == 200 and b'name="_save"' not in page.content
    assert client.post(url, {"name": "Renamed"}).status_code == 403
    assert QadTemplate.objects.get(pk=used.pk).name == used.name


def test_the_admin_saves_through_the_service(used, superuser, test_manager):
    draft = services.qad_template_new_version(actor=test_manager, template=used)
    request = RequestFactory().post("/")
    request.user = superuser
    section_admin = site._registry[TemplateSection]
    section = draft.sections.first()
    section.title = "Reworded in the admin"
    section_admin.save_model(request, section, form=None, change=True)
    assert section.history.first().history_change_reason == "template edited"

    frozen = used.sections.first()
    frozen.title = "Reworded in the admin"
    with pytest.raises(IllegalTransition):
        section_admin.save_model(request, frozen, form=None, change=True)
    assert TemplateSection.objects.get(pk=frozen.pk).title != frozen.title


def test_a_section_cannot_be_moved_out_of_a_frozen_template(used, test_manager):
    draft = services.qad_template_new_version(actor=test_manager, template=used)
    section = used.sections.first()
    section.template = draft
    section.key = "moved"
    with pytest.raises(IllegalTransition):
        services.template_row_save(actor=test_manager, row=section)
    assert TemplateSection.objects.get(pk=section.pk).template_id == used.pk
