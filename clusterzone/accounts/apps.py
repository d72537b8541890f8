from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "clusterzone.accounts"
    label = "accounts"
    verbose_name = _("组织与用户")

    def ready(self):
        from django.db.models.signals import pre_save

        from .tokens import revoke_tokens_on_credential_change

        pre_save.connect(
            revoke_tokens_on_credential_change,
            sender=self.get_model("User"),
            dispatch_uid="accounts.revoke_tokens_on_credential_change",
        )
