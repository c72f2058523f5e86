"""Meets a fault scenario with pytds (Debian's python3-tds) and checks how the server's journal explains it.

    python3 src/test/python/fault_ending.py PORT JOURNAL CA_PEM LOGIN_TIMEOUT EXPECTED_REASON_START

The login must fail; then the journal's line for this connection (its client port) must end by the client,
with a reason starting with EXPECTED_REASON_START.
"""
import json
import sys
import time

import pytds


def main():
    port, journal, ca, timeout, expected = int(sys.argv[1]), sys.argv[2], sys.argv[3], float(sys.argv[4]), sys.argv[5]
    try:
        pytds.connect(server='localhost', port=port, user='sa', password='Secret123!', login_timeout=timeout,
                      cafile=ca, validate_host=True)
        sys.exit(f'pytds logged in to port {port}; the scenario should have stopped it')
    except Exception as error:  # pytds raises several kinds; what matters is the journal's explanation
        print(f'pytds on port {port}: {type(error).__name__}: {error}')
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            with open(journal, encoding='utf-8') as lines:
                records = [json.loads(line) for line in lines if line.strip()]
        except FileNotFoundError:
            records = []
        if records:
            ending = records[-1]['ending']
            if ending['by'] != 'CLIENT' or not ending['reason'].startswith(expected):
                sys.exit(f'journal of port {port}: {ending}, expected by CLIENT, reason starting with {expected!r}')
            print(f'journal of port {port}: {ending["kind"]} by client during {ending["during"]}: {ending["reason"]}')
            return
        time.sleep(0.2)
    sys.exit(f'journal {journal}: no connection recorded within 30 s')


if __name__ == '__main__':
    main()
