from django.shortcuts import render

from publishing.cache import public_page
from publishing.json_ld import image_json_ld, organisation_json_ld
from publishing.views import publishable_get_for_request, publishable_render
from sitewide.site_url import absolute_url

from . import selectors


@public_page
def campaign_list(request):
    campaigns = list(selectors.campaign_list())
    context = {
        "current_campaigns": [c for c in campaigns if c.state == c.State.ACTIVE],
        "past_campaigns": [c for c in campaigns if c.state != c.State.ACTIVE],
    }
    return render(request, "campaigns/campaign_list.html", context)


@public_page
def campaign_detail(request, slug):
    campaign = publishable_get_for_request(
        request, queryset=selectors.campaign_detail_queryset(), slug=slug
    )
    context = {"campaign": campaign, "campaign_json_ld": campaign_json_ld(campaign)}
    return publishable_render(request, "campaigns/campaign_detail.html", context, item=campaign)


def campaign_json_ld(campaign) -> dict:
    organisation = organisation_json_ld()
    return {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": campaign.title,
        "description": campaign.seo_description or campaign.summary,
        "datePublished": (campaign.publish_at or campaign.created_at).isoformat(),
        "dateModified": campaign.updated_at.isoformat(),
        "url": absolute_url(campaign.get_absolute_url()),
        "image": image_json_ld(campaign),
        "author": organisation,
        "publisher": organisation,
        "about": [topic.name for topic in campaign.topics.all()],
    }
