from django.shortcuts import render

from accounts.roles import ADMINISTRATOR, CLINICIAN, SECRETARY


def home(request):
    """Landing page: what each role does next (the role is the context processor's
    `user_role`)."""
    return render(
        request,
        "accounts/home.html",
        {"CLINICIAN": CLINICIAN, "SECRETARY": SECRETARY, "ADMINISTRATOR": ADMINISTRATOR},
    )
