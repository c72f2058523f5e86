// Logs in to tds-mock with tedious and runs one statement, then prints what happened as one JSON line
// (exit 0 either way, so that the caller can read the outcome):
//   node try-login.js PORT CONNECT_TIMEOUT_MS APP_NAME SQL [readonly] [--ca=FILE | --trust-server-certificate]
//   {"connected":true,"values":[1]}  |  {"connected":false,"error":"..."}  |  {"connected":true,"error":"..."}
// Without an option the connection is not encrypted (encrypt: false). --ca=FILE encrypts and validates the
// server's certificate (trustServerCertificate: false) against the PEM CA in FILE, host name 127.0.0.1 included;
// --trust-server-certificate encrypts without validating. Options may stand anywhere among the arguments.
'use strict';
const fs = require('fs');
const { Connection, Request } = require('tedious');

const args = process.argv.slice(2);
const flags = args.filter((arg) => arg.startsWith('--'));
const [port, connectTimeout, appName, sql, intent] = args.filter((arg) => !arg.startsWith('--'));
const caFlag = flags.find((flag) => flag.startsWith('--ca='));
const trustServerCertificate = flags.includes('--trust-server-certificate');
let connected = false;
let reported = false;

const connection = new Connection({
  server: '127.0.0.1',
  authentication: { type: 'default', options: { userName: 'sa', password: 'Secret123!' } },
  options: {
    port: Number(port),
    encrypt: Boolean(caFlag) || trustServerCertificate,
    trustServerCertificate,
    cryptoCredentialsDetails: caFlag ? { ca: fs.readFileSync(caFlag.slice('--ca='.length)) } : {},
    appName,
    readOnlyIntent: intent === 'readonly',
    connectTimeout: Number(connectTimeout),
    requestTimeout: 15000,
  },
});

function done(outcome) {
  if (reported) {
    return; // the connection's error event and the request's callback may both report one failure
  }
  reported = true;
  console.log(JSON.stringify(Object.assign({ connected }, outcome)));
  connection.close();
  setTimeout(() => process.exit(0), 200);
}

connection.on('error', (error) => done({ error: String(error && error.message || error) }));
connection.on('connect', (error) => {
  if (error) {
    done({ error: String(error.message || error), code: error.code || null });
    return;
  }
  connected = true;
  const values = [];
  const request = new Request(sql, (requestError) => {
    if (requestError) {
      done({ error: String(requestError.message || requestError) });
      return;
    }
    done({ values });
  });
  request.on('row', (columns) => values.push(columns[0].value));
  connection.execSql(request);
});
connection.connect();
