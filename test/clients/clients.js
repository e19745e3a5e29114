// The BI workload of test/clients.sh through node-postgres (pg), as
// dashboards (Evidence, Cube, custom Node services) run it: parameters
// bound as $n, defaults everywhere (numeric and bigint arrive as strings,
// date as a JS Date at local midnight).
//
//   NODE_PATH=<dir with node_modules> node test/clients/clients.js WORKLOAD
//
// Connects with the PG* environment variables; prints TAP lines.
'use strict';
const fs = require('fs');
const { Client } = require('pg');

let count = 0;
let failed = 0;
function check(ok, what) {
  count++;
  if (!ok) failed++;
  console.log(`${ok ? 'ok' : 'not ok'} ${count} - node-postgres: ${what}`);
}

// test/clients/workload.txt: see its header.
function readWorkload(path) {
  const queries = [];
  let dashboard = [8, 20];
  let q = null;
  for (const line of fs.readFileSync(path, 'utf8').split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const f = line.split('\t');
    if (f[0] === 'dashboard') dashboard = [Number(f[1]), Number(f[2])];
    else if (f[0] === 'param') q.params.push(f[1]);
    else if (f[0] === 'sql') q.sql = q.sql === null ? f[1] : `${q.sql}\n${f[1]}`;
    else {
      q = { kind: f[0], name: f[1], params: [], sql: null,
            reference: f[0] === 'rows' ? f[2] : null,
            rows: f[0] === 'rows' ? Number(f[3]) : null,
            expect: f[0] === 'error' ? f[2] : null,
            function: f[0] === 'error' ? f[3] : null };
      queries.push(q);
    }
  }
  return { queries, dashboard };
}

function value(p) {
  if (p.startsWith('date:')) return p.slice(5);   // a string: a JS Date would be sent as a local timestamp
  if (p.startsWith('int:')) return Number(p.slice(4));
  if (p.startsWith('float:')) return Number(p.slice(6));
  if (p.startsWith('array:')) return p.slice(6).split(',');
  return p;
}

async function fetch(client, q) {
  let n = 0;
  const text = q.sql.replace(/\?/g, () => `$${++n}`);
  const res = await client.query({ name: q.name, text, values: q.params.map(value), rowMode: 'array' });
  return { names: res.fields.map((f) => f.name), rows: res.rows };
}

function same(a, b) {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

// A value the driver could not type: a composite arrives as '(...)'.
function opaque(v) {
  return typeof v === 'string' && v.startsWith('(') && v.endsWith(')');
}

async function compare(client, q, ref) {
  const got = await fetch(client, q);
  const want = await fetch(client, ref);
  let mismatches = Math.abs(got.rows.length - want.rows.length);
  let strings = 0;
  got.rows.forEach((row, i) => row.forEach((v, k) => {
    if (opaque(v)) strings++;
    if (i < want.rows.length && !same(v, want.rows[i][k])) mismatches++;
  }));
  check(got.rows.length === q.rows, `${q.name}: ${got.rows.length} rows (want ${q.rows})`);
  check(strings === 0, `${q.name}: no composite arrives as a string (${strings})`);
  check(mismatches === 0,
        `${q.name}: equal to ${ref.name} (${mismatches} mismatches over ${got.names.length} columns)`);
}

async function error(client, q) {
  try {
    await fetch(client, q);
    check(false, `${q.name}: no error (want ${q.expect})`);
  } catch (e) {
    check(e.code === q.expect && e.hint !== undefined && ownContext(e.where, q.function),
          `${q.name}: ${e.code} (want ${q.expect}), detail ${e.detail}, hint ${e.hint}, ` +
          (e.where === undefined ? 'no context' : `context ${e.where.replace(/\n/g, ' ')}`));
  }
}

// No context, or one line: the function called itself, never the statements inside it.
function ownContext(where, fn) {
  return where === undefined || (!where.includes('\n') && where.includes(`function portfolio.${fn}(`));
}

async function dashboard(tiles, connections, rounds) {
  const times = {};
  let errors = 0;
  await Promise.all(Array.from({ length: connections }, async () => {
    const client = new Client();
    await client.connect();
    for (let r = 0; r < rounds; r++) {
      for (const q of tiles) {
        const t0 = process.hrtime.bigint();
        try { await fetch(client, q); } catch (e) { errors++; }
        (times[q.name] = times[q.name] || []).push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }
    await client.end();
  }));
  check(errors === 0, `dashboard: ${connections} connections x ${rounds} rounds, ${errors} errors`);
  for (const q of tiles) {
    const ms = times[q.name].sort((a, b) => a - b);
    const p50 = ms[Math.floor(ms.length / 2)];
    const p95 = ms[Math.ceil(ms.length * 0.95) - 1];
    console.log(`# node-postgres ${q.name}: p50 ${p50.toFixed(0)} ms, p95 ${p95.toFixed(0)} ms`);
  }
}

async function main() {
  const { queries, dashboard: [connections, rounds] } = readWorkload(process.argv[2]);
  const byName = Object.fromEntries(queries.map((q) => [q.name, q]));
  const client = new Client();
  await client.connect();
  for (const q of queries) {
    if (q.kind === 'rows') await compare(client, q, byName[q.reference]);
    else if (q.kind === 'error') await error(client, q);
  }
  await client.end();
  await dashboard(queries.filter((q) => q.kind === 'tile'), connections, rounds);
  console.log(`1..${count}`);
  process.exitCode = failed === 0 ? 0 : 1;
}

main().catch((e) => { console.log(`not ok - node-postgres: ${e.stack}`); process.exitCode = 1; });
