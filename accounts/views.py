from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.roles import ADMINISTRATOR, CLINICIAN, SECRETARY


def home(request):
    """Landing page: what each role does next (the role is the context processor's
    `user_role`)."""
    return render(
        request,
        "accounts/home.html",
        {"CLINICIAN": CLINICIAN, "SECRETARY": SECRETARY, "ADMINISTRATOR": ADMINISTRATOR},
    )


@require_GET
def session_status(request):
    """Who is signed in and until when without activity: a tiny page (also the bench's floor,
    the cost of any authenticated request: the session, the user, a small template)."""
    expires = timezone.localtime(request.session.get_expiry_date())
    # No context processors: this page needs neither the role nor the messages.
    context = {"user": request.user, "expires": expires}
    return HttpResponse(render_to_string("accounts/session_status.html", context))
