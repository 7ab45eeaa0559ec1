import { describe, it } from 'node:test'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { openStore } from '../open-store.js'
import { runStoreSuite } from '../../../test/support/store-suite.js'

const url = process.env.VERIGATE_TEST_PG_URL

if (!url) {
  describe('store on PostgreSQL', () => {
    it('runs the store suite', { skip: 'VERIGATE_TEST_PG_URL is not set' }, () => {})
  })
} else {
  // Each store the suite opens gets a schema of its own, dropped afterwards, so test files
  // running in parallel on the same database never meet.
  const prefix = `vg_test_${randomBytes(4).toString('hex')}`
  const schemas: string[] = []
  runStoreSuite({
    name: 'PostgreSQL',
    open: () => {
      const schema = `${prefix}_${schemas.length + 1}`
      schemas.push(schema)
      // A simulation store: the suite writes fixed times, not always in order (issue 15, "One clock").
      return openStore(url, { schema, mode: 'simulation' })
    },
    async cleanup() {
      const client = new pg.Client({ connectionString: url })
      await client.connect()
      try {
        for (const schema of schemas) await client.query(`drop schema if exists ${schema} cascade`)
      } finally {
        await client.end()
      }
    },
  })
}
