"""What every app shares and no app owns: no models, no app of its own (not in INSTALLED_APPS).

`core` imports no Opstap app (an import contract checks it, see docs/architecture.md):

    views.py       object_action: the shape of a small form on an already scoped object
    forms.py       the crispy FormHelper and the date field every form uses
    pagination.py  CappedPaginator and a drill-down's page of clients
    downloads.py   CSV and XLSX responses, formula-safe
    dates.py       add_years, add_months, plausible dates
    bulk.py        the COPY loader
    bsn.py         the BSN: validation, masking for display, logs and error reports
    ranges.py      daterange/int8range expressions for exclusion constraints
    request_id.py  the id of the request being handled (set by security's middleware)
"""
