"""Connects to tds-mock with pytds (Debian's python3-tds) and checks that SELECT 1 returns 1.

    python3 src/test/python/select_one.py PORT plain|tls CA_PEM
"""
import sys

import pytds


def main():
    port, mode, ca = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    options = dict(server='localhost', port=port, user='sa', password='Secret123!', login_timeout=15)
    if mode == 'tls':
        options.update(cafile=ca, validate_host=True)
    with pytds.connect(**options) as connection:
        with connection.cursor() as cursor:
            cursor.execute('SELECT 1')
            rows = cursor.fetchall()
    if [tuple(row) for row in rows] != [(1,)]:
        sys.exit(f'pytds ({mode}): expected [(1,)], got {rows}')
    print(f'pytds ({mode}): SELECT 1 returned 1')


if __name__ == '__main__':
    main()
