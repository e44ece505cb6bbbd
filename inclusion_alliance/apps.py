from django.apps import AppConfig


class InclusionAllianceConfig(AppConfig):
    name = "inclusion_alliance"
    verbose_name = "Digital Inclusion Alliance"
