// The PostgreSQL server over one PGlite (src/store/pglite-server.ts), against real PGlite and real clients (`pg`, the
// driver the App's store and pg-boss use), plus raw sockets for what a driver never sends.
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastReadyStatus, servePglite, type PgliteServer } from '../../src/store/pglite-server.ts';

let dir: string;
let pglite: PGlite;
let server: PgliteServer;
const errors: Error[] = [];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const client = () => new pg.Client({ host: dir, database: 'postgres', user: 'postgres' });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'punchlist-pglite-server-'));
  pglite = await PGlite.create();
  await pglite.exec('create table counter (n int not null); insert into counter values (0); create table item (id int primary key, note text)');
  server = await servePglite(pglite, join(dir, '.s.PGSQL.5432'), { onError: (e) => errors.push(e) });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await pglite?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A raw connection that has done its startup (the server's answer read up to its ReadyForQuery). */
async function rawSession(): Promise<{ socket: Socket; read: () => Promise<Buffer> }> {
  const socket = connect(join(dir, '.s.PGSQL.5432'));
  let received = Buffer.alloc(0);
  let notify: (() => void) | null = null;
  socket.on('data', (data: Buffer) => {
    received = Buffer.concat([received, data]);
    notify?.();
  });
  /** Everything received up to and including the next ReadyForQuery. */
  const read = async (): Promise<Buffer> => {
    for (;;) {
      if (lastReadyStatus(received) >= 0) {
        const out = received;
        received = Buffer.alloc(0);
        return out;
      }
      await new Promise<void>((resolve) => (notify = resolve));
    }
  };
  const params = Buffer.from('user\0postgres\0database\0postgres\0\0');
  const startup = Buffer.alloc(8 + params.length);
  startup.writeInt32BE(startup.length, 0);
  startup.writeInt32BE(196_608, 4);
  params.copy(startup, 8);
  socket.write(startup);
  await read();
  return { socket, read };
}

function message(type: string, body: Buffer): Buffer {
  const out = Buffer.alloc(5 + body.length);
  out.write(type, 0, 'latin1');
  out.writeInt32BE(4 + body.length, 1);
  body.copy(out, 5);
  return out;
}

/** Parse of `text` as the unnamed statement, with no parameter types. */
const parse = (text: string): Buffer => message('P', Buffer.from(`\0${text}\0\0\0`, 'latin1'));
/** Bind of the unnamed statement to the unnamed portal, no parameters, results in text. */
const BIND = message('B', Buffer.from('\0\0\0\0\0\0\0\0', 'latin1'));
/** Execute of the unnamed portal, every row. */
const EXECUTE = message('E', Buffer.from('\0\0\0\0\0', 'latin1'));

/** That `c` finds the session idle: a transaction of its own opens, writes row `id` and commits, and the row is there. */
async function commitsItsOwn(c: pg.Client, id: number): Promise<void> {
  await c.query('begin');
  await c.query('insert into item values ($1, $2)', [id, 'kept']);
  await c.query('commit');
  expect((await c.query('select note from item where id = $1', [id])).rows).toEqual([{ note: 'kept' }]);
}

describe('lastReadyStatus', () => {
  it('reads the last ReadyForQuery by walking messages, not bytes', () => {
    // A DataRow whose value holds "Z\0\0\0\5T", then ReadyForQuery 'I'.
    const value = Buffer.from('Z\0\0\0\x05T', 'latin1');
    const row = Buffer.concat([Buffer.from([0, 1]), Buffer.from([0, 0, 0, value.length]), value]);
    const reply = Buffer.concat([message('D', row), message('Z', Buffer.from('I'))]);
    expect(lastReadyStatus(reply)).toBe(0x49);
    expect(lastReadyStatus(message('D', row))).toBe(-1);
    expect(lastReadyStatus(Buffer.concat([message('Z', Buffer.from('T')), message('C', Buffer.from('SELECT 1\0'))]))).toBe(0x54);
    expect(lastReadyStatus(Buffer.alloc(0))).toBe(-1);
  });
});

describe('servePglite', () => {
  it('answers a driver: simple and parameterised queries, errors, and the connection goes on after one', async () => {
    const c = client();
    await c.connect();
    expect((await c.query('select 1 + 1 as two')).rows).toEqual([{ two: 2 }]);
    expect((await c.query('select $1::text || $2::text as joined', ['pun', 'chlist'])).rows).toEqual([{ joined: 'punchlist' }]);
    await expect(c.query('select * from no_such_table')).rejects.toThrow(/no_such_table/);
    await expect(c.query('select $1::int', ['not a number'])).rejects.toThrow(/invalid input syntax/);
    expect((await c.query('select count(*)::int as n from item')).rows).toEqual([{ n: 0 }]);
    await c.end();
    expect(errors).toEqual([]);
  });

  it("holds another client's query until the open transaction ends, then shows it what was committed", async () => {
    const a = client();
    const b = client();
    await a.connect();
    await b.connect();
    await a.query('begin');
    await a.query('insert into item values (1, $1)', ['from a']);
    let answered = false;
    const seen = b.query('select count(*)::int as n from item').then((r) => {
      answered = true;
      return r.rows[0].n as number;
    });
    await sleep(150);
    expect(answered).toBe(false);
    await a.query('commit');
    expect(await seen).toBe(1);
    await a.end();
    await b.end();
  });

  it("rolls back the transaction of a client that goes away, and hands the session on idle", async () => {
    const a = client();
    const b = client();
    await a.connect();
    await b.connect();
    await a.query('begin');
    await a.query('insert into item values (2, $1)', ['lost']);
    a.on('error', () => {});
    const waiting = b.query('select count(*)::int as n from item where id = 2');
    // Killed mid-transaction: no Terminate, the socket just closes.
    (a as unknown as { connection: { stream: Socket } }).connection.stream.destroy();
    expect((await waiting).rows).toEqual([{ n: 0 }]);
    // The session is out of the transaction: b can open its own.
    await commitsItsOwn(b, 2);
    await b.end();
  });

  it('rolls back the extended-protocol cycle of a client that goes away between Execute and Sync', async () => {
    const raw = await rawSession();
    // An INSERT parsed, bound and executed, its Sync never sent: PostgreSQL would roll it back when the client went.
    raw.socket.write(Buffer.concat([parse("insert into item values (99, 'never synced')"), BIND, EXECUTE]));
    await sleep(50);
    raw.socket.destroy();
    const c = client();
    await c.connect();
    expect((await c.query('select count(*)::int as n from item where id = 99')).rows).toEqual([{ n: 0 }]);
    expect((await c.query('select $1::int as n', [7])).rows).toEqual([{ n: 7 }]);
    await commitsItsOwn(c, 98);
    await c.end();
  });

  it('keeps a cycle whole while another client sends: its Parse and Sync are not interleaved', async () => {
    const raw = await rawSession();
    // Parse and Bind now, Execute and Sync later: meanwhile a driver's query must wait, not run inside the cycle.
    raw.socket.write(Buffer.concat([parse('select 42 as answer'), BIND]));
    await sleep(50);
    // Its startup waits too, so it is not awaited here: the driver queues the query behind it.
    const c = client();
    const connected = c.connect();
    const other = c.query('select $1::text as t', ['other']);
    await sleep(100);
    raw.socket.write(Buffer.concat([EXECUTE, message('S', Buffer.alloc(0))]));
    const reply = await raw.read();
    // The DataRow of `select 42`: one column, two bytes, "42".
    expect(reply.includes(Buffer.from([0, 1, 0, 0, 0, 2, 0x34, 0x32]))).toBe(true);
    await connected;
    expect((await other).rows).toEqual([{ t: 'other' }]);
    raw.socket.end(message('X', Buffer.alloc(0)));
    await c.end();
  });

  it('serialises many concurrent transactions of a pool without losing an update', async () => {
    const pool = new pg.Pool({ host: dir, database: 'postgres', user: 'postgres', max: 6 });
    await Promise.all(
      Array.from({ length: 30 }, async () => {
        const c = await pool.connect();
        try {
          await c.query('begin');
          const { rows } = await c.query('select n from counter');
          await sleep(1);
          await c.query('update counter set n = $1', [rows[0].n + 1]);
          await c.query('commit');
        } finally {
          c.release();
        }
      }),
    );
    expect((await pool.query('select n from counter')).rows).toEqual([{ n: 30 }]);
    await pool.end();
  });

  it('answers an SSL request with N and a garbled message with a one-line error, and stays up', async () => {
    const ssl = connect(join(dir, '.s.PGSQL.5432'));
    const answer = new Promise<string>((resolve) => ssl.once('data', (d: Buffer) => resolve(d.toString('latin1'))));
    const request = Buffer.alloc(8);
    request.writeInt32BE(8, 0);
    request.writeInt32BE(80_877_103, 4);
    ssl.write(request);
    expect(await answer).toBe('N');
    ssl.destroy();

    const raw = await rawSession();
    const closed = new Promise<string>((resolve) => {
      let text = '';
      raw.socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
      raw.socket.on('close', () => resolve(text));
    });
    const bad = Buffer.from([0x51, 0xff, 0xff, 0xff, 0xff]);
    raw.socket.write(bad);
    expect(await closed).toMatch(/cannot read a message of -1 bytes/);

    const c = client();
    await c.connect();
    expect((await c.query('select 3 as three')).rows).toEqual([{ three: 3 }]);
    await c.end();
    expect(server.connections).toBe(0);
  });
});
