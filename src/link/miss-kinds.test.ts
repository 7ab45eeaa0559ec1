/**
 * The linking misses of issue 18, by kind, on a generated labelled set: a date of birth with day
 * and month swapped, a year one digit off, a diminutive the main nickname tables lacked (women's
 * names, Spanish hypocorisms), a compound surname with particles, a short given name with one
 * typo, a person who moved. Each kind's requests must link to their person (`match`), and the people they must not
 * be taken for stay apart: a twin born the same day, a sibling born on a swapped date or a year
 * apart, a parent of the same name decades older, a twin whose short name is one letter off.
 *
 * The set is made by a small seeded generator below: a master of filler people and, per kind,
 * target people with a request each (the truth is the target's id) and household members who
 * file no record of their own but are asked for (the truth is: no match).
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { StandardizedRecord } from '../core/index.js'
import { areNicknames, nicknameGroups, standardizeName } from '../standardize/index.js'
import { person, type PersonSpec } from '../../test/support/person-fixture.js'
import { buildMasterIndex } from './index/index.js'
import { createLinker } from './pipeline.js'
import { seededRandom } from './training.js'
import { DOB, F_DOB, F_GIVEN, F_SURNAME, GIVEN, PairComparer, SURNAME, compareDob, makeProbe } from './score/index.js'

const random = seededRandom(18)
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T
const pad = (n: number) => String(n).padStart(2, '0')

const FILLER_GIVEN = ['JAMES', 'MARY', 'ROBERT', 'LINDA', 'MICHAEL', 'BARBARA', 'DAVID', 'SUSAN', 'JUAN', 'MARIA', 'LUIS', 'ROSA', 'CARLOS', 'ANA', 'JOSE', 'ELENA', 'THOMAS', 'KAREN', 'DANIEL', 'NANCY']
const FILLER_SURNAMES = ['SMITH', 'JOHNSON', 'WILLIAMS', 'BROWN', 'JONES', 'GARCIA', 'MARTINEZ', 'RODRIGUEZ', 'LOPEZ', 'GONZALEZ', 'WILSON', 'ANDERSON', 'TAYLOR', 'MOORE', 'PEREZ', 'SANCHEZ', 'RAMIREZ', 'TORRES', 'NGUYEN', 'LEE']
/** Surnames of the target people: one household each, none among the fillers. */
const TARGET_SURNAMES = [
  'ARCHULETA', 'BUSTAMANTE', 'CORDERO', 'DELGADILLO', 'ESCOBEDO', 'FAJARDO', 'GALLEGOS', 'HINOJOSA', 'IBARRA', 'JARAMILLO', 'KENNEDY', 'LANDRY',
  'MONTOYA', 'NAVARRETE', 'OCHOA', 'PADILLA', 'QUINTANA', 'RENTERIA', 'SAUCEDO', 'TAFOYA', 'URIBE', 'VALADEZ', 'WHITAKER', 'YBARRA',
  'ZAVALA', 'ABERNATHY', 'BLACKWELL', 'CARRASCO', 'DORSEY', 'ELLSWORTH', 'FONSECA', 'GUAJARDO', 'HOLLOWAY', 'IRIZARRY', 'JENNINGS', 'KOWALSKI',
  'LOZOYA', 'MCALISTER', 'NORIEGA', 'OLIVAREZ', 'PACHECO', 'QUIROZ', 'ROUSSEAU', 'SEPULVEDA', 'TREVINO', 'UMANA', 'VILLARREAL', 'WINSLOW',
  'ALMANZA', 'BARRAZA', 'CISNEROS', 'DURAN', 'ECHEVERRIA', 'FIERRO', 'GRIJALVA', 'HUERTA', 'INIGUEZ', 'JIMERSON', 'KIRKPATRICK', 'LUEVANO',
  'MADRIGAL', 'NEVAREZ', 'OROZCO', 'PORRAS', 'QUEZADA', 'RIOJAS', 'SOLORZANO', 'TERRAZAS', 'URQUIDI', 'VELASCO', 'WEATHERBY', 'YANEZ',
]
let nextSurname = 0
const targetSurname = () => TARGET_SURNAMES[nextSurname++ % TARGET_SURNAMES.length] as string

let household = 0
/** A home of its own for each household. */
function home(): Pick<PersonSpec, 'number' | 'street' | 'streetSuffix' | 'city' | 'state' | 'zip'> {
  household += 1
  return { number: String(100 + household), street: pick(['OAK', 'ELM', 'MAPLE', 'CEDAR', 'PINE']), streetSuffix: 'ST', city: pick(['HOUSTON', 'DALLAS', 'AUSTIN', 'EL PASO']), state: 'TX', zip: String(77000 + (household % 90)) }
}

/** A date of birth whose day is 13 or more, or whose day and month are equal, when `swappable` is false. */
function birthDate(swappable: boolean, year = 1950 + Math.floor(random() * 50)): { y: number; m: number; d: number } {
  const m = 1 + Math.floor(random() * 12)
  const d = swappable ? 1 + Math.floor(random() * 12) : 13 + Math.floor(random() * 15)
  return swappable && d === m ? { y: year, m, d: (d % 12) + 1 } : { y: year, m, d }
}
const iso = (x: { y: number; m: number; d: number }) => `${x.y}-${pad(x.m)}-${pad(x.d)}`

/** One labelled request: the master id it must match, or undefined where it must not match. */
interface Case {
  readonly kind: string
  readonly request: StandardizedRecord
  readonly truth: string | undefined
}

const master: StandardizedRecord[] = []
const cases: Case[] = []
for (let i = 0; i < 3000; i++) {
  master.push(person({ id: `F${i}`, given: pick(FILLER_GIVEN), surname: pick(FILLER_SURNAMES), dob: iso(birthDate(random() < 0.5)), ...home(), ...(i % 2 ? { tin: String(100_000_000 + i * 7919) } : {}) }))
}

/** A standardized record with the name read by the name standardizer from `name` (unparsed). */
function withName(spec: PersonSpec, name: { readonly name?: string; readonly given_name?: string; readonly surname?: string }): StandardizedRecord {
  return { ...person(spec), name: standardizeName(name) }
}

const PER_KIND = 24
const WOMEN = ['MARTHA', 'GLORIA', 'TERESA', 'CLAUDIA', 'SANDRA', 'DIANA', 'IRENE', 'LORENA']
const MEN = ['ARTURO', 'RICARDO', 'FERNANDO', 'EDUARDO', 'ROBERTO', 'GERARDO', 'MARCOS', 'RAFAEL']

// A day–month swap: the person, and a sibling of another name born on the swapped date.
for (let i = 0; i < PER_KIND; i++) {
  const surname = targetSurname()
  const at = home()
  const given = pick(i % 2 ? WOMEN : MEN)
  const born = birthDate(true)
  master.push(person({ id: `SW${i}`, given, middle: 'M', surname, dob: iso(born), ...at }))
  const swapped = { ...born, m: born.d, d: born.m }
  cases.push({ kind: 'dob_day_month_swap', request: person({ id: `Q-SW${i}`, given, middle: 'M', surname, dob: iso(swapped), ...at }), truth: `SW${i}` })
  const sibling = (i % 2 ? WOMEN : MEN).find((g) => g !== given) as string
  cases.push({ kind: 'sibling_on_swapped_date', request: person({ id: `Q-SWS${i}`, given: sibling, surname, dob: iso(swapped), ...at }), truth: undefined })
}

// A year one digit off (1987/1989) or its last two digits swapped (1978/1987), and the
// person's namesake parent, thirty years older, on the same birthday at the same home.
for (let i = 0; i < PER_KIND; i++) {
  const surname = targetSurname()
  const at = home()
  const given = pick(i % 2 ? WOMEN : MEN)
  // Every third a transposition of the last two digits (1956 for 1965: nine years apart), the
  // rest the last digit keyed wrong (1987 for 1989).
  const tens = 5 + Math.floor(random() * 4)
  const transposed = i % 3 === 0
  const born = birthDate(random() < 0.5, 1900 + 10 * tens + (transposed ? tens + 1 : 1 + Math.floor(random() * 7)))
  master.push(person({ id: `YR${i}`, given, surname, dob: iso(born), ...at }))
  const year = transposed ? 1900 + 10 * (tens + 1) + tens : born.y + (born.y % 10 < 8 ? 2 : -2)
  cases.push({ kind: 'dob_year_one_digit', request: person({ id: `Q-YR${i}`, given, surname, dob: iso({ ...born, y: year }), ...at }), truth: `YR${i}` })
  const sibling = (i % 2 ? WOMEN : MEN).find((g) => g !== given) as string
  cases.push({ kind: 'sibling_born_a_year_apart', request: person({ id: `Q-YRS${i}`, given: sibling, surname, dob: iso({ ...born, y: born.y + 1 }), ...at }), truth: undefined })
  if (born.y - 30 >= 1920) cases.push({ kind: 'namesake_parent', request: person({ id: `Q-YRP${i}`, given, surname, dob: iso({ ...born, y: born.y - 30 }), ...at }), truth: undefined })
}

/** Canonical names and the familiar forms the tables lacked, or that the sex rule kept apart (VIC). */
const DIMINUTIVES: readonly (readonly [string, string])[] = [
  ['VICTORIA', 'VIC'], ['VALERIA', 'VAL'], ['THERESA', 'TERRI'], ['KATHERINE', 'KATIE'], ['MELANIE', 'MEL'], ['ANTONIA', 'TONI'],
  ['CHARLOTTE', 'CHARLIE'], ['MILDRED', 'MILLIE'], ['LETICIA', 'LETI'], ['GABRIELA', 'GABY'], ['VERONICA', 'VERO'], ['MAGDALENA', 'MAGDA'],
  ['MARGARITA', 'MAGO'], ['EUGENIA', 'MARU'], ['LOURDES', 'LULU'], ['ALEJANDRA', 'ALE'], ['INOCENCIO', 'CHENCHO'], ['SALVADOR', 'CHAVA'],
  ['ALEJANDRO', 'JANDRO'], ['GUSTAVO', 'TAVO'], ['RAMON', 'MONCHO'], ['JORGE', 'KOKE'], ['ADOLFO', 'FITO'], ['FLORENCIO', 'LENCHO'],
]
/** Forms the tables had already: they must go on linking. */
const KNOWN_DIMINUTIVES: readonly (readonly [string, string])[] = [
  ['KIMBERLY', 'KIM'], ['VALERIE', 'VAL'], ['PATRICIA', 'PATTY'], ['MARGARET', 'PEGGY'], ['SARAH', 'SALLY'], ['ELIZABETH', 'BETSY'],
  ['PATRICIA', 'TRISH'], ['JENNIFER', 'JENNY'], ['SUSAN', 'SUE'], ['ELIZABETH', 'LIZ'], ['VIRGINIA', 'GINNY'], ['FRANCISCO', 'PACO'],
  ['JOSE', 'PEPE'], ['GUADALUPE', 'LUPE'], ['JESUS', 'CHUY'], ['DOLORES', 'LOLA'], ['CONCEPCION', 'CONCHA'],
]
for (const [i, [full, short]] of [...DIMINUTIVES, ...KNOWN_DIMINUTIVES].entries()) {
  const surname = targetSurname()
  const at = home()
  const born = birthDate(random() < 0.5)
  master.push(person({ id: `DM${i}`, given: full, surname, dob: iso(born), ...at }))
  cases.push({ kind: i < DIMINUTIVES.length ? 'diminutive_added' : 'diminutive_known', request: person({ id: `Q-DM${i}`, given: short, surname, dob: iso(born), ...at }), truth: `DM${i}` })
}

// A compound surname with particles, written whole on one side and by one part on the other,
// or read from a name in one string (JUAN DE LA CRUZ HERNANDEZ: a surname of two parts).
const COMPOUNDS: readonly (readonly [string, string])[] = [
  ['DE LA CRUZ', 'HERNANDEZ'], ['DE LA ROSA', 'MARTINEZ'], ['DEL RIO', 'GARZA'], ['DE LOS SANTOS', 'REYES'], ['DE LA GARZA', 'LOPEZ'], ['DE LEON', 'SALINAS'],
  ['VAN DER BERG', 'MILLER'], ['DE LA TORRE', 'RUIZ'], ['DE LA FUENTE', 'VEGA'], ['DI MARCO', 'ROSSI'], ['DA SILVA', 'COSTA'], ['DOS SANTOS', 'PEREIRA'],
]
for (const [i, [first, second]] of COMPOUNDS.entries()) {
  const at = home()
  const born = birthDate(random() < 0.5)
  const given = pick(i % 2 ? WOMEN : MEN)
  const firstPart = first.split(' ').at(-1) as string
  master.push(withName({ id: `CS${i}`, dob: iso(born), ...at }, { name: `${given} ${first} ${second}` }))
  cases.push({ kind: 'compound_surname', request: withName({ id: `Q-CS${i}`, dob: iso(born), ...at }, { name: `${given} ${firstPart} ${second}` }), truth: `CS${i}` })
  cases.push({ kind: 'compound_surname', request: withName({ id: `Q-CSF${i}`, dob: iso(born), ...at }, { given_name: given, surname: first }), truth: `CS${i}` })
}

// A short given name with one typo (JON for JAN, ANN for ANA), with the TIN on both sides, or at
// home without a TIN where both records give the same middle initial; and at home without a TIN,
// a twin whose short name is one letter off (AVA beside ANA) stays apart, whether her middle
// initial differs or is not given.
const SHORT: readonly (readonly [string, string, string])[] = [
  // [the person's name, a typo of it, a twin's name one letter off]
  ['JAN', 'JON', 'JON'], ['ANA', 'ANN', 'AVA'], ['EVA', 'EVE', 'IVA'], ['RAUL', 'RAOL', 'SAUL'], ['IVAN', 'IVNA', 'EVAN'], ['JOEL', 'JOLE', 'NOEL'],
  ['LUZ', 'LUS', 'LIZ'], ['NOE', 'NOA', 'JOE'], ['OMAR', 'OMER', 'AMAR'], ['ROSA', 'RSOA', 'ROSS'], ['ADAN', 'ADN', 'ALAN'], ['INES', 'INEZ', 'IRES'],
]
for (const [i, [name, typo, twin]] of SHORT.entries()) {
  const surname = targetSurname()
  const at = home()
  const born = birthDate(random() < 0.5)
  const tin = String(400_000_000 + i * 104_729)
  master.push(person({ id: `ST${i}`, given: name, middle: 'R', surname, dob: iso(born), tin, ...at }))
  cases.push({ kind: 'short_given_typo', request: person({ id: `Q-ST${i}`, given: typo, surname, dob: iso(born), tin, ...at }), truth: `ST${i}` })
  cases.push({ kind: 'short_given_typo', request: person({ id: `Q-STM${i}`, given: typo, middle: 'R', surname, dob: iso(born), ...at }), truth: `ST${i}` })
  cases.push({ kind: 'short_name_twin', request: person({ id: `Q-STT${i}`, given: twin, ...(i % 2 ? { middle: 'L' } : {}), surname, dob: iso(born), ...at }), truth: undefined })
}
// People who moved: the same given name, middle initial, surname and date of birth, another home
// (another street, city and ZIP), no TIN on either side. (With a common name and no middle name,
// such a pair stays below the stricter threshold of pairs the TIN cannot speak for, SILENT_TIN:
// at ten million records that is where strangers with one full name and birthday live.)
for (let i = 0; i < PER_KIND; i++) {
  const surname = targetSurname()
  const born = birthDate(random() < 0.5)
  const given = pick(i % 2 ? WOMEN : MEN)
  master.push(person({ id: `MV${i}`, given, middle: 'J', surname, dob: iso(born), ...home() }))
  cases.push({ kind: 'moved', request: person({ id: `Q-MV${i}`, given, middle: 'J', surname, dob: iso(born), ...home() }), truth: `MV${i}` })
}
// Twins born the same day, of another given name, at the home: never the person.
for (let i = 0; i < PER_KIND; i++) {
  const target = master[3000 + i] as StandardizedRecord
  const other = (WOMEN.includes(target.name.given) ? WOMEN : MEN).find((g) => g !== target.name.given) as string
  cases.push({ kind: 'twin', request: { ...target, id: `Q-TW${i}`, name: { ...target.name, given: other, middle: '' } }, truth: undefined })
}

const index = buildMasterIndex(master, { nicknameGroups })
const linker = createLinker({ index, nicknameGroups })
const outcomes = cases.map((c) => ({ ...c, result: linker.linkOne(c.request) }))

/** Per kind: how many requests, how many linked as `match`, how many of those to the wrong person. */
function tally(kind: string): { total: number; matched: number; wrong: number; failures: string[] } {
  const of = outcomes.filter((o) => o.kind === kind)
  const matched = of.filter((o) => o.result.status === 'match')
  const wrong = matched.filter((o) => o.result.best?.masterId !== o.truth)
  const failures = of.filter((o) => (o.truth === undefined ? o.result.status === 'match' : o.result.status !== 'match' || o.result.best?.masterId !== o.truth)).map((o) => `${o.request.id} ${o.request.name.given} ${o.request.name.surname}: ${o.result.status} ${o.result.best?.masterId ?? ''} p=${o.result.best?.probability ?? ''}`)
  return { total: of.length, matched: matched.length, wrong: wrong.length, failures }
}

describe('issue 18 miss kinds on a generated labelled set', () => {
  for (const kind of ['dob_day_month_swap', 'dob_year_one_digit', 'diminutive_added', 'diminutive_known', 'compound_surname', 'short_given_typo', 'moved']) {
    it(`links every request of kind ${kind} to its person`, () => {
      const t = tally(kind)
      assert.ok(t.total > 0)
      assert.deepEqual(t.failures, [], `${kind}: ${t.matched}/${t.total} matched`)
    })
  }
  for (const kind of ['sibling_on_swapped_date', 'sibling_born_a_year_apart', 'namesake_parent', 'short_name_twin', 'twin']) {
    it(`links no request of kind ${kind} (another member of the household)`, () => {
      const t = tally(kind)
      assert.ok(t.total > 0)
      assert.deepEqual(t.failures, [], `${kind}: ${t.matched}/${t.total} wrongly matched`)
    })
  }
  it('holds match precision at 1 over the whole set', () => {
    const matched = outcomes.filter((o) => o.result.status === 'match')
    assert.equal(matched.filter((o) => o.result.best?.masterId !== o.truth).length, 0)
  })
})

describe('comparison levels of the miss kinds', () => {
  const comparer = new PairComparer(index)
  const levelsOf = (request: StandardizedRecord, id: string) => {
    const row = Array.from({ length: index.count }, (_, r) => r).find((r) => index.id(r) === id) as number
    const levels = new Uint8Array(6)
    comparer.compare(makeProbe(index, request, undefined, nicknameGroups), row, levels)
    return levels
  }
  it('gives day and month swapped, and a year one digit off, levels of their own', () => {
    assert.equal(compareDob(19870311, 19871103), DOB.swapped)
    assert.equal(compareDob(19870311, 19890311), DOB.yearOneDigit)
    assert.equal(compareDob(19780311, 19870311), DOB.yearOneDigit)
    // Thirty years apart (one digit, but a parent's age) and a day one digit off keep their levels.
    assert.equal(compareDob(19570311, 19870311), DOB.oneDigit)
    assert.equal(compareDob(19870311, 19870312), DOB.oneDigit)
    assert.equal(compareDob(19870311, 19880411), DOB.different)
  })
  it('takes a short given name one letter off for its own level, not Jaro–Winkler mid', () => {
    const c = cases.find((x) => x.kind === 'short_given_typo') as Case
    assert.equal(levelsOf(c.request, c.truth as string)[F_GIVEN], GIVEN.shortOneEdit)
    const dob = cases.find((x) => x.kind === 'dob_year_one_digit') as Case
    assert.equal(levelsOf(dob.request, dob.truth as string)[F_DOB], DOB.yearOneDigit)
  })
  it('takes one part of a compound surname for a partial agreement (CRUZ HERNANDEZ, DE LA CRUZ)', () => {
    const whole = standardizeName({ name: 'JUAN DE LA CRUZ HERNANDEZ' })
    assert.equal(whole.surname, 'DE LA CRUZ HERNANDEZ')
    assert.equal(whole.middle, '')
    assert.deepEqual(whole.surnameParts, ['CRUZ', 'HERNANDEZ'])
    for (const c of cases.filter((x) => x.kind === 'compound_surname').slice(0, 2)) {
      assert.equal(levelsOf(c.request, c.truth as string)[F_SURNAME], SURNAME.part)
    }
  })
  it('knows the added diminutives as nicknames, of either sex where the name serves both (VIC)', () => {
    for (const [full, short] of DIMINUTIVES) assert.ok(areNicknames(full, short), `${short} for ${full}`)
    assert.ok(areNicknames('VICTOR', 'VIC'))
    // A boy's and a girl's full name stay two people.
    assert.equal(areNicknames('VICTOR', 'VICTORIA'), false)
  })
})
