"""DomainError: the one error type services raise for bad input or a refused action.

Views show it beside the field (or at the top of the form), the API answers 400 with it,
the CLI prints it and exits 1.
"""

from django.core.exceptions import ValidationError


class DomainError(Exception):
    def __init__(self, message, *, code: str = "invalid", field: str | None = None, errors=None):
        super().__init__(str(message))
        self.message = str(message)
        self.code = code
        self.field = field
        # errors: {field: [messages]} when several fields are wrong at once
        self.errors = errors or ({field: [self.message]} if field else {})

    @classmethod
    def from_validation_error(cls, exc: ValidationError) -> "DomainError":
        if hasattr(exc, "error_dict"):
            errors = {f: [str(m) for e in errs for m in e.messages] for f, errs in exc.error_dict.items()}
            first_field = next(iter(errors))
            return cls(
                errors[first_field][0], field=None if first_field == "__all__" else first_field, errors=errors
            )
        return cls("；".join(exc.messages))

    def as_dict(self) -> dict:
        if self.errors:
            return {("non_field_errors" if k in (None, "__all__") else k): v for k, v in self.errors.items()}
        return {"detail": self.message}


class PermissionDenied(DomainError):
    def __init__(self, message=None):
        from django.utils.translation import gettext as _

        super().__init__(message or _("您没有执行此操作的权限。"), code="permission_denied")


class NotFound(DomainError):
    def __init__(self, message=None):
        from django.utils.translation import gettext as _

        super().__init__(message or _("对象不存在或不在您的权限范围内。"), code="not_found")
