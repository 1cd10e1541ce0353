"""IdArray filters exactly like a list of ids, with one parameter whatever the number of ids."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from houqin.core.sql import IdArray
from houqin.org.models import School, User
from tests.factories import SchoolFactory


def test_the_same_rows_as_a_list_with_one_parameter(county, township_a, principal_a):
    schools = [SchoolFactory(township=township_a) for _ in range(5)]
    chosen = [schools[0].pk, schools[3].pk, principal_a.school_id, 10**9]
    for ids in (chosen, [], [schools[1].pk]):
        assert set(School.objects.filter(pk__in=IdArray(ids))) == set(School.objects.filter(pk__in=ids))
        assert set(School.objects.exclude(pk__in=IdArray(ids))) == set(School.objects.exclude(pk__in=ids))
    # through a foreign key, and as a plain list for Python
    assert list(User.objects.filter(school_id__in=IdArray(chosen))) == [principal_a]
    assert len(IdArray(chosen)) == 4 and schools[3].pk in IdArray(chosen)
    with CaptureQueriesContext(connection) as queries:
        list(School.objects.filter(pk__in=IdArray(range(1, 2001))))
    sql = queries.captured_queries[0]["sql"]
    assert sql.count("IN (SELECT unnest(") == 1 and sql.count(", 1999,") == 0 and "1999,2000}" in sql
