"""Public pages (no sign-in): find your schools officer, ask for help, the survey.

Parse, check, call, render. Nothing a sender wrote is ever shown back on a public page; the
confirmation shows the reference only. Officers appear only as the force publishes them.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from . import ratelimit, selectors, services
from .forms import AskForm, SurveyForm

SENT_SESSION_KEY = "frontdoor_sent"


def _render(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200):
    return render(request, f"frontdoor/{template}", context, status=status)


def _school_or_404(urn: int) -> Any:
    school = selectors.public_school_get(urn)
    if school is None:
        raise Http404("No such school")
    return school


def _refused(request: HttpRequest, school: Any, kind: str) -> HttpResponse:
    if kind == "bot":
        heading = "Sorry, we could not send this"
        lines = [
            "Something went wrong with the form, so nothing was sent.",
            "Please go back and try again.",
        ]
        status = 200
    else:
        heading = "Please wait a little while"
        lines = [
            "We have had a lot of messages from here in a short time.",
            "Nothing is wrong with what you did. Please try again in an hour.",
        ]
        status = 429
    return _render(
        request,
        "refused.html",
        {
            "heading": heading,
            "lines": lines,
            "school": school,
            "page_title": heading,
            "robots": "noindex, nofollow",
        },
        status=status,
    )


def find(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    schools = selectors.school_search(q)
    return _render(
        request,
        "find.html",
        {
            "q": q,
            "schools": schools,
            "more": len(schools) >= selectors.SEARCH_LIMIT,
            "page_title": "Find your schools officer" if not q else f"Search: {q}",
        },
    )


def districts(request: HttpRequest) -> HttpResponse:
    return _render(
        request,
        "districts.html",
        {
            "districts": selectors.districts_with_schools(),
            "page_title": "Schools by district",
        },
    )


def about(request: HttpRequest) -> HttpResponse:
    return _render(request, "about.html", {"page_title": "What schools officers do"})


def privacy(request: HttpRequest) -> HttpResponse:
    return _render(request, "privacy.html", {"page_title": "How we use your message"})


def school(request: HttpRequest, urn: int) -> HttpResponse:
    obj = _school_or_404(urn)
    return _render(
        request,
        "school.html",
        {
            "school": obj,
            "card": selectors.school_card(obj),
            "page_title": obj.name,
            "back_link": reverse("frontdoor:find"),
        },
    )


@require_http_methods(["GET", "POST"])
def ask(request: HttpRequest, urn: int) -> HttpResponse:
    obj = _school_or_404(urn)
    officer, _ = selectors.responsible_officer(obj)
    officer_name = officer.public_name if officer is not None else "the schools officer team"
    form = AskForm(request.POST or None)
    if request.method == "POST":
        if form.is_bot():
            return _refused(request, obj, "bot")
        ip = ratelimit.client_ip(request)
        if not ratelimit.allowed("message_ip", ip):
            return _refused(request, obj, "rate")
        if form.is_valid():
            ratelimit.hit("message_ip", ip)
            # The school's own count never refuses (that would let a few addresses silence
            # it): past its limit the message is delivered and flagged for the inspectors.
            school_count = ratelimit.hit("message_school", str(obj.urn))
            high_volume = ratelimit.over("message_school", school_count)
            msg = services.public_message_send(
                school=obj, **form.answers(), high_volume=high_volume, request=request
            )
            due = timezone.localtime(msg.request.due_at)
            request.session[SENT_SESSION_KEY] = {
                "urn": obj.urn,
                "reference": msg.request.reference,
                "officer": officer_name,
                "reply_by": f"{due:%A} {due.day} {due:%B}",
            }
            return redirect("frontdoor:ask_sent", obj.urn)
    return _school_form(request, "ask.html", obj, form, "Send a message", officer_name=officer_name)


def _school_form(
    request: HttpRequest, template: str, school: Any, form: Any, title: str, **extra: Any
) -> HttpResponse:
    """A public form of one school's page: the title says "Error:" when the form has errors
    (GOV.UK pattern), back to the school, not indexed by search engines."""
    return _render(
        request,
        template,
        {
            "school": school,
            "form": form,
            "page_title": ("Error: " if form.errors else "") + title,
            "back_link": reverse("frontdoor:school", args=[school.urn]),
            "robots": "noindex, nofollow",
            **extra,
        },
    )


def ask_sent(request: HttpRequest, urn: int) -> HttpResponse:
    obj = _school_or_404(urn)
    sent = request.session.get(SENT_SESSION_KEY)
    if not sent or sent.get("urn") != obj.urn:
        return redirect("frontdoor:ask", obj.urn)
    return _render(
        request,
        "ask_sent.html",
        {"school": obj, "sent": sent, "page_title": "Message sent", "robots": "noindex, nofollow"},
    )


@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest, urn: int) -> HttpResponse:
    obj = _school_or_404(urn)
    form = SurveyForm(request.POST or None)
    if request.method == "POST":
        if form.is_bot():
            return _refused(request, obj, "bot")
        ip = ratelimit.client_ip(request)
        if not (
            ratelimit.allowed("survey_ip", ip) and ratelimit.allowed("survey_school", str(obj.urn))
        ):
            return _refused(request, obj, "rate")
        if form.is_valid():
            ratelimit.hit("survey_ip", ip)
            ratelimit.hit("survey_school", str(obj.urn))
            services.survey_response_record(school=obj, **form.answers())
            return redirect("frontdoor:survey_thanks", obj.urn)
    return _school_form(request, "survey.html", obj, form, "How safe do you feel?")


def survey_thanks(request: HttpRequest, urn: int) -> HttpResponse:
    obj = _school_or_404(urn)
    return _render(
        request,
        "survey_thanks.html",
        {"school": obj, "page_title": "Thank you", "robots": "noindex, nofollow"},
    )
