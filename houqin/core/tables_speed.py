"""django-tables2 asks `inspect.signature` which arguments a column's `render_FOO`/`value_FOO`
accepts, for every cell it draws: about 30 % of a list page's or an export's time. The answer only
depends on the function (and whether it is bound), so it is remembered here. Installed by the core
app at start-up; `django_tables2.utils.call_with_appropriate` itself is unchanged."""

from django_tables2 import utils

_uncached = utils.signature
_known: dict = {}
MAX_KNOWN = 4096


def signature(fn):
    key = (getattr(fn, "__func__", fn), hasattr(fn, "__self__"))
    try:
        return _known[key]
    except KeyError:
        pass
    except TypeError:  # an unhashable callable
        return _uncached(fn)
    found = _uncached(fn)
    if len(_known) < MAX_KNOWN:
        _known[key] = found
    return found


def install() -> None:
    utils.signature = signature
