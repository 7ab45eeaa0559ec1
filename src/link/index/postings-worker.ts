/**
 * A worker thread of `MasterIndexBuilder.finishOnThreads`: builds the blocking postings of some
 * rules over the draft index it is given in shared memory, and answers with them (their arrays
 * are shared memory too, so nothing is copied back).
 */
import { parentPort, workerData } from 'node:worker_threads'
import { type PostingsAnswer, type PostingsJob, MasterIndex, buildRulePostings } from './master-index.js'

const job = workerData as PostingsJob
const draft = new MasterIndex(job.meta, job.arrays, [])
const built = buildRulePostings(draft, job.meta.rules, job.rules)
const answer: PostingsAnswer = job.rules.map((r, i) => [r, built[i]!] as const)
parentPort?.postMessage(answer)
