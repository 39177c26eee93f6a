// Package secret keeps provider API keys secret: Cipher encrypts them at
// rest (AES-256-GCM, bound to their row, with key rotation), MaskKey and
// KeyLast4 show them without revealing them, and Redact takes anything
// that looks like a key out of a message before it is stored or logged.
// It depends on the standard library only.
package secret
