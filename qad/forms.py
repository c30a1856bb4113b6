"""Forms of the QAD pages. The section form is built from the template's
questions; what counts as a valid answer is decided by the service."""

from django import forms

from .models import QuestionType

YES_NO = [("yes", "Yes"), ("no", "No")]


def _field(question) -> forms.Field:
    common = {"label": question.text, "help_text": question.guidance, "required": False}
    kind = question.type
    if kind == QuestionType.TEXT:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), **common)
    if kind == QuestionType.YES_NO:
        return forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect, **common)
    if kind == QuestionType.SINGLE_CHOICE:
        choices = [(c, c) for c in question.choices]
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if kind == QuestionType.MULTIPLE_CHOICE:
        choices = [(c, c) for c in question.choices]
        return forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **common
        )
    if kind == QuestionType.DATE:
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    return forms.CharField(max_length=200, **common)


def _initial(question, value):
    if value is None:
        return None
    if question.type == QuestionType.YES_NO:
        return "yes" if value else "no"
    if question.type == QuestionType.EXTERNAL_REF:
        return value.get("reference")
    return value


class SectionAnswersForm(forms.Form):
    """One field per non-file question (an external reference adds a link field)."""

    def __init__(self, *args, questions, answers: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = [q for q in questions if q.type != QuestionType.FILE]
        for question in self.questions:
            value = answers.get(question.pk)
            self.fields[question.key] = _field(question)
            self.fields[question.key].initial = _initial(question, value)
            if question.type == QuestionType.EXTERNAL_REF:
                self.fields[question.key].label = f"{question.text}: reference (e.g. ADO ID)"
                self.fields[f"{question.key}__url"] = forms.CharField(
                    label="Link to it (optional)",
                    required=False,
                    max_length=500,
                    initial=(value or {}).get("url"),
                )

    def values(self) -> dict:
        data = self.cleaned_data
        values = {}
        for question in self.questions:
            value = data.get(question.key)
            if question.type == QuestionType.DATE and value:
                value = value.isoformat()
            if question.type == QuestionType.EXTERNAL_REF:
                value = {"reference": value or "", "url": data.get(f"{question.key}__url", "")}
            values[question.key] = value
        return values


class EvidenceUploadForm(forms.Form):
    file = forms.FileField(label="Choose a file")


class CommentForm(forms.Form):
    text = forms.CharField(label="Comment", widget=forms.Textarea(attrs={"rows": 3}))
    internal = forms.BooleanField(label="Internal: visible to reviewers only", required=False)


class ReviewForm(forms.Form):
    verdict = forms.ChoiceField(
        choices=[("accept", "Accept"), ("request_changes", "Request changes")],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="Comment to the participant",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="Required when you request changes: say what must change.",
    )
    body = forms.CharField(widget=forms.HiddenInput, required=False)


class ReopenRequestForm(forms.Form):
    reason = forms.CharField(label="Why must it reopen?", widget=forms.Textarea(attrs={"rows": 3}))


class ReopenDecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        choices=[("1", "Approve"), ("0", "Refuse")], coerce=lambda v: v == "1"
    )
    note = forms.CharField(required=False, max_length=500)


class PasswordConfirmForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class SignOffForm(forms.Form):
    declaration_version = forms.CharField(widget=forms.HiddenInput)
    agree = forms.BooleanField(label="I make this declaration")
