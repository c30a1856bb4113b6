from django import forms


class ConfirmIdentityForm(forms.Form):
    """Your password, or a code from your authenticator app."""

    password = forms.CharField(
        label="Your password",
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = forms.CharField(
        label="Or a code from your authenticator app",
        required=False,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean(self):
        data = super().clean()
        if not data.get("password") and not data.get("code"):
            raise forms.ValidationError(
                "Enter your password or a code from your authenticator app."
            )
        return data

    def confirm(self, request) -> bool:
        """Checks the password or the code; on success the session records it."""
        from .reauth import confirm_code, confirm_password

        if not self.is_valid():
            return False
        password, code = self.cleaned_data["password"], self.cleaned_data["code"]
        if (password and confirm_password(request, password)) or (
            code and confirm_code(request, code.strip())
        ):
            return True
        field = "password" if password else "code"
        self.add_error(
            field,
            "That password is not right." if password else "That code is not right or was used.",
        )
        return False
