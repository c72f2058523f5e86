"""Connections to tds-mock through unixODBC and FreeTDS's ODBC driver (Debian's unixodbc, tdsodbc,
python3-pyodbc), for odbc_select_one.py and odbc_fault_ending.py.

Nothing global is read or changed: the driver is registered as FreeTDS in an odbcinst.ini of a temporary
directory (ODBCSYSINI), and the CA is given in a freetds.conf there (FREETDSCONF), because FreeTDS 1.3's ODBC
driver takes no CA file in the connection string. The connection string names that freetds.conf section
(Servername) and carries the rest:

    DRIVER={FreeTDS};Servername=tds-mock;Port=PORT;TDS_Version=7.4;Encryption=off|require;
    ClientCharset=UTF-8;UID=sa;PWD=...
"""
import glob
import os
import sys
import tempfile

DRIVER_PATHS = ['/usr/lib/*/odbc/libtdsodbc.so', '/usr/lib/odbc/libtdsodbc.so', '/usr/lib64/libtdsodbc.so*',
                '/usr/local/lib/libtdsodbc.so', '/opt/homebrew/lib/libtdsodbc.so']


def driver_library():
    for pattern in DRIVER_PATHS:
        found = sorted(glob.glob(pattern))
        if found:
            return found[0]
    sys.exit('libtdsodbc.so (FreeTDS ODBC driver, Debian package tdsodbc) not found in ' + ', '.join(DRIVER_PATHS))


_directory = tempfile.TemporaryDirectory(prefix='tds-mock-odbc-')
os.environ['ODBCSYSINI'] = _directory.name
os.environ.pop('ODBCINSTINI', None)
with open(os.path.join(_directory.name, 'odbcinst.ini'), 'w', encoding='utf-8') as _file:
    _file.write(f'[FreeTDS]\nDescription = FreeTDS ODBC driver\nDriver = {driver_library()}\n')

import pyodbc  # noqa: E402  (after ODBCSYSINI is set, so that unixODBC reads the odbcinst.ini above)


def connect(port, encryption, ca, timeout=15):
    """Logs in as sa on localhost:port with Encryption=off|request|require, the CA trusted and the host name checked."""
    conf = os.path.join(_directory.name, 'freetds.conf')
    with open(conf, 'w', encoding='utf-8') as file:
        file.write(f'[tds-mock]\n\thost = localhost\n\tca file = {ca}\n\tcheck certificate hostname = yes\n')
    os.environ['FREETDSCONF'] = conf
    return pyodbc.connect(f'DRIVER={{FreeTDS}};Servername=tds-mock;Port={port};TDS_Version=7.4;'
                          f'Encryption={encryption};ClientCharset=UTF-8;UID=sa;PWD=Secret123!', timeout=timeout)


def driver_version(connection):
    return f'{connection.getinfo(pyodbc.SQL_DRIVER_NAME)} {connection.getinfo(pyodbc.SQL_DRIVER_VER)}'
