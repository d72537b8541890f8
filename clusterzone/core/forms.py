"""Form helpers shared by every app's page forms."""

from django import forms


class BootstrapMixin:
    """Bootstrap 5 classes on every widget; forms call self._style() after building fields."""

    def _style(self):
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")
