"""Messages from the public front door: for the police only, with the way to reply."""

from django.urls import reverse

from saferschools.accounts.choices import Role
from saferschools.engagement.services import RequestContent, Requester, public_request_receive
from saferschools.testing.builders import make_school, make_user, officer_user


def _public_request(school):
    return public_request_receive(
        content=RequestContent(school, "other", "A worry", "Someone at school frightens me"),
        requester=Requester(email="parent@example.org"),
    )


def test_officer_sees_reply_details_school_staff_never_see_public_messages(client, db):
    school = make_school()
    officer = officer_user(school)
    dsl = make_user(Role.DSL, school=school)
    req = _public_request(school)
    url = reverse("engagement:request_detail", args=[req.pk])
    client.force_login(officer)
    page = client.get(url).content.decode()
    assert "parent@example.org" in page and 'id="reply-to"' in page
    client.force_login(dsl)
    assert client.get(url).status_code == 404
    assert "A worry" not in client.get(reverse("engagement:request_list")).content.decode()
