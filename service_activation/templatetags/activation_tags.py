from django import template

from .. import selectors
from ..dip_onboarding import onboarding_status

register = template.Library()


@register.inclusion_tag("service_activation/_organisation_summary.html", takes_context=True)
def activation_summary(context, organisation):
    """The participant home's block: the organisation's activations and DIP onboarding."""
    user = context["request"].user
    activations = selectors.activations_visible_to(user).filter(
        qualification__organisation=organisation
    )
    onboarding = selectors.onboarding_of(
        selectors.onboarding_organisation_get(user, organisation.pk)
    )
    return {
        "organisation": organisation,
        "activations": list(activations.order_by("qualification__market_role__order")),
        "onboarding_status": onboarding_status(onboarding),
    }
