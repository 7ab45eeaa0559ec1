/**
 * Run as `node --import <this module> …` with VERIGATE_MODULE_LOG=<file>: every module the
 * process loads is appended to the file, one URL a line, so a test can pin which modules a
 * command loads (`verigate link` loads no store, no HTTP server, no zod).
 */
import { register } from 'node:module'

const file = process.env.VERIGATE_MODULE_LOG
if (!file) throw new Error('module-log: set VERIGATE_MODULE_LOG to the file that receives the URLs of the modules loaded')
register('./module-log-hooks.js', import.meta.url, { data: { file } })
