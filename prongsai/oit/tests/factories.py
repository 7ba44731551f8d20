"""Rounds for the OIT tests."""
from prongsai.oit.models import Disclosure
from prongsai.surveys.models import PublishedScore


def as_being_assessed(rnd):
    """The round's figures as a round still being assessed: without the published report's own OIT
    score, its verdicts are an assessor's to give (those of an official report are not:
    oit.services.holds_published_report). Lak Si's figures stay the golden ones to check against."""
    PublishedScore.objects.filter(round=rnd, code="OIT", unit=None, service_type=None).delete()
    # the agency has said where each item is published (an assessor passes nothing without it)
    for d in Disclosure.objects.filter(round=rnd):
        Disclosure.objects.filter(pk=d.pk).update(urls=[f"https://www.laksi.go.th/ita/{d.item}"], url=f"https://www.laksi.go.th/ita/{d.item}")
    return rnd
