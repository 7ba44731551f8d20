"""The site's own framework packs: a year's framework the central office adds (as the pack's YAML
text), beside those that come with Prongsai. A code's text never changes: a changed framework is a
new pack with its own code, so the scores of rounds already made stay as they were; a removed
framework keeps its row (removed_at), so its code is never given to another text."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SiteFramework(models.Model):
    code = models.CharField(_("code"), max_length=64, unique=True)
    text = models.TextField(_("framework pack (YAML)"))
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", verbose_name=_("added by"))
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("assessment framework")
        verbose_name_plural = _("assessment frameworks")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code
