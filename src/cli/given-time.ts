/**
 * What the help of every option that gives a time for a write says (issue 15, "One clock"): such
 * a time is for replay and what-if only. A real store refuses it before writing anything
 * (`refuseGivenTime`, which names the option); a store created as a simulation writes it.
 */
export const SIMULATION_ONLY =
  'For replay and what-if only: a store created as a simulation (`verigate store create --simulation`) writes it as given; a real store refuses it, writing nothing, as its every decision, release and ledger entry carries the server’s clock'
