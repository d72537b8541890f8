"""The API token admin is read-only and shows no key (only the visible prefix, owner and dates)."""

from django.contrib import admin
from knox import admin as knox_admin  # noqa: F401  (registers knox's admin, replaced below)
from knox.models import AuthToken

admin.site.unregister(AuthToken)


@admin.register(AuthToken)
class ReadOnlyAuthTokenAdmin(admin.ModelAdmin):
    list_display = ("token_key", "user", "created", "expiry")
    fields = ("token_key", "user", "created", "expiry")
    readonly_fields = fields
    search_fields = ("token_key", "user__username")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
