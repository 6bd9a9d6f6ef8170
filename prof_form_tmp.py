import os, time, statistics, cProfile, pstats
os.environ["DATABASE_URL"]="postgres://postgres@127.0.0.1:5432/renaten_bench"
os.environ.setdefault("DJANGO_SETTINGS_MODULE","renaten.settings")
os.environ["DEBUG"]="0"
import django; django.setup()
from django.conf import settings; settings.ALLOWED_HOSTS=["*"]
from django.test import Client
from cases.models import Case
from accounts.models import User
case = Case.objects.filter(status="draft").order_by("pk").first()
user = User.objects.filter(centre=case.centre, groups__name="clinician").first()
c = Client(); c.force_login(user)
url = f"/cas/{case.pk}/modifier/"
r = c.get(url); assert r.status_code == 200, r.status_code
cProfile.run("for _ in range(20): c.get(url)", "/tmp/form.prof")
st = pstats.Stats("/tmp/form.prof"); st.sort_stats("cumulative")
st.print_stats("cases/|renaten/|guidelines/|accounts/|audit/|simple_history", 45)
