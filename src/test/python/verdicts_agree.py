"""Checks the diagnose scenario's verdicts against what a client really does (issue 15), for the clients .ci/run
has: pytds (Debian's python3-tds), FreeTDS's ODBC driver through pyodbc, Perl's DBD::Sybase and PHP's pdo_dblib
(both on FreeTDS's libraries: Debian's libdbd-sybase-perl, php-sybase).

    python3 src/test/python/verdicts_agree.py pytds|odbc|perl|php PORT CONTROL_PORT CA_PEM

PORT is a running tds-mock listener serving the diagnose scenario, CONTROL_PORT its control API. The client logs
in there once; its verdicts come from GET /diagnose. Then, for every scenario its verdict is definite about
(getsIn true or false), the listener is switched to that scenario (PUT /listeners/PORT/scenario) and the client
logs in again: it must get in exactly where the verdict says.
"""
import json
import os
import subprocess
import sys
import tempfile
import urllib.request

# SELECT 1 through a FreeTDS server entry named tds-mock; prints the value
PERL = ('use DBI; my $d = DBI->connect("dbi:Sybase:server=tds-mock", "sa", "Secret123!", {PrintError => 0,'
        ' RaiseError => 1}); print $d->selectrow_array("SELECT 1");')
PHP = ('$d = new PDO("dblib:host=tds-mock", "sa", "Secret123!"); $d->setAttribute(PDO::ATTR_ERRMODE,'
       ' PDO::ERRMODE_EXCEPTION); echo $d->query("SELECT 1")->fetchColumn();')


def freetds_client(command, port, ca):
    """Runs a FreeTDS-based client with a freetds.conf of its own: encryption required, the CA trusted."""
    with tempfile.TemporaryDirectory() as directory:
        conf = os.path.join(directory, 'freetds.conf')
        with open(conf, 'w', encoding='utf-8') as file:
            file.write(f'[tds-mock]\n\thost = localhost\n\tport = {port}\n\ttds version = 7.4\n'
                       f'\tencryption = require\n\tca file = {ca}\n\tlogin timeout = 10\n')
        done = subprocess.run(command, env=dict(os.environ, FREETDSCONF=conf), capture_output=True, text=True,
                              timeout=60)
        return done.returncode == 0 and done.stdout.strip() == '1'


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
        if client == 'perl':
            return freetds_client(['perl', '-e', PERL], port, ca)
        if client == 'php':
            return freetds_client(['php', '-r', PHP], port, ca)
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
