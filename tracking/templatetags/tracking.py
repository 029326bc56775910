from django import template

from ..selectors import campaign_tracking

register = template.Library()


@register.inclusion_tag("tracking/includes/campaign_tracking.html")
def campaign_tracking_panel(campaign):
    """Response deadlines and the Open Parliament Licence line for a campaign page."""
    return {"tracking": campaign_tracking(campaign_id=campaign.pk)}
