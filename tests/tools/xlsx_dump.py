#!/usr/bin/python3
# Prints an .xlsx file's first sheet as read by openpyxl (a real reader, not ours): one
# line per row, cells separated by tabs, each cell as <type>:<value> where type is
# s (string), n (number), d (date) or - (empty). Used by the integration tests.
import sys
import openpyxl

ws = openpyxl.load_workbook(sys.argv[1], read_only=True).active
for row in ws.iter_rows():
    cells = []
    for c in row:
        v = c.value
        if v is None:
            cells.append("-:")
        elif c.data_type == "s":
            cells.append("s:" + str(v))
        elif c.is_date:
            cells.append("d:" + v.strftime("%Y-%m-%d"))
        else:
            cells.append("n:" + str(v))
    print("\t".join(cells))
