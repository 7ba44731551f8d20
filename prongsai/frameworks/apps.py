from django.apps import AppConfig


class FrameworksConfig(AppConfig):
    name = "prongsai.frameworks"
    label = "frameworks"

    def ready(self):
        from prongsai.scoring import use_site_packs

        from .site import site_codes, site_text

        use_site_packs(site_codes, site_text)
