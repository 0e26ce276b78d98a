"""CSV downloads for staff: streamed row by row, UTF-8 with a byte-order mark so that Excel in
Japanese opens them without garbling, and safe to open in a spreadsheet."""

import csv

from django.http import StreamingHttpResponse

BOM = "\ufeff"
#: A cell starting with one of these is a formula to a spreadsheet: a provider's title such as
#: "=HYPERLINK(…)" must stay text when staff open the file.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    """A file-like object whose write returns the line, so csv.writer yields what it writes."""

    def write(self, value):
        return value


def safe_cell(value):
    """The cell as text, with a leading apostrophe on anything a spreadsheet would run.
    Numbers stay numbers; None is an empty cell."""
    if value is None:
        return ""
    if isinstance(value, int | float):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_response(filename, header, rows):
    """A streamed CSV attachment: the BOM, the header, then each row as it is produced."""
    writer = csv.writer(_Echo())
    header = [str(title) for title in header]  # translated now, in the request's language

    def lines():
        yield BOM
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow([safe_cell(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
