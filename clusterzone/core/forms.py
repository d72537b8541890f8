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


class PeriodSelect(forms.Select):
    """The period picker as a form widget: periods of `kinds` labelled 2025年4月 (grouped by
    year, newest first, core.periods.picker_choices), valued by the period code the services
    take. `blank` labels an empty first option ("全部") for optional fields and filters."""

    def __init__(self, kinds="monthly", blank="", attrs=None):
        super().__init__(attrs)
        self.kinds = kinds
        self.blank = blank

    def optgroups(self, name, value, attrs=None):
        from django.utils import timezone

        from .periods import picker_choices

        selected = next((v for v in (value or []) if v), "")
        groups = picker_choices(self.kinds, selected=selected or None, today=timezone.localdate())
        offered = {code for _year, options in groups for code, _label in options}
        choices = [("", self.blank)] if self.blank else []
        choices += [(year, options) for year, options in groups]
        if selected and selected not in offered:
            choices.append((selected, selected))  # an invalid value stays visible beside its error
        self.choices = choices
        return super().optgroups(name, value, attrs)
