"""The filter form of a list page: Bootstrap's classes on every widget, a bad value told beside its
field (and linked to it for screen readers), the list still shown."""

import re

from django.urls import reverse


def test_a_bad_filter_value_is_told_beside_its_field(client, bureau_admin, school_a):
    client.force_login(bureau_admin)
    response = client.get(reverse("org:school_list"), {"school_type": "<script>", "q": "第"})
    assert response.status_code == 200
    html = response.content.decode()
    select = re.search(r'<select name="school_type"[^>]*>', html).group(0)
    assert 'class="form-select is-invalid"' in select and 'aria-describedby="id_school_type_error"' in select
    error = re.search(r'<div id="id_school_type_error" class="invalid-feedback d-block">([^<]*)</div>', html)
    assert error and "&lt;script&gt;" in error.group(1) and "<script>" not in error.group(1)
    assert re.search(r'<input type="search" name="q" value="第"[^>]*class="form-control"', html)
    assert '<label for="id_township" class="form-label">' in html
