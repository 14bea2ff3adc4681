"""The outbox: every message that left (or, in the embedded default, would have left) the
building that you sent or received (an administrator: all), its delivery, and a retry for a
failed one; and your choice of how alerts reach you by e-mail."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from ..pages import HOME, done, refusals_shown, section
from . import selectors, services
from .models import DeliveryPreference, OutboundMessage

OUTBOX = section(("Outbox", "core:outbox"))
INBOX = section(("Inbox", "core:inbox"))


@login_required
def outbox(request: HttpRequest) -> HttpResponse:
    qs = selectors.messages_for(user=request.user)
    state = request.GET.get("state", "")
    if state in OutboundMessage.State.values:
        qs = qs.filter(state=state)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return HOME.page(
        request,
        "core/messages/outbox.html",
        "Outbox",
        {
            "page": page,
            "state": state,
            "states": OutboundMessage.State.choices,
            "backend": services.settings.MESSAGES_BACKEND,
        },
    )


@login_required
def message_detail(request: HttpRequest, pk: int) -> HttpResponse:
    msg = get_object_or_404(selectors.messages_for(user=request.user), pk=pk)
    return OUTBOX.page(request, "core/messages/detail.html", msg.subject, {"msg": msg})


@login_required
@require_POST
def message_retry(request: HttpRequest, pk: int) -> HttpResponse:
    msg = get_object_or_404(selectors.messages_for(user=request.user), pk=pk)
    with refusals_shown(request, PermissionDenied):
        services.message_retry(message=msg, acting_user=request.user)
        messages.success(request, "Sending it again.")
    return redirect("core:message", pk=msg.pk)


class PreferenceForm(forms.Form):
    alerts = forms.ChoiceField(
        choices=DeliveryPreference.Alerts.choices,
        widget=forms.RadioSelect,
        label="How should alerts reach you by e-mail?",
    )


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    current = selectors.alert_preference(request.user)
    form = PreferenceForm(request.POST or None, initial={"alerts": current})
    if request.method == "POST" and form.is_valid():
        DeliveryPreference.objects.update_or_create(
            user=request.user, defaults={"alerts": form.cleaned_data["alerts"]}
        )
        return done(request, "Saved how alerts reach you.", "core:inbox")
    return INBOX.page(
        request,
        "core/messages/preferences.html",
        "How alerts reach you",
        {"form": form, "current": current, "choices": DeliveryPreference.Alerts.choices},
    )
