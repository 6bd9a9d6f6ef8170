from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET


@require_GET
def session_status(request):
    """Who is signed in and until when without activity: a tiny page (also the bench's floor,
    the cost of any authenticated request: the session, the user, a small template)."""
    expires = timezone.localtime(request.session.get_expiry_date())
    # No context processors: this page needs neither the role nor the messages.
    context = {"user": request.user, "expires": expires}
    return HttpResponse(render_to_string("accounts/session_status.html", context))
