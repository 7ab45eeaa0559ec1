/**
 * The agreement's volume caps at the API's door: disclosures already made to the recipient in
 * each cap period, and the first cap they reach. A request past a cap is refused with the code
 * `volume_cap_reached` (HTTP 429), never silently dropped; inside a batch, the decision engine
 * applies the same caps record by record (`VOLUME_CAP_REACHED`).
 */
import type { CapPeriod } from '../core/index.js'
import { type ValidatedAgreement, periodStarts } from '../policy/index.js'
import type { Store } from '../store/index.js'

/**
 * Disclosures to the agreement's recipient in each capped period containing `at` (periods
 * without a cap are not counted).
 */
export async function disclosuresSoFar(store: Store, agreement: ValidatedAgreement, at: Date): Promise<Partial<Record<CapPeriod, number>>> {
  const starts = periodStarts(agreement, at)
  const recipient = agreement.document.parties.requesting.id
  const counts: Partial<Record<CapPeriod, number>> = {}
  for (const cap of agreement.document.caps) {
    const row = await store.kysely
      .selectFrom('disclosures')
      .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
      .where('recipient_party_id', '=', recipient)
      .where('disclosed_at', '>=', starts[cap.period])
      .executeTakeFirst()
    counts[cap.period] = Number(row?.n ?? 0)
  }
  return counts
}

/** The first cap the counts have reached, if any. */
export function reachedCap(agreement: ValidatedAgreement, counts: Partial<Record<CapPeriod, number>>): { readonly period: CapPeriod; readonly max: number } | undefined {
  for (const cap of agreement.document.caps) if ((counts[cap.period] ?? 0) >= cap.maxDisclosures) return { period: cap.period, max: cap.maxDisclosures }
  return undefined
}
