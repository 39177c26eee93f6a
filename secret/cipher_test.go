package secret

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"testing"
)

func testKey(b byte) []byte { return bytes.Repeat([]byte{b}, 32) }

func TestCipherRoundTripAndBinding(t *testing.T) {
	c, err := NewCipher(testKey(1))
	if err != nil {
		t.Fatal(err)
	}
	secret := "sk-proj-0123456789abcdef"
	ct, err := c.Encrypt(secret, ConfigAAD(7))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(ct, "v1:"+c.PrimaryKeyID()+":") || strings.Contains(ct, secret) {
		t.Fatalf("ciphertext = %q", ct)
	}
	again, _ := c.Encrypt(secret, ConfigAAD(7))
	if again == ct {
		t.Error("two encryptions are equal: the nonce is not random")
	}
	if got, err := c.Decrypt(ct, ConfigAAD(7)); err != nil || got != secret {
		t.Fatalf("Decrypt = %q, %v", got, err)
	}
	if _, err := c.Decrypt(ct, ConfigAAD(8)); err == nil {
		t.Error("decrypted with another row's associated data")
	}
	other, _ := NewCipher(testKey(2))
	if _, err := other.Decrypt(ct, ConfigAAD(7)); err == nil {
		t.Error("decrypted without the key")
	}
	parts := strings.SplitN(ct, ":", 3)
	raw, _ := base64.StdEncoding.DecodeString(parts[2])
	for i := range raw {
		tampered := append([]byte(nil), raw...)
		tampered[i] ^= 0x01
		s := parts[0] + ":" + parts[1] + ":" + base64.StdEncoding.EncodeToString(tampered)
		if _, err := c.Decrypt(s, ConfigAAD(7)); err == nil {
			t.Fatalf("byte %d changed and still decrypted", i)
		}
	}
	for _, bad := range []string{"", "sk-plaintext", "v2:" + parts[1] + ":" + parts[2], "v1:" + parts[1] + ":!!!", "v1:" + parts[1] + ":AAAA"} {
		if _, err := c.Decrypt(bad, ConfigAAD(7)); err == nil {
			t.Errorf("Decrypt(%q) succeeded", bad)
		}
	}
}

func TestCipherRotation(t *testing.T) {
	old, _ := NewCipher(testKey(1))
	ct, _ := old.Encrypt("AIzaOLDKEY", ConfigAAD(3))

	rotated, err := NewCipher(testKey(2), testKey(1))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := rotated.Decrypt(ct, ConfigAAD(3)); err != nil || got != "AIzaOLDKEY" {
		t.Fatalf("old ciphertext under the new cipher: %q, %v", got, err)
	}
	if !rotated.NeedsRotation(ct) {
		t.Error("old ciphertext does not need rotation")
	}
	fresh, err := rotated.Rotate(ct, ConfigAAD(3))
	if err != nil {
		t.Fatal(err)
	}
	if rotated.NeedsRotation(fresh) {
		t.Error("rotated ciphertext still needs rotation")
	}
	// Once the old key is gone, only the rotated value opens.
	newOnly, _ := NewCipher(testKey(2))
	if got, err := newOnly.Decrypt(fresh, ConfigAAD(3)); err != nil || got != "AIzaOLDKEY" {
		t.Errorf("rotated value: %q, %v", got, err)
	}
	if _, err := newOnly.Decrypt(ct, ConfigAAD(3)); err == nil || !strings.Contains(err.Error(), KeyID(testKey(1))) {
		t.Errorf("old value without the old key: %v, want an error naming the missing key", err)
	}
	if _, err := rotated.Rotate(ct, ConfigAAD(4)); err == nil {
		t.Error("rotated under the wrong associated data")
	}
}

func TestParseKey(t *testing.T) {
	k := testKey(9)
	for _, s := range []string{hex.EncodeToString(k), " " + hex.EncodeToString(k) + "\n", base64.StdEncoding.EncodeToString(k),
		base64.RawURLEncoding.EncodeToString(k)} {
		got, err := ParseKey(s)
		if err != nil || !bytes.Equal(got, k) {
			t.Errorf("ParseKey(%q) = %x, %v", s, got, err)
		}
	}
	for _, s := range []string{"", "short", hex.EncodeToString(k[:16]), base64.StdEncoding.EncodeToString(k[:31]), strings.Repeat("z", 64)} {
		if _, err := ParseKey(s); err == nil {
			t.Errorf("ParseKey(%q) accepted", s)
		}
	}
	gen, err := NewKey()
	if err != nil {
		t.Fatal(err)
	}
	if b, err := ParseKey(gen); err != nil || len(b) != 32 {
		t.Errorf("NewKey() output not accepted: %v", err)
	}
	if _, err := NewCipher(k[:16]); err == nil {
		t.Error("NewCipher accepted a 16-byte key")
	}
}

func TestMaskKey(t *testing.T) {
	for in, want := range map[string]string{
		"sk-proj-abcdefgh1234": "••••1234",
		"AIzaSyA-xyzw9876":     "••••9876",
		"short":                "••••",
		"":                     "••••",
	} {
		if got := MaskKey(in); got != want {
			t.Errorf("MaskKey(%q) = %q, want %q", in, got, want)
		}
	}
	if KeyLast4("sk-proj-abcdefgh1234") != "1234" || KeyLast4("abc") != "" {
		t.Error("KeyLast4")
	}
}
