// Connects to tds-mock with tedious and prints the value of SELECT 1 as JSON.
//   node select-one.js PORT ENCRYPT CA_PEM     ENCRYPT: false | true | strict
'use strict';
const fs = require('fs');
const { Connection, Request } = require('tedious');

const [port, encryptArg, caPem] = process.argv.slice(2);
const encrypt = encryptArg === 'strict' ? 'strict' : encryptArg === 'true';

const connection = new Connection({
  server: 'localhost',
  authentication: { type: 'default', options: { userName: 'sa', password: 'Secret123!' } },
  options: {
    port: Number(port),
    encrypt,
    trustServerCertificate: false,
    cryptoCredentialsDetails: { ca: fs.readFileSync(caPem) },
    connectTimeout: 15000,
    requestTimeout: 15000,
  },
});

function fail(error) {
  console.error(JSON.stringify({ error: String(error && error.message || error) }));
  process.exit(1);
}

connection.on('connect', (error) => {
  if (error) {
    fail(error);
  }
  const values = [];
  const request = new Request('SELECT 1 AS one', (requestError) => {
    if (requestError) {
      fail(requestError);
    }
    console.log(JSON.stringify({ values }));
    connection.close();
  });
  request.on('row', (columns) => values.push(columns[0].value));
  connection.execSql(request);
});
connection.connect();
