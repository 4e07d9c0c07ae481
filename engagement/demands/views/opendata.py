"""Open-data downloads of /transparency/: per-demand public records and private-demand totals."""

from django.http import Http404

from content.downloads import csv_response, json_response, open_data_comments

from .. import opendata

DATASETS = {"demands", "private"}


def open_data(request, dataset, fmt):
    if dataset not in DATASETS or fmt not in ("csv", "json"):  # e.g. demands.xls
        raise Http404
    header, fields, rows = opendata.dataset(dataset)
    filename = f"gongzhi-{dataset}.{fmt}"
    if fmt == "json":
        return json_response({**header, "fields": {k: str(label) for k, label in fields}, "records": rows},
                             filename)
    keys = [k for k, _label in fields]
    return csv_response(filename, ([row[k] for k in keys] for row in rows), header=keys,
                        comments=open_data_comments(header))
