"""Meets a fault scenario through unixODBC, FreeTDS's ODBC driver and pyodbc (Debian's unixodbc, tdsodbc,
python3-pyodbc), with encryption required, and checks how the server's journal explains it.

    python3 src/test/python/odbc_fault_ending.py PORT JOURNAL CA_PEM EXPECTED_BY EXPECTED_REASON_START

The login must fail; then the last record of JOURNAL (the journal of a server that only this script uses)
must end by EXPECTED_BY (CLIENT or SERVER), with a reason starting with EXPECTED_REASON_START.
"""
import json
import sys
import time

import freetds_odbc


def main():
    port, journal, ca, by, expected = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
    try:
        freetds_odbc.connect(port, 'require', ca).close()
        sys.exit(f'ODBC logged in to port {port}; the scenario should have stopped it')
    except freetds_odbc.pyodbc.Error as error:
        print(f'ODBC on port {port}: {type(error).__name__}: {error}')
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            with open(journal, encoding='utf-8') as lines:
                records = [json.loads(line) for line in lines if line.strip()]
        except FileNotFoundError:
            records = []
        if records:
            ending = records[-1]['ending']
            if ending['by'] != by or not ending['reason'].startswith(expected):
                sys.exit(f'journal of port {port}: {ending}, expected by {by}, reason starting with {expected!r}')
            print(f'journal of port {port}: {ending["kind"]} by {by.lower()} during {ending["during"]}: '
                  f'{ending["reason"]}')
            return
        time.sleep(0.2)
    sys.exit(f'journal {journal}: no connection recorded within 30 s')


if __name__ == '__main__':
    main()
