"""Checks the diagnose scenario's verdicts against what a client really does (issue 15), for the clients .ci/run
has: pytds (Debian's python3-tds) and FreeTDS's ODBC driver through pyodbc.

    python3 src/test/python/verdicts_agree.py pytds|odbc PORT CONTROL_PORT CA_PEM

PORT is a running tds-mock listener serving the diagnose scenario, CONTROL_PORT its control API. The client logs
in there once; its verdicts come from GET /diagnose. Then, for every scenario its verdict is definite about
(getsIn true or false), the listener is switched to that scenario (PUT /listeners/PORT/scenario) and the client
logs in again: it must get in exactly where the verdict says.
"""
import json
import sys
import urllib.request


def log_in(client, port, ca):
    """True when the client logged in and SELECT 1 answered 1, TLS required."""
    try:
        if client == 'pytds':
            import pytds
            with pytds.connect(server='127.0.0.1', port=port, user='sa', password='Secret123!', login_timeout=10,
                               cafile=ca, validate_host=False) as connection:
                with connection.cursor() as cursor:
                    cursor.execute('SELECT 1')
                    return [tuple(row) for row in cursor.fetchall()] == [(1,)]
        import freetds_odbc
        connection = freetds_odbc.connect(port, 'require', ca, timeout=10)
        try:
            return [tuple(row) for row in connection.cursor().execute('SELECT 1').fetchall()] == [(1,)]
        finally:
            connection.close()
    except Exception:  # every way a login fails counts as not getting in
        return False


def call(method, url, body=None):
    request = urllib.request.Request(url, method=method, data=None if body is None else json.dumps(body).encode(),
                                     headers={'Content-Type': 'application/json'})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read())


def main():
    client, port, control, ca = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    api = f'http://127.0.0.1:{control}'
    if not log_in(client, port, ca):
        sys.exit(f'{client}: could not log in to the diagnose scenario on port {port}')
    clients = call('GET', api + '/diagnose')['clients']
    if len(clients) != 1:
        sys.exit(f'{client}: expected one diagnosed client, got {len(clients)}')
    verdicts = clients[0]['verdicts']
    disagreements = []
    judged = 0
    for scenario, verdict in verdicts.items():
        if verdict['getsIn'] is None:
            continue
        judged += 1
        call('PUT', f'{api}/listeners/{port}/scenario', {'scenario': scenario})
        got_in = log_in(client, port, ca)
        if got_in != verdict['getsIn']:
            disagreements.append(f"{scenario}: the verdict says {'gets in' if verdict['getsIn'] else 'fails'}"
                                 f" ({verdict['reason']}), the client {'got in' if got_in else 'failed'}")
    call('PUT', f'{api}/listeners/{port}/scenario', {'scenario': 'diagnose'})
    if disagreements:
        sys.exit(f'{client}: verdicts that disagree with what the client did:\n  ' + '\n  '.join(disagreements))
    if judged < 5:
        sys.exit(f'{client}: only {judged} definite verdicts: {verdicts}')
    print(f'{client} ({clients[0]["library"] or "no library name in its LOGIN7"}): {judged} definite verdicts of'
          f' {len(verdicts)}, each what the client did')


if __name__ == '__main__':
    main()
