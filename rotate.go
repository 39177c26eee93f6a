package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"tailor/models"
	"tailor/secret"
)

// keyFile is where a generated ENCRYPTION_KEY is kept; previousKeyFile
// holds the key it replaced, so rows not yet rotated still decrypt.
const (
	keyFile         = "encryption_key"
	previousKeyFile = "encryption_key.previous"
	nextKeyFile     = "encryption_key.next"
)

// newCipher builds the cipher for provider keys: the current key first,
// then any previous ones (ENCRYPTION_KEY_PREVIOUS, and the files a
// rotation leaves behind), so a half-finished rotation loses nothing.
func newCipher(cfg config, getenv func(string) string) (*secret.Cipher, error) {
	primary, err := secret.ParseKey(cfg.EncryptionKey)
	if err != nil {
		return nil, fmt.Errorf("ENCRYPTION_KEY: %w", err)
	}
	var old [][]byte
	if s := getenv("ENCRYPTION_KEY_PREVIOUS"); s != "" {
		k, err := secret.ParseKey(s)
		if err != nil {
			return nil, fmt.Errorf("ENCRYPTION_KEY_PREVIOUS: %w", err)
		}
		old = append(old, k)
	}
	for _, name := range []string{previousKeyFile, nextKeyFile} {
		if b, err := os.ReadFile(filepath.Join(cfg.DataDir, name)); err == nil {
			if k, err := secret.ParseKey(string(trimSpace(b))); err == nil {
				old = append(old, k)
			}
		}
	}
	return secret.NewCipher(primary, old...)
}

// rotateKey re-encrypts every stored provider key under a new key.
// With NEW_ENCRYPTION_KEY set it uses that key, and the operator then sets
// ENCRYPTION_KEY to it. With the key kept in DATA_DIR it makes a new one
// and replaces the file itself.
func rotateKey(ctx context.Context, cfg config, getenv func(string) string, db *models.DB, log *slog.Logger) error {
	newHex := getenv("NEW_ENCRYPTION_KEY")
	fromFile := getenv("ENCRYPTION_KEY") == ""
	if newHex == "" {
		if !fromFile {
			return errors.New("ENCRYPTION_KEY comes from the environment: set NEW_ENCRYPTION_KEY to the new key (openssl rand -hex 32), run rotate-key, then set ENCRYPTION_KEY to it")
		}
		var err error
		if newHex, err = secret.NewKey(); err != nil {
			return err
		}
		// Kept on disk before any row uses it, so a crash cannot strand a key.
		if err := os.WriteFile(filepath.Join(cfg.DataDir, nextKeyFile), []byte(newHex+"\n"), 0o600); err != nil {
			return err
		}
	}
	newKey, err := secret.ParseKey(newHex)
	if err != nil {
		return fmt.Errorf("NEW_ENCRYPTION_KEY: %w", err)
	}
	oldKey, err := secret.ParseKey(cfg.EncryptionKey)
	if err != nil {
		return fmt.Errorf("ENCRYPTION_KEY: %w", err)
	}
	cipher, err := secret.NewCipher(newKey, oldKey)
	if err != nil {
		return err
	}
	if _, err := db.Migrate(ctx); err != nil {
		return err
	}
	n, err := db.RotateKeys(ctx, cipher)
	if err != nil {
		return fmt.Errorf("rotate keys (nothing was changed): %w", err)
	}
	log.Info("provider keys re-encrypted", "count", n, "key_id", cipher.PrimaryKeyID())
	if fromFile {
		dir := cfg.DataDir
		if err := os.Rename(filepath.Join(dir, keyFile), filepath.Join(dir, previousKeyFile)); err != nil {
			return err
		}
		if err := os.Rename(filepath.Join(dir, nextKeyFile), filepath.Join(dir, keyFile)); err != nil {
			return err
		}
		log.Info("new encryption key stored", "file", filepath.Join(dir, keyFile))
	} else {
		log.Info("now set ENCRYPTION_KEY to the value of NEW_ENCRYPTION_KEY; keep the old one in ENCRYPTION_KEY_PREVIOUS until every instance has restarted")
	}
	return nil
}

func trimSpace(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == ' ' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}
