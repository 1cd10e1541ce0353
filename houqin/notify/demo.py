"""Demo notices (通知公告) for seed_demo: two published circulars of the bureau — one to every
school, one to a township — read by some schools, and a draft."""

from __future__ import annotations

from houqin.notify.choices import Audience
from houqin.notify.models import Notice
from houqin.notify.services import notices as services
from houqin.org.demo import COUNTY
from houqin.org.models import County, School, Township, User

CIRCULARS = [
    ("关于开展2026年秋季学期食品安全和校车安全“两个安全”检查的通知",
     "各乡镇中心学校、县直各学校：\n\n为切实保障师生饮食安全和交通安全，县教育局决定于11月下旬至12月上旬开展"
     "“两个安全”专项检查。请各校对照《学校食堂安全管理规范》和《校车安全管理条例》开展自查，"
     "于12月5日前在平台提交自查情况，重大隐患立即整改并报后勤办。\n\n联系人：后勤办 李红梅 0710-3222001",
     Audience.COUNTY),
    ("关于做好冬季学生宿舍用电和取暖安全工作的通知",
     "城关镇各学校：\n\n入冬以来气温下降，请各寄宿制学校加强宿舍用电管理，严禁使用违规电器，"
     "落实查寝和夜间值班制度，确保学生住宿安全。",
     Audience.TOWNSHIPS),
]


def seed(stdout=None):
    county = County.objects.filter(code=COUNTY["code"]).first()
    if county is None or Notice.objects.filter(county=county).exists():
        return
    admin = User.objects.get(username="admin")
    town = Township.objects.filter(county=county).order_by("code").first()
    published = []
    for title, body, audience in CIRCULARS:
        notice = services.notice_save(
            notice=Notice(county=county, title=title, body=body, audience=audience),
            townships=[town] if audience == Audience.TOWNSHIPS else [], acting_user=admin)
        published.append(services.notice_publish(notice=notice, acting_user=admin))
    services.notice_save(notice=Notice(county=county, title="关于报送2027年度学校后勤设施维修计划的通知（草稿）",
                                       body="请各校于1月10日前报送维修计划。", audience=Audience.COUNTY),
                         acting_user=admin)
    readers = User.objects.filter(role="principal", school__in=School.objects.filter(township=town))
    for reader in readers:
        for notice in published:
            services.notice_read(notice=notice, acting_user=reader)
    if stdout:
        stdout.write(f"notices: {len(published)} published, 1 draft, read by {readers.count()} principals")
