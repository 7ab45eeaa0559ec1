import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createPublicKey, generateKeyPairSync } from 'node:crypto'
import type { NoteSigner, NoteVerifier, OpenedNote, RefusedNote } from './signed-note.js'
import { ed25519PrivateKeyFromSeed, noteVerifierKey, noteVerifierOf, parseNoteVerifierKey, signNote, verifyNote } from './signed-note.js'

// The published vector of golang.org/x/mod/sumdb/note (note.go's package documentation and
// note_test.go TestSign / TestOpen): a key, a text and the note Go signs from them.
const GO_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz'
const GO_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'
const GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
const GO_NOTE = `${GO_TEXT}\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`

/** The signer behind Go's private key string `PRIVATE+KEY+<name>+<hash>+<base64(0x01 || seed)>`. */
function goSigner(): NoteSigner {
  // The base64 itself may hold "+": the key is everything after the fourth separator.
  const key = Buffer.from(GO_SKEY.split('+').slice(4).join('+'), 'base64')
  assert.equal(key[0], 0x01)
  return { name: 'PeterNeumann', privateKey: ed25519PrivateKeyFromSeed(key.subarray(1)) }
}

function verifierOf(signer: NoteSigner): NoteVerifier {
  return noteVerifierOf(signer.name, createPublicKey(signer.privateKey))
}

function newSigner(name: string): NoteSigner {
  return { name, privateKey: generateKeyPairSync('ed25519').privateKey }
}

const refusal = (opened: OpenedNote | RefusedNote): string => (opened.valid ? 'opened' : opened.reason)

describe('signed notes (C2SP signed-note, Go sumdb/note vectors)', () => {
  it('derives Go’s verifier key (name, key hash c74f20a3, key) from Go’s private key', () => {
    assert.equal(noteVerifierKey(verifierOf(goSigner())), GO_VKEY)
    const parsed = parseNoteVerifierKey(GO_VKEY)
    assert.ok('keyHash' in parsed)
    assert.equal(parsed.keyHash, 0xc74f20a3)
    assert.equal(parsed.name, 'PeterNeumann')
  })

  it('signs Go’s text into exactly Go’s note (Ed25519 is deterministic)', () => {
    assert.equal(signNote(GO_TEXT, [goSigner()]), GO_NOTE)
  })

  it('opens Go’s note with Go’s verifier key string, and refuses it once a byte of the text changes', () => {
    const verifier = parseNoteVerifierKey(GO_VKEY) as NoteVerifier
    const opened = verifyNote(GO_NOTE, [verifier])
    assert.deepEqual(opened, { valid: true, text: GO_TEXT, signatures: [{ name: 'PeterNeumann', keyHash: 0xc74f20a3, base64: 'x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=' }], unverified: [] })
    assert.match(refusal(verifyNote(GO_NOTE.replace('cryptography', 'cryptographY'), [verifier])), /PeterNeumann \(c74f20a3\) does not verify/)
  })

  it('refuses a verifier key whose hash is not its name and key’s, or that is malformed', () => {
    assert.match(refusal(parseNoteVerifierKey(GO_VKEY.replace('c74f20a3', 'c74f20a4')) as RefusedNote), /not the hash of the name and key/)
    assert.match(refusal(parseNoteVerifierKey(GO_VKEY.replace('PeterNeumann', 'PeterNeumann2')) as RefusedNote), /not the hash/)
    assert.match(refusal(parseNoteVerifierKey('PeterNeumann+c74f20a3') as RefusedNote), /three parts/)
    // A key whose base64 holds "+" still reads (the name and hash end at the first two).
    for (;;) {
      const verifier = verifierOf(newSigner('plus'))
      const vkey = noteVerifierKey(verifier)
      if (vkey.split('+').length === 3) continue
      assert.equal(noteVerifierKey(parseNoteVerifierKey(vkey) as NoteVerifier), vkey)
      break
    }
    assert.match(refusal(parseNoteVerifierKey('PeterNeumann+c74f20a3+AAAA') as RefusedNote), /not an Ed25519 key/)
  })

  it('round-trips a note signed by a new key, and refuses a changed byte in the text or the signature', () => {
    const signer = newSigner('records.example/verigate/0011223344556677')
    const text = 'line one\nline two\n'
    const note = signNote(text, [signer])
    const verifier = verifierOf(signer)
    assert.equal((verifyNote(note, [verifier]) as OpenedNote).text, text)
    assert.equal((verifyNote(Buffer.from(note, 'utf8'), [verifier]) as OpenedNote).text, text)
    for (let i = 0; i < text.length - 1; i++) {
      if (text[i] === '\n') continue
      const changed = `${note.slice(0, i)}${text[i] === 'x' ? 'y' : 'x'}${note.slice(i + 1)}`
      assert.equal(verifyNote(changed, [verifier]).valid, false, `text byte ${i} changed`)
    }
    const line = note.slice(note.lastIndexOf('— '))
    const b64 = line.slice(line.lastIndexOf(' ') + 1, -1)
    const raw = Buffer.from(b64, 'base64')
    raw[20] = (raw[20] as number) ^ 0x01
    assert.match(refusal(verifyNote(note.replace(b64, raw.toString('base64')), [verifier])), /does not verify/)
  })

  it('refuses a note signed only by a key it does not trust, naming the signer', () => {
    const note = signNote('hello\n', [newSigner('stranger')])
    assert.match(refusal(verifyNote(note, [verifierOf(newSigner('trusted'))])), /no trusted key signed the note \(it is signed by stranger/)
    // The same name with another key is another key hash: still unknown.
    assert.match(refusal(verifyNote(note, [verifierOf(newSigner('stranger'))])), /no trusted key signed/)
  })

  it('keeps a second (witness) signature it does not know, unchecked, and checks it once trusted', () => {
    const log = newSigner('records.example/verigate/0011223344556677')
    const witness = newSigner('witness.example/w1')
    const note = signNote('records.example/verigate/0011223344556677\n5\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n', [log, witness])
    const opened = verifyNote(note, [verifierOf(log)]) as OpenedNote
    assert.equal(opened.valid, true)
    assert.deepEqual(opened.signatures.map((s) => s.name), ['records.example/verigate/0011223344556677'])
    assert.deepEqual(opened.unverified.map((s) => s.name), ['witness.example/w1'])
    const both = verifyNote(note, [verifierOf(log), verifierOf(witness)]) as OpenedNote
    assert.deepEqual(both.signatures.map((s) => s.name), ['records.example/verigate/0011223344556677', 'witness.example/w1'])
    // An unknown signature line that is garbage is ignored too, as long as it is well formed.
    const extra = `${note}— someone ${Buffer.alloc(68, 7).toString('base64')}\n`
    assert.equal((verifyNote(extra, [verifierOf(log)]) as OpenedNote).unverified.length, 2)
  })

  it('refuses malformed notes: no blank line, a text without final newline, a bad signature line', () => {
    const signer = newSigner('n')
    const verifier = verifierOf(signer)
    const note = signNote('a\n', [signer])
    assert.match(refusal(verifyNote('a\n— n AAAA\n', [verifier])), /no blank line/)
    assert.match(refusal(verifyNote(note.slice(0, -1), [verifier])), /do not end with a newline/)
    assert.match(refusal(verifyNote(note.replace('— ', '- '), [verifier])), /does not start with/)
    assert.match(refusal(verifyNote(`${note}— n\n`, [verifier])), /malformed/)
    assert.match(refusal(verifyNote(Buffer.from([0x61, 0x0a, 0x0a, 0xff, 0x0a]), [verifier])), /not UTF-8/)
    assert.throws(() => signNote('no newline', [signer]), /does not end with a newline/)
    assert.throws(() => signNote('a\n\nb\n', [signer]), /blank line/)
    assert.throws(() => signNote('tab\there\n', [signer]), /control character/)
    assert.throws(() => signNote('a\n', [{ ...signer, name: 'with space' }]), /key name/)
  })
})
