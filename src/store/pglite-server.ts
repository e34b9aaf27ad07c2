import { createServer, type Server, type Socket } from 'node:net';

/**
 * What the server needs of PGlite: its PostgreSQL session, fed raw frontend messages (PGlite's `execProtocolRaw`),
 * answering with the backend's messages. One session, so one client at a time may use it.
 */
export interface ProtocolEngine {
  execProtocolRaw(message: Uint8Array): Promise<Uint8Array>;
}

/** A running server. */
export interface PgliteServer {
  /** The Unix socket it listens on. */
  readonly path: string;
  /** Connections open now (tests and diagnostics). */
  readonly connections: number;
  /** Stops listening and drops every connection (an open transaction is rolled back first). */
  close(): Promise<void>;
}

/** Options of `servePglite`. */
export interface PgliteServerOptions {
  /** Told when the engine fails under a client (the client's connection is dropped). */
  onError?: (error: Error) => void;
}

// The messages a client may send before its startup, told apart by the code after the length.
const PROTOCOL_3 = 196_608;
const SSL_REQUEST = 80_877_103;
const GSSENC_REQUEST = 80_877_104;
const CANCEL_REQUEST = 80_877_102;

/** Longest frontend message accepted (PostgreSQL's own limit for most messages is 1 GB; the App's are small). */
const MAX_MESSAGE = 256 * 1024 * 1024;

const TERMINATE = 0x58; // 'X'
const SYNC = 0x53; // 'S'
const QUERY = 0x51; // 'Q'
const FUNCTION_CALL = 0x46; // 'F'
const READY_FOR_QUERY = 0x5a; // 'Z'
const IDLE = 0x49; // 'I': ReadyForQuery's status outside a transaction block

const SYNC_MESSAGE = Uint8Array.of(SYNC, 0, 0, 0, 4);

function queryMessage(text: string): Uint8Array {
  const body = Buffer.from(`${text}\0`, 'utf8');
  const message = Buffer.alloc(5 + body.length);
  message[0] = QUERY;
  message.writeInt32BE(4 + body.length, 1);
  body.copy(message, 5);
  return message;
}

const ROLLBACK_MESSAGE = queryMessage('ROLLBACK');

/**
 * Ends an extended-protocol cycle in failure: a Parse of a statement that does not parse (an error, so PostgreSQL
 * rolls back the cycle's implicit transaction, or marks an explicit one failed), then the Sync it waits for.
 */
const ABORT_CYCLE = (() => {
  const body = Buffer.from('\0(\0\0\0', 'latin1'); // unnamed statement, the text "(", no parameter types
  const parse = Buffer.alloc(5 + body.length);
  parse[0] = 0x50; // 'P'
  parse.writeInt32BE(4 + body.length, 1);
  body.copy(parse, 5);
  return Buffer.concat([parse, SYNC_MESSAGE]);
})();

/**
 * The status of the last ReadyForQuery in `reply` (a run of whole backend messages), or -1 when it holds none.
 * Walks the messages by their lengths, so a 'Z' inside a row's data is never taken for one.
 */
export function lastReadyStatus(reply: Uint8Array): number {
  let status = -1;
  let at = 0;
  while (at + 5 <= reply.length) {
    const length = ((reply[at + 1]! << 24) | (reply[at + 2]! << 16) | (reply[at + 3]! << 8) | reply[at + 4]!) >>> 0;
    if (length < 4) break;
    if (reply[at] === READY_FOR_QUERY && length === 5 && at + 5 < reply.length) status = reply[at + 5]!;
    at += 1 + length;
  }
  return status;
}

/** One client's connection: its unread bytes and where its session stands. */
class Client {
  pending: Buffer = Buffer.alloc(0);
  started = false;
  closed = false;
  /** True between a message that opens a cycle (Parse, Bind, ...) and the Sync or Query that ends it. */
  inCycle = false;
  /** ReadyForQuery's last status for this client: 'I' idle, 'T' in a transaction, 'E' in a failed one. */
  status = IDLE;

  readonly socket: Socket;

  constructor(socket: Socket) {
    this.socket = socket;
  }

  /** Holds the session: mid-cycle, or inside a transaction block. */
  get holding(): boolean {
    return this.inCycle || this.status !== IDLE;
  }
}

/** Splits the whole messages off the front of `client.pending`, answering what the server answers itself. */
function takeMessages(client: Client): { batch: Buffer | null; last: number; terminate: boolean; error: string | null } {
  const buffer = client.pending;
  let at = 0;
  let last = -1;
  let terminate = false;
  const parts: Buffer[] = [];
  while (!terminate) {
    if (!client.started) {
      if (buffer.length - at < 8) break;
      const length = buffer.readInt32BE(at);
      const code = buffer.readInt32BE(at + 4);
      if (length < 8 || length > 10_000) return { batch: null, last, terminate, error: `a startup message of ${length} bytes` };
      if (buffer.length - at < length) break;
      if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
        // No encryption over a local socket: 'N' tells the client to go on in the clear.
        client.socket.write('N');
        at += length;
        continue;
      }
      if (code === CANCEL_REQUEST) {
        // PGlite runs one statement at a time to its end; there is nothing to cancel.
        at += length;
        terminate = true;
        break;
      }
      if (code !== PROTOCOL_3) return { batch: null, last, terminate, error: `protocol version ${code >>> 16}.${code & 0xffff}` };
      parts.push(buffer.subarray(at, at + length));
      at += length;
      client.started = true;
      last = 0;
      continue;
    }
    if (buffer.length - at < 5) break;
    const type = buffer[at]!;
    const length = buffer.readInt32BE(at + 1);
    if (length < 4 || length > MAX_MESSAGE) return { batch: null, last, terminate, error: `a message of ${length} bytes` };
    if (buffer.length - at < 1 + length) break;
    if (type === TERMINATE) {
      at += 1 + length;
      terminate = true;
      break;
    }
    parts.push(buffer.subarray(at, at + 1 + length));
    at += 1 + length;
    last = type;
  }
  client.pending = buffer.subarray(at);
  const batch = parts.length === 0 ? null : parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  return { batch, last, terminate, error: null };
}

/**
 * Serves one PGlite as a PostgreSQL server on a Unix socket, for clients in other processes (the App in Actions
 * mode runs PGlite in a process of its own, app/action/store-server-main.ts). PGlite is one session, so the server
 * lends it to one client at a time: a client holds it from its first message until the session is idle again
 * (a ReadyForQuery outside a transaction block, after a Sync or a Query), and the others' messages wait their turn
 * meanwhile, as they would wait for a lock. A client that goes away while holding it has its cycle failed and its
 * transaction rolled back. What one client sets in its session (SET, prepared statements by name) is seen by all;
 * the store sets nothing of its own per connection.
 */
export function servePglite(engine: ProtocolEngine, path: string, options: PgliteServerOptions = {}): Promise<PgliteServer> {
  const clients = new Set<Client>();
  const waiting: Client[] = [];
  let holder: Client | null = null;

  /** Forgets a client; `destroy` false lets what was written to it go out first. */
  function drop(client: Client, destroy = true): void {
    if (client.closed) return;
    client.closed = true;
    clients.delete(client);
    if (destroy) client.socket.destroy();
    if (holder !== client) {
      const index = waiting.indexOf(client);
      if (index >= 0) waiting.splice(index, 1);
    }
    pump();
  }

  function fail(client: Client, message: string): void {
    // An ErrorResponse (severity FATAL, SQLSTATE 08P01 protocol_violation) before the connection is closed.
    const fields = Buffer.from(`SFATAL\0VFATAL\0C08P01\0M${message}\0\0`, 'utf8');
    const reply = Buffer.alloc(5 + fields.length);
    reply[0] = 0x45; // 'E'
    reply.writeInt32BE(4 + fields.length, 1);
    fields.copy(reply, 5);
    client.socket.end(reply);
    drop(client, false);
  }

  /**
   * Undoes what a departed client left open on the session, as PostgreSQL does when a client goes: a cycle cut before
   * its Sync is failed first (a Sync alone would commit what its Execute did), then a transaction is rolled back; the
   * next client finds the session idle.
   */
  async function release(client: Client): Promise<void> {
    let status = client.status;
    if (client.inCycle) {
      const reply = await engine.execProtocolRaw(ABORT_CYCLE);
      const after = lastReadyStatus(reply);
      if (after >= 0) status = after;
    }
    if (status !== IDLE) await engine.execProtocolRaw(ROLLBACK_MESSAGE);
    client.inCycle = false;
    client.status = IDLE;
  }

  /** Runs one client's whole messages; true when it did anything. */
  async function serve(client: Client): Promise<boolean> {
    const { batch, last, terminate, error } = takeMessages(client);
    if (error !== null) {
      if (client.started) await release(client);
      fail(client, `cannot read ${error}`);
      return true;
    }
    if (batch !== null) {
      const reply = await engine.execProtocolRaw(batch);
      const status = lastReadyStatus(reply);
      if (status >= 0) client.status = status;
      // A Sync, a Query or a function call ends the cycle with a ReadyForQuery; any other message leaves it open.
      client.inCycle = !(last === 0 || last === SYNC || last === QUERY || last === FUNCTION_CALL);
      if (!client.closed && reply.length > 0) client.socket.write(reply);
    }
    if (terminate) {
      await release(client);
      client.socket.end();
      drop(client, false);
    }
    return batch !== null || terminate;
  }

  /** Hands the session to the holder, else to the longest-waiting client, until none can go on. */
  async function turns(): Promise<void> {
    for (;;) {
      const client = holder ?? waiting.shift();
      if (client === undefined) return;
      holder = client;
      if (client.closed) {
        holder = null;
        await release(client);
        continue;
      }
      let served: boolean;
      try {
        served = await serve(client);
      } catch (error) {
        const failure = error instanceof Error ? error : new Error(String(error));
        options.onError?.(failure);
        holder = null;
        // The session's state is unknown after a failure of the engine itself: nothing to release.
        client.inCycle = false;
        client.status = IDLE;
        fail(client, `the store failed: ${failure.message}`);
        continue;
      }
      if (client.closed || !client.holding) {
        holder = null;
        if (client.closed) await release(client);
        // What it sent meanwhile waits behind the others (its pending bytes after a turn are whole messages only
        // if more arrived; an incomplete one is queued again by its data).
        else if (served && client.pending.length > 0 && !waiting.includes(client)) waiting.push(client);
      } else if (!served) {
        // Holding, but its next message has not arrived: its data wakes the pump.
        return;
      }
    }
  }

  let pumping = false;
  let woken = false;
  function pump(): void {
    if (pumping) {
      woken = true;
      return;
    }
    pumping = true;
    woken = false;
    turns()
      .catch((error: unknown) => options.onError?.(error instanceof Error ? error : new Error(String(error))))
      .finally(() => {
        pumping = false;
        if (woken) pump();
      });
  }

  const server: Server = createServer((socket) => {
    const client = new Client(socket);
    clients.add(client);
    socket.on('data', (data: Buffer) => {
      client.pending = client.pending.length === 0 ? data : Buffer.concat([client.pending, data]);
      if (holder !== client && !waiting.includes(client)) waiting.push(client);
      pump();
    });
    socket.on('close', () => drop(client));
    socket.on('error', () => drop(client));
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      resolve({
        path,
        get connections() {
          return clients.size;
        },
        close: () =>
          new Promise<void>((done) => {
            for (const client of [...clients]) drop(client);
            server.close(() => done());
          }),
      });
    });
  });
}
