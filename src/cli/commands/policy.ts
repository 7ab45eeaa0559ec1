/**
 * `verigate policy check FILE` and `verigate policy diff OLD NEW`: validate an agreement or a
 * court order, and say in plain words what changed between two versions.
 */
import { readFileSync } from 'node:fs'
import type { Command } from 'commander'
import { NotFoundError, formatIssue } from '../../core/index.js'

/** Registers `verigate policy` and its sub-commands. */
export function registerPolicyCommand(program: Command): void {
  const policy = program.command('policy').description('Check agreements and court orders, and compare versions of them.')
  policy
    .command('check')
    .description('Validate a policy document (an agreement or a court order, YAML or JSON); print every issue with its path.')
    .argument('<file>', 'the document to check')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      const { output, valid } = await runPolicyCheck(file, options.json === true)
      process.stdout.write(output)
      if (!valid) process.exitCode = 65
    })
  policy
    .command('diff')
    .description('Say what changed between two versions of a document: fields added or removed, standards raised or lowered, dates moved, caps changed.')
    .argument('<old>', 'the earlier version')
    .argument('<new>', 'the later version')
    .option('--json', 'print the changes as JSON')
    .action(async (before: string, after: string, options: { json?: boolean }) => {
      process.stdout.write(await runPolicyDiff(before, after, options.json === true))
    })
}

/** Validates one file; `valid` is false when it has issues (the exit code is then 65). */
async function runPolicyCheck(file: string, json: boolean): Promise<{ readonly output: string; readonly valid: boolean }> {
  const { parsePolicyDocument } = await import('../../policy/index.js')
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (cause) {
    throw new NotFoundError(`cannot read ${file}: ${(cause as Error).message}`)
  }
  const result = parsePolicyDocument(text, file)
  if (json) {
    const body = result.ok
      ? { file, valid: true, kind: result.value.kind, id: result.value.document.id, digest: result.value.digest }
      : { file, valid: false, issues: result.issues }
    return { output: `${JSON.stringify(body, null, 2)}\n`, valid: result.ok }
  }
  if (result.ok) {
    const d = result.value
    const name = d.kind === 'agreement' ? `agreement ${d.document.id} ${d.document.version}` : `order ${d.document.id}`
    return { output: `${file}: valid ${name}\ndigest ${d.digest}\n`, valid: true }
  }
  return { output: `${file}: ${result.issues.length} issue(s)\n${result.issues.map((i) => `  ${formatIssue(i)}\n`).join('')}`, valid: false }
}

/** Compares two documents; both must be valid. */
async function runPolicyDiff(before: string, after: string, json: boolean): Promise<string> {
  const { diffPolicies, readPolicyFile } = await import('../../policy/index.js')
  const a = readPolicyFile(before)
  const b = readPolicyFile(after)
  const changes = diffPolicies(a, b)
  if (json) return `${JSON.stringify({ before: { file: before, digest: a.digest }, after: { file: after, digest: b.digest }, changes }, null, 2)}\n`
  if (changes.length === 0) return `No change in substance between ${before} and ${after}.\n`
  return `${changes.length} change(s) from ${before} to ${after}:\n${changes.map((c) => `  ${c.kind.padEnd(8)} ${c.message}\n`).join('')}`
}
