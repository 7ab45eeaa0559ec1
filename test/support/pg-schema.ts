/** Removes a test's PostgreSQL schema and everything in it (a test's own store or job engine). */
import pg from 'pg'

export async function dropPgSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(`drop schema if exists ${schema} cascade`)
  } finally {
    await client.end()
  }
}
