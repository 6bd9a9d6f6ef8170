from django.shortcuts import render

from accounts.roles import ADMINISTRATOR, CLINICIAN, SECRETARY, role_of


def home(request):
    """Landing page: what each role does next."""
    return render(
        request,
        "accounts/home.html",
        {
            "role": role_of(request.user),
            "CLINICIAN": CLINICIAN,
            "SECRETARY": SECRETARY,
            "ADMINISTRATOR": ADMINISTRATOR,
        },
    )
