"""pytds (Debian's python3-tds) through a tds-mock listener in front of another (--upstream), and both journals.

    python3 src/test/python/through_proxy.py PROXY_PORT PROXY_JOURNAL UPSTREAM_JOURNAL CA_PEM

Logs in to the proxy with TLS (the CA validated), reads four rows and runs a query with a parameter, then checks
that the proxy's journal line for this connection (by application name) records its upstream leg, and that the
upstream's journal has the same login with the statements.
"""
import json
import sys
import time

import pytds

FOUR_ROWS = 'select name from sys.databases'


def records(journal):
    try:
        with open(journal, encoding='utf-8') as lines:
            return [json.loads(line) for line in lines if line.strip()]
    except FileNotFoundError:
        return []


def ended(journal, application):
    deadline = time.time() + 30
    while time.time() < deadline:
        for record in records(journal):
            if (record.get('login') or {}).get('application') == application and record.get('endedAt'):
                return record
        time.sleep(0.2)
    sys.exit(f'no ended connection of {application} in {journal}')


def main():
    port, proxy_journal, upstream_journal, ca = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    application = f'ci-proxy-pytds-{int(time.time() * 1000)}'
    with pytds.connect(server='localhost', port=port, user='sa', password='Secret123!', login_timeout=15,
                       cafile=ca, validate_host=True, appname=application) as connection:
        with connection.cursor() as cursor:
            cursor.execute(FOUR_ROWS)
            names = [row[0] for row in cursor.fetchall()]
            cursor.execute('SELECT %s AS answer', (42,))
            answer = cursor.fetchall()
    if names != ['master', 'tempdb', 'model', 'msdb'] or [tuple(row) for row in answer] != [(42,)]:
        sys.exit(f'pytds through the proxy: got {names} and {answer}')
    front = ended(proxy_journal, application)
    leg = front.get('upstream') or {}
    if not leg.get('tdsVersion') or leg.get('requests', 0) < 2:
        sys.exit(f'the proxy journal does not record the upstream leg: {json.dumps(front)}')
    behind = ended(upstream_journal, application)
    if FOUR_ROWS not in behind.get('statements', []):
        sys.exit(f'the upstream journal lacks the statements: {json.dumps(behind)}')
    print(f'pytds through the proxy on port {port}: rows and a parameter; upstream leg {leg["server"]} '
          f'({leg["encryption"]}, {leg["tls"]}, {leg["requests"]} requests) in both journals')


if __name__ == '__main__':
    main()
