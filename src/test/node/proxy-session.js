// Logs in with tedious, reads a multi-row result, then runs a query with parameters (sp_executesql), and prints
// what happened as one JSON line (exit 0 either way, so that the caller can read the outcome):
//   node proxy-session.js PORT APP_NAME ENCRYPT [CA_PEM]     ENCRYPT: false | true | strict
//   {"connected":true,"rows":["master",...],"answer":42,"name":"forty-two"}  |  {"connected":...,"error":"...",...}
// With a CA the server's certificate is validated against it (host name 127.0.0.1); without, it is not validated.
'use strict';
const fs = require('fs');
const { Connection, Request, TYPES } = require('tedious');

const [port, appName, encryptArg, caPem] = process.argv.slice(2);
const outcome = { connected: false, rows: [] };
let reported = false;

const connection = new Connection({
  server: '127.0.0.1',
  authentication: { type: 'default', options: { userName: 'sa', password: 'Secret123!' } },
  options: {
    port: Number(port),
    appName,
    encrypt: encryptArg === 'strict' ? 'strict' : encryptArg === 'true',
    trustServerCertificate: !caPem,
    cryptoCredentialsDetails: caPem ? { ca: fs.readFileSync(caPem) } : {},
    connectTimeout: 15000,
    requestTimeout: 15000,
  },
});

function done(extra) {
  if (reported) {
    return;
  }
  reported = true;
  console.log(JSON.stringify(Object.assign(outcome, extra)));
  connection.close();
  setTimeout(() => process.exit(0), 200);
}

function withParameters() {
  const request = new Request('SELECT @answer AS answer, @name AS name', (error) => {
    done(error ? { error: String(error.message || error), number: error.number || null } : {});
  });
  request.addParameter('answer', TYPES.Int, 42);
  request.addParameter('name', TYPES.NVarChar, 'forty-two');
  request.on('row', (columns) => {
    outcome.answer = columns[0].value;
    outcome.name = columns[1].value;
  });
  connection.execSql(request);
}

connection.on('error', (error) => done({ error: String(error && error.message || error) }));
connection.on('end', () => done({ error: 'connection ended' }));
connection.on('connect', (error) => {
  if (error) {
    done({ error: String(error.message || error), number: error.number || null });
    return;
  }
  outcome.connected = true;
  const request = new Request('select name from sys.databases', (error) => {
    if (error) {
      done({ error: String(error.message || error), number: error.number || null });
      return;
    }
    withParameters();
  });
  request.on('row', (columns) => outcome.rows.push(columns[0].value));
  connection.execSql(request);
});
connection.connect();
