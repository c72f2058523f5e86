"""Connects to tds-mock through unixODBC, FreeTDS's ODBC driver and pyodbc (Debian's unixodbc, tdsodbc,
python3-pyodbc) and checks that SELECT 1, N'ж' returns 1 and ж.

    python3 src/test/python/odbc_select_one.py PORT off|require CA_PEM [JOURNAL]

With require, TLS is required and the server's certificate is checked against CA_PEM and the host name.
Given the server's journal file, the script also finds this connection's record there (by its statement)
and checks what it says of encryption: no TLS with off, TLS for the whole session with require.
"""
import json
import sys
import time
import uuid

import freetds_odbc


def journal_record(journal, statement):
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            with open(journal, encoding='utf-8') as lines:
                for line in lines:
                    if statement in line:
                        record = json.loads(line)
                        if statement in record.get('statements', []):
                            return record
        except FileNotFoundError:
            pass
        time.sleep(0.2)
    sys.exit(f'journal {journal}: no record with the statement {statement!r} within 30 s')


def main():
    port, encryption, ca = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    journal = sys.argv[4] if len(sys.argv) > 4 else None
    if encryption not in ('off', 'require'):
        sys.exit(f'encryption must be off or require, not {encryption!r}')
    tag = 'odbc-' + uuid.uuid4().hex[:12]
    statement = f"SELECT 1 AS one, N'ж' AS zhe, '{tag}' AS tag"
    try:
        connection = freetds_odbc.connect(port, encryption, ca)
    except freetds_odbc.pyodbc.Error as error:
        sys.exit(f'ODBC (Encryption={encryption}): login to port {port} failed: {error}')
    try:
        driver = freetds_odbc.driver_version(connection)
        rows = [tuple(row) for row in connection.cursor().execute(statement).fetchall()]
    finally:
        connection.close()
    if rows != [(1, 'ж', tag)]:
        sys.exit(f'ODBC (Encryption={encryption}): expected [(1, \'ж\', {tag!r})], got {rows}')
    seen = f'ODBC ({driver}, Encryption={encryption}): SELECT 1, N\'ж\' returned 1, ж'
    if journal:
        record = journal_record(journal, statement)
        tls = record.get('tls')
        if encryption == 'off' and tls is not None:
            sys.exit(f'{seen}, but the journal says TLS {tls!r} for a connection with Encryption=off')
        if encryption == 'require' and (tls is None or 'LOGIN7 only' in tls):
            sys.exit(f'{seen}, but the journal says TLS {tls!r} for a connection with Encryption=require')
        seen += f'; journal: PRELOGIN encryption {record["prelogin"]["encryption"]}, TLS {tls or "none"}'
    print(seen)


if __name__ == '__main__':
    main()
