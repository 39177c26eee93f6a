package secret

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// cipherVersion prefixes every ciphertext so the format can change later.
const cipherVersion = "v1"

// Cipher encrypts provider API keys at rest with AES-256-GCM. A ciphertext
// reads "v1:<key id>:<base64 of nonce|sealed>", so a server holding the new
// key and the old ones decrypts both while `rotate-key` re-encrypts row by
// row. The caller passes the config id as associated data: a ciphertext
// copied onto another row does not decrypt.
type Cipher struct {
	primary string
	aeads   map[string]cipher.AEAD
	order   []string
}

// ParseKey reads ENCRYPTION_KEY: 64 hex characters or standard/URL base64 of
// 32 bytes.
func ParseKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if len(s) == 64 {
		if b, err := hex.DecodeString(s); err == nil {
			return b, nil
		}
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil && len(b) == 32 {
			return b, nil
		}
	}
	return nil, errors.New("ENCRYPTION_KEY must be 64 hex characters or the base64 of 32 bytes (make one with: openssl rand -hex 32)")
}

// NewKey returns a fresh random key in hex, the form ParseKey reads.
func NewKey() (string, error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return hex.EncodeToString(b[:]), nil
}

// KeyID names a key without revealing it: the first 8 hex characters of a
// SHA-256 over a label and the key.
func KeyID(key []byte) string {
	h := sha256.Sum256(append([]byte("tailor key id\x00"), key...))
	return hex.EncodeToString(h[:4])
}

// NewCipher returns a Cipher that encrypts under primary and also decrypts
// what older keys encrypted.
func NewCipher(primary []byte, old ...[]byte) (*Cipher, error) {
	c := &Cipher{aeads: map[string]cipher.AEAD{}}
	for i, k := range append([][]byte{primary}, old...) {
		if len(k) != 32 {
			return nil, fmt.Errorf("encryption key %d is %d bytes, want 32", i+1, len(k))
		}
		block, err := aes.NewCipher(k)
		if err != nil {
			return nil, err
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, err
		}
		id := KeyID(k)
		if _, dup := c.aeads[id]; dup {
			continue
		}
		c.aeads[id] = aead
		c.order = append(c.order, id)
		if i == 0 {
			c.primary = id
		}
	}
	return c, nil
}

// PrimaryKeyID is the id of the key new ciphertexts use.
func (c *Cipher) PrimaryKeyID() string { return c.primary }

// Encrypt seals plaintext under the primary key, bound to aad.
func (c *Cipher) Encrypt(plaintext string, aad []byte) (string, error) {
	aead := c.aeads[c.primary]
	nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(plaintext)+aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	sealed := aead.Seal(nonce, nonce, []byte(plaintext), aad)
	return cipherVersion + ":" + c.primary + ":" + base64.StdEncoding.EncodeToString(sealed), nil
}

// errDecrypt hides why decryption failed: a wrong key, a wrong row and a
// changed byte look the same to an attacker and to the log.
var errDecrypt = errors.New("the stored API key cannot be decrypted (wrong ENCRYPTION_KEY, or the value was changed); enter the key again")

// Decrypt opens a ciphertext made by Encrypt under any key the Cipher holds.
func (c *Cipher) Decrypt(s string, aad []byte) (string, error) {
	id, sealed, err := c.split(s)
	if err != nil {
		return "", err
	}
	aead, ok := c.aeads[id]
	if !ok {
		return "", fmt.Errorf("the stored API key was encrypted with key %s, which this server does not have; set the old key as a previous key or enter the API key again", id)
	}
	if len(sealed) < aead.NonceSize()+aead.Overhead() {
		return "", errDecrypt
	}
	n := aead.NonceSize()
	plain, err := aead.Open(nil, sealed[:n], sealed[n:], aad)
	if err != nil {
		return "", errDecrypt
	}
	return string(plain), nil
}

func (c *Cipher) split(s string) (id string, sealed []byte, err error) {
	parts := strings.SplitN(s, ":", 3)
	if len(parts) != 3 || parts[0] != cipherVersion {
		return "", nil, errors.New("the stored API key is not in a known encrypted format; enter the key again")
	}
	sealed, err = base64.StdEncoding.DecodeString(parts[2])
	if err != nil {
		return "", nil, errDecrypt
	}
	return parts[1], sealed, nil
}

// NeedsRotation reports whether s was encrypted under another key than the
// primary one (or is not a ciphertext at all).
func (c *Cipher) NeedsRotation(s string) bool {
	id, _, err := c.split(s)
	return err != nil || id != c.primary
}

// Rotate re-encrypts s under the primary key; the rotate-key command calls it
// for every stored key, with the same aad as before.
func (c *Cipher) Rotate(s string, aad []byte) (string, error) {
	plain, err := c.Decrypt(s, aad)
	if err != nil {
		return "", err
	}
	return c.Encrypt(plain, aad)
}

// MaskKey shows an API key as "••••" and its last four characters, enough to
// tell two keys apart; keys shorter than 12 characters show nothing.
func MaskKey(key string) string {
	r := []rune(strings.TrimSpace(key))
	if len(r) < 12 {
		return "••••"
	}
	return "••••" + string(r[len(r)-4:])
}

// KeyLast4 is the last four characters of a key, the api_key_last4 column.
func KeyLast4(key string) string {
	r := []rune(strings.TrimSpace(key))
	if len(r) < 12 {
		return ""
	}
	return string(r[len(r)-4:])
}

// ConfigAAD is the associated data for the API key of provider config id, so
// every caller binds keys to rows the same way.
func ConfigAAD(id uint) []byte {
	return []byte("ai_provider_configs:" + strconv.FormatUint(uint64(id), 10))
}
