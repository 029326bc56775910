"""What the site search finds among campaigns (declared on CampaignsConfig)."""

from .selectors import campaigns_published


class CampaignSearchSource:
    kind = "Campaign"
    order = 1  # after publications among equal ranks
    date_field = None
    vector_field = "search_vector"

    def queryset(self):
        return campaigns_published()
