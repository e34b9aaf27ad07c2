import pg from 'pg';
import { POSTGRES_URL } from '../store/engines.ts';

export { POSTGRES_URL, postgresAnswers } from '../store/engines.ts';

/** A database of its own for one test, since the action's store lives in `public` of whatever DATABASE_URL names. */
export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

async function admin<T>(query: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    return await query(client);
  } finally {
    await client.end();
  }
}

/** Creates a fresh, empty database on the server and returns its URL and its removal. */
export async function createScratchDatabase(): Promise<ScratchDatabase> {
  const name = `pl_app_action_${process.pid}_${Date.now().toString(36)}`;
  await admin((c) => c.query(`create database ${name}`));
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin((c) => c.query(`drop database if exists ${name} with (force)`)).then(() => {}),
  };
}
