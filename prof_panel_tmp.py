import os, cProfile, pstats
os.environ["DATABASE_URL"]="postgres://postgres@127.0.0.1:5432/renaten_bench"
os.environ.setdefault("DJANGO_SETTINGS_MODULE","renaten.settings")
os.environ["DEBUG"]="0"
import django; django.setup()
from django.conf import settings; settings.ALLOWED_HOSTS=["*"]
from django.test import Client
from cases.models import Case
from accounts.models import User
from benchmarks.formdata import form_fields
case = Case.objects.filter(status="draft").order_by("pk").first()
user = User.objects.filter(centre=case.centre, groups__name="clinician").first()
c = Client(); c.force_login(user)
page = c.get(f"/cas/{case.pk}/modifier/").content.decode()
data = {k: v for k, v in form_fields(page, "case-form") if k != "csrfmiddlewaretoken"}
url = f"/cas/{case.pk}/panneau/"
r = c.post(url, data, HTTP_HX_REQUEST="true"); assert r.status_code == 200, r.status_code
cProfile.run("for _ in range(30): c.post(url, data, HTTP_HX_REQUEST='true')", "/tmp/panel.prof")
st = pstats.Stats("/tmp/panel.prof"); st.sort_stats("cumulative")
st.print_stats("cases/|renaten/|guidelines/|accounts/|audit/|template/loader|template/base.py:166|shortcuts", 40)
