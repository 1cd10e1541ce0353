"""Small SQL helpers for PostgreSQL."""


class IdArray(list):
    """A list of ids that a `field__in=` filter sends as ONE array parameter,
    `field IN (SELECT unnest(%s::bigint[]))`, instead of one placeholder per id.

    The bureau dashboard asks some 25 questions about the 200–300 schools of a county: with plain
    lists Django and psycopg prepared 7,500 parameters per page, which cost more than the queries
    themselves. It is still a list for Python (iterate, `in`, `len`)."""

    contains_aggregate = False
    contains_over_clause = False

    def resolve_expression(self, *args, **kwargs):
        return self

    def as_sql(self, compiler, connection):
        return "(SELECT unnest(%s::bigint[]))", [list(self)]
