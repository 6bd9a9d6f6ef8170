from django.core.paginator import Paginator
from django.shortcuts import render

from accounts.access import require_perm
from audit.forms import AccessLogFilterForm
from audit.models import AccessLog


@require_perm("audit.view_accesslog")
def access_log(request):
    form = AccessLogFilterForm(request.GET or None)
    rows = AccessLog.objects.all()
    if form.is_valid():
        rows = form.filter(rows)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "audit/list.html", {"form": form, "page": page})
