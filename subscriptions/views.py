import logging

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from sitewide.ratelimit import rate_limit_consume

from . import links, selectors, services, tasks
from .forms import FollowForm, FrequencyForm
from .models import Subscription
from .services import Target

logger = logging.getLogger(__name__)


def _private(response):
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
def follow_publications(request):
    return _follow(request, Target(Subscription.Target.PUBLICATIONS))


@require_http_methods(["GET", "POST"])
def follow_campaign(request, slug):
    campaign = selectors.campaign_to_follow(slug=slug)
    if campaign is None:
        raise Http404("No such campaign")
    return _follow(request, Target(Subscription.Target.CAMPAIGN, campaign=campaign))


@require_http_methods(["GET", "POST"])
def follow_topic(request, slug):
    topic = selectors.topic_to_follow(slug=slug)
    if topic is None:
        raise Http404("No such topic")
    return _follow(request, Target(Subscription.Target.TOPIC, topic=topic))


def _follow(request, target: Target):
    form = FollowForm(request.POST if request.method == "POST" else None)
    if form.is_bound and not rate_limit_consume(
        request,
        action="updates",
        limit=settings.UPDATES_RATE_LIMIT,
        window=settings.UPDATES_RATE_LIMIT_WINDOW_SECONDS,
    ):
        return _private(render(request, "subscriptions/rate_limited.html", status=429))
    if form.is_bound and form.is_valid():
        _request_updates(
            email=form.cleaned_data["email"],
            target=target,
            frequency=form.cleaned_data["frequency"],
            page=request.path,
        )
        # The same answer whether or not the address already follows this: no one can use the
        # form to learn who does.
        return redirect("subscriptions:check-email")
    context = {
        "form": form,
        "target": target,
        "unconfirmed_days": settings.UPDATES_UNCONFIRMED_DAYS,
    }
    status = 400 if form.is_bound else 200
    return _private(render(request, "subscriptions/follow.html", context, status=status))


def _request_updates(*, email: str, target: Target, frequency: str, page: str) -> None:
    """Hand the request to the worker: nothing about the address is looked up while the visitor
    waits. With the broker down it is done here instead (slower, but nothing is lost)."""
    args = (
        email,
        target.kind,
        target.campaign.pk if target.campaign else None,
        target.topic.pk if target.topic else None,
        frequency,
        page,
    )
    try:
        tasks.request_updates.delay(*args)
    except Exception:
        logger.warning("Could not queue a request for updates; handling it now", exc_info=True)
        services.subscription_request(email=email, target=target, frequency=frequency, page=page)


@require_GET
def check_email(request):
    context = {"unconfirmed_days": settings.UPDATES_UNCONFIRMED_DAYS}
    return render(request, "subscriptions/check_email.html", context)


def _link_problem(request):
    context = {"unconfirmed_days": settings.UPDATES_UNCONFIRMED_DAYS}
    return _private(render(request, "subscriptions/link_problem.html", context, status=400))


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET only shows what is being confirmed; the button's POST confirms it, so a mail scanner
    or browser prefetch that follows the link confirms nothing."""
    try:
        subscription = links.confirm_link_read(token).subscription
        if request.method == "POST":
            subscription = services.subscription_confirm(subscription=subscription)
    except links.LinkInvalid:
        return _link_problem(request)
    subscriber = subscription.subscriber
    context = {
        "subscription": subscription,
        "subscriber": subscriber,
        "confirmed": subscription.is_confirmed and subscriber.may_receive_updates,
        "manage_url": links.manage_url(subscriber=subscriber),
    }
    return _private(render(request, "subscriptions/confirm.html", context))


ONE_CLICK = "One-Click"


@csrf_exempt  # RFC 8058: the mail provider POSTs "List-Unsubscribe=One-Click", with no token.
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    try:
        subscriber = links.unsubscribe_link_read(token)
    except links.LinkInvalid:
        return _link_problem(request)
    if request.method == "POST":
        if request.POST.get("List-Unsubscribe") != ONE_CLICK:
            context = {"subscriber": subscriber, "one_click": ONE_CLICK, "bad_request": True}
            return _private(render(request, "subscriptions/unsubscribe.html", context, status=400))
        services.subscriber_unsubscribe(subscriber=subscriber)
    context = {
        "subscriber": subscriber,
        "one_click": ONE_CLICK,
        "unsubscribed": subscriber.status == subscriber.Status.UNSUBSCRIBED,
    }
    return _private(render(request, "subscriptions/unsubscribe.html", context))


@never_cache
@require_http_methods(["GET", "POST"])
def manage(request, token):
    try:
        subscriber = links.manage_link_read(token)
    except links.LinkInvalid:
        return _link_problem(request)
    if request.method == "POST":
        return _manage_change(request, token, subscriber)
    subscriptions = selectors.subscriber_subscriptions(subscriber=subscriber)
    context = {
        "subscriber": subscriber,
        "subscriptions": subscriptions,
        "frequencies": Subscription.Frequency.choices,
        "unsubscribe_url": links.unsubscribe_url(subscriber=subscriber),
    }
    return _private(render(request, "subscriptions/manage.html", context))


def _manage_change(request, token, subscriber):
    subscription_id = request.POST.get("subscription", "")
    subscription = None
    if subscription_id.isascii() and subscription_id.isdigit() and len(subscription_id) < 12:
        subscription = (
            subscriber.subscriptions.filter(pk=int(subscription_id), confirmed_at__isnull=False)
            .select_related("campaign", "topic")
            .first()
        )
    action = request.POST.get("action")
    form = FrequencyForm(request.POST)
    if subscription is None or action not in ("stop", "frequency"):
        return _bad_manage_request(
            request, "That change could not be made: reload the page and try again."
        )
    if action == "stop":
        label = subscription.target_label
        services.subscription_end(subscription=subscription)
        messages.success(request, f"You no longer get updates about {label}.")
    elif form.is_valid():
        services.subscription_set_frequency(
            subscription=subscription, frequency=form.cleaned_data["frequency"]
        )
        frequency = Subscription.Frequency(form.cleaned_data["frequency"]).label.lower()
        messages.success(request, f"Updates about {subscription.target_label}: {frequency}.")
    else:
        return _bad_manage_request(request, "Choose how often you want these updates.")
    return redirect("subscriptions:manage", token=token)


def _bad_manage_request(request, message):
    context = {"message": message}
    return _private(render(request, "subscriptions/bad_request.html", context, status=400))
